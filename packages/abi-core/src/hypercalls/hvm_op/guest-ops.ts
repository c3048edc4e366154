/**
 * The hvm_op sub-ops a guest calls on itself with nothing to look up: HVMOP_flush_tlbs,
 * HVMOP_get_time and HVMOP_xentrace (x86 only: xen/arch/x86/hvm/hvm.c do_hvm_op,
 * hvmop_flush_tlb_all), and HVMOP_guest_request_vm_event (x86's and Arm's do_hvm_op, then
 * xen/common/monitor.c monitor_guest_request).
 */
import { argAddr, argIsNull, type HypercallCall } from "../../machine/call.js";
import { isHvmDomain } from "../../machine/domain.js";
import { EFAULT, EINVAL } from "../../machine/errno.js";
import { readStruct, writeStruct } from "../../machine/structio.js";
import { failCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";

const ID = "hvm_op";
/** public/trace.h TRC_SUBCLS_SHIFT: a guest's event number must fit below it. */
const TRC_SUBCLS_SHIFT = 12;
/** sizeof(xen_hvm_xentrace_t.extra): TRACE_EXTRA_MAX (7) 32-bit words. */
const XENTRACE_EXTRA = 28;

/**
 * HVMOP_flush_tlbs: the handle must be NULL (-EINVAL otherwise, checked in do_hvm_op), then
 * hvmop_flush_tlb_all: a caller that is not an HVM domain -EINVAL. Then every vCPU's
 * paging-mode soft state and TLB entries are flushed (4.12-4.13 hvm_flush_vcpu_tlb, from 4.14
 * paging_flush_tlb, hap.c / shadow flush_tlb). The machine has no TLBs and no paging caches,
 * so the flush changes nothing a guest can read: 0. Xen answers -ERESTART only when another
 * vCPU of the domain holds hypercall_deadlock_mutex (the flush takes it with trylock), and
 * then turns it into a continuation that re-issues the same call: a guest never sees it, and
 * the model, one vCPU running at a time, never contends.
 */
export function flushTlbs(call: HypercallCall): number {
  const t = call.xen.trace;
  if (!argIsNull(call, 1)) return failCheck(t, `${ID}.flush_tlbs.arg`, EINVAL);
  if (!isHvmDomain(call.domain)) return failCheck(t, `${ID}.flush_tlbs.not_hvm`, EINVAL);
  return 0;
}

/**
 * HVMOP_get_time: NOW() (the machine's clock, its system time in ns) into xen_hvm_get_time_t;
 * -EFAULT when it cannot be written. No other check: a PV caller gets it too. The same in
 * 4.12.0-4.22.0.
 */
export function getTime(call: HypercallCall): number {
  const d = call.domain;
  const ok = writeStruct(d.memory, argAddr(call, 1), layoutOf("xen_hvm_get_time_t", d.mode), {
    now: call.xen.clock.stime,
  });
  return ok ? 0 : failCheck(call.xen.trace, `${ID}.get_time.copy_out`, EFAULT);
}

/**
 * HVMOP_xentrace: the xen_hvm_xentrace_t unreadable -EFAULT; extra_bytes not a multiple of 4
 * (from 4.18), above 28, or an event with bits at or above TRC_SUBCLS_SHIFT -EINVAL (one
 * check in Xen). Then trace(event | TRC_GUEST, ...) (trace_var before 4.18) adds a record to
 * Xen's trace buffers if dom0's xentrace enabled them (tb_init_done); no guest reads those, and
 * the machine has none: 0 either way. No HVM check: a PV caller may trace too.
 */
export function xentrace(call: HypercallCall): number {
  const t = call.xen.trace;
  const d = call.domain;
  const raw = readStruct(d.memory, argAddr(call, 1), layoutOf("xen_hvm_xentrace_t", d.mode));
  if (raw === undefined) return failCheck(t, `${ID}.xentrace.copy_in`, EFAULT);
  const bytes = Number(raw.extra_bytes);
  const event = Number(raw.event);
  const unaligned = call.xen.profile.minor >= 18 && bytes % 4 !== 0;
  if (unaligned || bytes > XENTRACE_EXTRA || event >> TRC_SUBCLS_SHIFT !== 0)
    return failCheck(t, `${ID}.xentrace.record`, EINVAL, "extra_bytes", bytes);
  return 0;
}

/**
 * HVMOP_guest_request_vm_event (x86 and Arm): the handle must be NULL (-EINVAL); then
 * monitor_guest_request sends a VM_EVENT_REASON_GUEST_REQUEST to the domain's monitor only
 * when a toolstack enabled it (XEN_DOMCTL_monitor_op, d->monitor.guest_request_enabled), and
 * pauses the vCPU for the reply if it asked for sync. The machine has no domctl, so no domain
 * of it has a monitor: nothing happens, 0, as on a Xen where nobody monitors the guest. The
 * same in 4.12.0-4.22.0.
 */
export function guestRequestVmEvent(call: HypercallCall): number {
  if (!argIsNull(call, 1))
    return failCheck(call.xen.trace, `${ID}.guest_request_vm_event.arg`, EINVAL);
  return 0;
}
