/**
 * What x86 hvm_set_param does for HVM_PARAM_CALLBACK_IRQ (xen/arch/x86/hvm/hvm.c, the same in
 * 4.12-4.22): hvm_set_callback_via (xen/arch/x86/hvm/irq.c), then hvm_latch_shinfo_size; the
 * param keeps the value as given, whatever the via decodes to.
 */
import type { HypercallCall } from "../../machine/call.js";
import type { Domain } from "../../machine/domain.js";
import { relayOutSharedInfo } from "../event_channel_op/two-level.js";
import { updateDomainWallclockTime } from "../vcpu_op/time.js";

/**
 * hvm_latch_shinfo_size(d): only when the caller sets its own param, has_32bit_shinfo
 * becomes whether the calling vCPU runs in other than 64-bit mode (hvm_guest_x86_mode !=
 * 8, which is what made this hypercall a compat one), then update_domain_wallclock_time.
 * Xen converts nothing already in the page when the layout changes.
 */
export function hvmLatchShinfoSize(call: HypercallCall, d: Domain): void {
  if (call.domain !== d) return;
  const compat = call.vcpu.hcallCompat;
  if (d.has32bitShinfo !== compat) {
    d.has32bitShinfo = compat;
    relayOutSharedInfo(d);
  }
  updateDomainWallclockTime(call.xen, d);
}

/**
 * HVM_PARAM_CALLBACK_IRQ's effects. hvm_set_callback_via decodes the via (type in bits
 * 63:56: GSI in the low byte, PCI INTx device in bits 15:11 and pin in bits 1:0, or a vector
 * in the low byte), routes the event-channel upcall through it and re-asserts each online
 * vCPU's upcall: interrupt delivery, which the machine does not have (it raises
 * evtchn_upcall_pending in vcpu_info and nothing more, for HVM as for PV), so nothing of the
 * via is kept but the param. hvm_set_callback_via's early return (a via other than a vector
 * for a domain without emulated LAPIC, IO-APIC and PIC) does not skip the latch.
 */
export function setCallbackIrq(call: HypercallCall, d: Domain): void {
  hvmLatchShinfoSize(call, d);
}
