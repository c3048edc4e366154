/**
 * EVTCHNOP_close, send, status, unmask and reset: evtchn_close, evtchn_send, evtchn_status,
 * evtchn_unmask and evtchn_reset in xen/common/event_channel.c, checks in Xen's order.
 */
import type { Domain } from "../../machine/domain.js";
import { EAGAIN, EBUSY, EINVAL, ESRCH } from "../../machine/errno.js";
import {
  ECS_FREE,
  ECS_INTERDOMAIN,
  ECS_IPI,
  ECS_PIRQ,
  ECS_RESERVED,
  ECS_UNBOUND,
  ECS_VIRQ,
} from "../../machine/events.js";
import type { XenState } from "../../machine/state.js";
import { failCheck, passCheck, type CheckSink } from "../../machine/trace.js";
import type { Fields } from "./bind.js";
import {
  EVTCHNSTAT_closed,
  EVTCHNSTAT_interdomain,
  EVTCHNSTAT_ipi,
  EVTCHNSTAT_pirq,
  EVTCHNSTAT_unbound,
  EVTCHNSTAT_virq,
  virqType,
} from "./constants.js";
import { domainByAnyId, evtchnFree, evtchnFromPort, portIsValid, xsmTarget } from "./ports.js";
import { setPending, unmask2l } from "./two-level.js";

const ID = "event_channel_op";

/**
 * evtchn_close(d1, port1, guest): 0 or -EINVAL. `trace` gets the failing check of the guest's
 * EVTCHNOP_close; evtchn_reset closes every port and passes null.
 */
export function evtchnClose(xen: XenState, d1: Domain, port1: number, trace: CheckSink): number {
  const chn1 = evtchnFromPort(d1, port1);
  if (chn1 === undefined)
    return failCheck(trace, `${ID}.close.port_invalid`, EINVAL, "port", port1);
  switch (chn1.state) {
    case ECS_FREE:
    case ECS_RESERVED:
      return failCheck(trace, `${ID}.close.not_open`, EINVAL, "port", port1);
    case ECS_UNBOUND:
    case ECS_IPI:
      break;
    case ECS_VIRQ: {
      const v = d1.vcpus[virqType(chn1.virq, xen.profile.minor) !== "vcpu" ? 0 : chn1.notifyVcpu]!;
      v.virqToEvtchn[chn1.virq] = 0;
      break;
    }
    case ECS_INTERDOMAIN: {
      // The remote end goes back to unbound, waiting for d1 again.
      const d2 = xen.domains.get(chn1.remoteDomid);
      const chn2 = d2 === undefined ? undefined : evtchnFromPort(d2, chn1.remotePort);
      evtchnFree(d1, chn1);
      if (chn2 !== undefined) {
        chn2.state = ECS_UNBOUND;
        chn2.remoteDomid = d1.id;
      }
      return 0;
    }
    default:
      // ECS_PIRQ: not modelled, no port is ever in that state.
      return -EINVAL;
  }
  evtchnFree(d1, chn1);
  return 0;
}

/** evtchn_send(ld, lport). */
export function evtchnSend(xen: XenState, ld: Domain, lport: number): number {
  const lchn = evtchnFromPort(ld, lport);
  if (lchn === undefined)
    return failCheck(xen.trace, `${ID}.send.port_invalid`, EINVAL, "port", lport);
  // xsm_evtchn_send is XSM_HOOK: the dummy module allows it.
  switch (lchn.state) {
    case ECS_INTERDOMAIN: {
      const rd = xen.domains.get(lchn.remoteDomid);
      const rchn = rd === undefined ? undefined : evtchnFromPort(rd, lchn.remotePort);
      if (rd !== undefined && rchn !== undefined) setPending(rd, rchn.notifyVcpu, rchn);
      return 0;
    }
    case ECS_IPI:
      setPending(ld, lchn.notifyVcpu, lchn);
      return 0;
    case ECS_UNBOUND:
      // Silently dropped.
      return 0;
    default:
      return failCheck(xen.trace, `${ID}.send.state`, EINVAL, "port", lport);
  }
}

/** evtchn_status(status): fills status, vcpu and the union u (two words). */
export function evtchnStatus(xen: XenState, currd: Domain, s: Fields, u: number[]): number {
  const t = xen.trace;
  const d = domainByAnyId(xen, currd, s.dom!);
  if (d === undefined) return failCheck(t, `${ID}.status.dom`, ESRCH, "dom", s.dom!);
  const chn = evtchnFromPort(d, s.port! | 0);
  if (chn === undefined) return failCheck(t, `${ID}.status.port_invalid`, EINVAL, "port", s.port!);
  // xsm_evtchn_status(XSM_TARGET, d, chn)
  const rc = passCheck(t, `${ID}.status.xsm`, xsmTarget(currd, d));
  if (rc !== 0) return rc;
  switch (chn.state) {
    case ECS_FREE:
    case ECS_RESERVED:
      s.status = EVTCHNSTAT_closed;
      break;
    case ECS_UNBOUND:
      s.status = EVTCHNSTAT_unbound;
      u[0] = (u[0]! & ~0xffff) | chn.remoteDomid; // u.unbound.dom (domid_t)
      break;
    case ECS_INTERDOMAIN:
      s.status = EVTCHNSTAT_interdomain;
      u[0] = (u[0]! & ~0xffff) | chn.remoteDomid; // u.interdomain.dom
      u[1] = chn.remotePort; // u.interdomain.port
      break;
    case ECS_PIRQ:
      s.status = EVTCHNSTAT_pirq;
      break;
    case ECS_VIRQ:
      s.status = EVTCHNSTAT_virq;
      u[0] = chn.virq; // u.virq
      break;
    case ECS_IPI:
      s.status = EVTCHNSTAT_ipi;
      break;
  }
  s.vcpu = chn.notifyVcpu;
  return 0;
}

/** evtchn_unmask(port). */
export function evtchnUnmask(trace: CheckSink, d: Domain, port: number): number {
  const chn = evtchnFromPort(d, port);
  if (chn === undefined) return failCheck(trace, `${ID}.unmask.port_invalid`, EINVAL, "port", port);
  unmask2l(d, chn);
  return 0;
}

/**
 * evtchn_reset(d, resuming): close every port. Preemption every 64 ports is the model's
 * hypercall_preempt_check; returns 1 to ask for a continuation (Xen's -ERESTART).
 */
export function evtchnReset(
  xen: XenState,
  currd: Domain,
  d: Domain,
  resuming: boolean,
  preempt: () => boolean,
): number {
  const t = xen.trace;
  // controller_pause_count: the model's toolstack never pauses a domain.
  if (d !== currd) return failCheck(t, `${ID}.reset.not_paused`, EINVAL, "dom", d.id);
  const e = d.evtchn!;
  let i = resuming ? e.nextEvtchn : e.nextEvtchn === 0 ? 1 : 0;
  if (i > e.nextEvtchn) e.nextEvtchn = i;
  if (i === 0) return failCheck(t, `${ID}.reset.in_progress`, EBUSY);
  for (; portIsValid(e, i) && e.active > 0; i++) {
    evtchnClose(xen, d, i, null);
    if ((i & 0x3f) === 0 && preempt()) {
      e.nextEvtchn = i;
      return 1;
    }
  }
  e.nextEvtchn = 0;
  return e.active > 0 ? failCheck(t, `${ID}.reset.still_active`, EAGAIN) : 0;
}
