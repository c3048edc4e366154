/**
 * EVTCHNOP_alloc_unbound, bind_interdomain, bind_virq, bind_ipi and bind_vcpu: Xen's
 * functions of the same names in xen/common/event_channel.c, checks in Xen's order. Each takes
 * the struct do_event_channel_op copied in and fills its OUT fields; 0 or -errno.
 */
import type { Domain } from "../../machine/domain.js";
import { EBUSY, EEXIST, EINVAL, ENOENT, ESRCH } from "../../machine/errno.js";
import { ECS_INTERDOMAIN, ECS_IPI, ECS_UNBOUND, ECS_VIRQ, NR_VIRQS } from "../../machine/events.js";
import type { XenState } from "../../machine/state.js";
import { DOMID_SELF, virqType } from "./constants.js";
import {
  checkFreePort,
  domainByAnyId,
  evtchnFromPort,
  evtchnGetPort,
  getFreePort,
  xsmTarget,
} from "./ports.js";
import { setPending } from "./two-level.js";

export type Fields = Record<string, number>;

/** evtchn_alloc_unbound(alloc, 0). */
export function evtchnAllocUnbound(xen: XenState, currd: Domain, a: Fields): number {
  const d = domainByAnyId(xen, currd, a.dom!);
  if (d === undefined) return -ESRCH;
  const port = evtchnGetPort(d, 0);
  if (port < 0) return port;
  // xsm_evtchn_unbound(XSM_TARGET, d, chn, remote_dom)
  const rc = xsmTarget(currd, d);
  if (rc === 0) {
    const chn = d.evtchn!.chans[port]!;
    chn.state = ECS_UNBOUND;
    chn.remoteDomid = a.remote_dom === DOMID_SELF ? currd.id : a.remote_dom!;
    a.port = port;
  }
  checkFreePort(d, port);
  return rc;
}

/** evtchn_bind_interdomain(bind, current->domain, 0). */
export function evtchnBindInterdomain(xen: XenState, ld: Domain, b: Fields): number {
  const rd = domainByAnyId(xen, ld, b.remote_dom!);
  if (rd === undefined) return -ESRCH;
  const lport = evtchnGetPort(ld, 0);
  if (lport < 0) return lport;
  let rc = 0;
  const rchn = evtchnFromPort(rd, b.remote_port!);
  if (rchn === undefined) rc = -EINVAL;
  else if (rchn.state !== ECS_UNBOUND || rchn.remoteDomid !== ld.id) rc = -EINVAL;
  // xsm_evtchn_interdomain is XSM_HOOK: the dummy module allows it.
  if (rc === 0) {
    const lchn = ld.evtchn!.chans[lport]!;
    lchn.remoteDomid = rd.id;
    lchn.remotePort = b.remote_port!;
    lchn.state = ECS_INTERDOMAIN;
    rchn!.remoteDomid = ld.id;
    rchn!.remotePort = lport;
    rchn!.state = ECS_INTERDOMAIN;
    // A notification sent to the unbound port may have been lost: always set one locally.
    setPending(ld, lchn.notifyVcpu, lchn);
    b.local_port = lport;
  }
  checkFreePort(ld, lport);
  return rc;
}

/** evtchn_bind_virq(bind, 0). */
export function evtchnBindVirq(xen: XenState, d: Domain, b: Fields): number {
  const virq = b.virq! | 0; // `int virq = bind->virq`
  const vcpu = b.vcpu! | 0;
  if (virq < 0 || virq >= NR_VIRQS) return -EINVAL;
  const type = virqType(virq, xen.profile.minor);
  if (type !== "vcpu" && vcpu !== 0) return -EINVAL;
  const v = vcpu >= 0 ? d.vcpus[vcpu] : undefined;
  if (v === undefined) return -ENOENT;
  // 4.21 (eba922abdb): a global VIRQ binds only in its handler, the hardware domain.
  if (xen.profile.minor >= 21 && type === "global" && d.id !== 0) return -EBUSY;
  if (v.virqToEvtchn[virq] !== 0) return -EEXIST;
  const port = evtchnGetPort(d, 0);
  if (port < 0) return port;
  const chn = d.evtchn!.chans[port]!;
  chn.state = ECS_VIRQ;
  chn.notifyVcpu = vcpu;
  chn.virq = virq;
  b.port = port;
  v.virqToEvtchn[virq] = port;
  return 0;
}

/** evtchn_bind_ipi. */
export function evtchnBindIpi(d: Domain, b: Fields): number {
  const vcpu = b.vcpu!;
  if (d.vcpus[vcpu] === undefined) return -ENOENT;
  const port = getFreePort(d);
  if (port < 0) return port;
  const chn = d.evtchn!.chans[port]!;
  chn.state = ECS_IPI;
  chn.notifyVcpu = vcpu;
  b.port = port;
  return 0;
}

/** evtchn_bind_vcpu(port, vcpu_id). */
export function evtchnBindVcpu(xen: XenState, d: Domain, port: number, vcpuId: number): number {
  const v = d.vcpus[vcpuId];
  if (v === undefined) return -ENOENT;
  const chn = evtchnFromPort(d, port);
  if (chn === undefined) return -EINVAL;
  switch (chn.state) {
    case ECS_VIRQ:
      if (virqType(chn.virq, xen.profile.minor) === "vcpu") return -EINVAL;
      chn.notifyVcpu = v.id;
      return 0;
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
      chn.notifyVcpu = v.id;
      return 0;
    default:
      return -EINVAL;
  }
}
