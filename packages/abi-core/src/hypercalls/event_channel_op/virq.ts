/**
 * Raising a VIRQ (event_channel.c send_guest_vcpu_virq, send_guest_domain_virq; before 4.21
 * send_guest_global_virq for VIRQ_ARGO): the port bound to it becomes pending in the domain's
 * shared_info. The VIRQ is also recorded for the scenario's `virqs` step, bound or not.
 */
import type { Domain } from "../../machine/domain.js";
import { setPending } from "./two-level.js";

/** send_guest_domain_virq(d, virq): through vCPU 0's binding, to the port's notify vCPU. */
export function sendGuestDomainVirq(d: Domain, virq: number): void {
  noteVirq(d, virq);
  const v = d.vcpus[0];
  if (v === undefined || d.evtchn === null) return;
  const port = v.virqToEvtchn[virq]!;
  if (port === 0) return;
  const chn = d.evtchn.chans[port]!;
  setPending(d, chn.notifyVcpu, chn);
}

/** send_guest_vcpu_virq(v, virq): through vCPU v's own binding. */
export function sendGuestVcpuVirq(d: Domain, vcpu: number, virq: number): void {
  noteVirq(d, virq);
  const v = d.vcpus[vcpu];
  if (v === undefined || d.evtchn === null) return;
  const port = v.virqToEvtchn[virq]!;
  if (port === 0) return;
  setPending(d, vcpu, d.evtchn.chans[port]!);
}

/**
 * Record `virq` for the scenario's `virqs` step. A VIRQ raised again before that step reads
 * them (every Argo send raises VIRQ_ARGO) is already there: `has` is a lookup the JIT inlines,
 * where `add` is a call into the runtime.
 */
function noteVirq(d: Domain, virq: number): void {
  if (!d.pendingVirqs.has(virq)) d.pendingVirqs.add(virq);
}
