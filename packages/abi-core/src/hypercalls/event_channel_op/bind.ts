/**
 * EVTCHNOP_alloc_unbound, bind_interdomain, bind_virq, bind_ipi and bind_vcpu: Xen's
 * functions of the same names in xen/common/event_channel.c, checks in Xen's order. Each takes
 * the struct do_event_channel_op copied in and fills its OUT fields; 0 or -errno.
 */
import type { Domain } from "../../machine/domain.js";
import { EBUSY, EEXIST, EINVAL, ENOENT, ENOSPC, EPERM, ESRCH } from "../../machine/errno.js";
import { ECS_INTERDOMAIN, ECS_IPI, ECS_UNBOUND, ECS_VIRQ, NR_VIRQS } from "../../machine/events.js";
import type { XenState } from "../../machine/state.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { siloModeDomCheck } from "../../xsm/silo.js";
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

const ID = "event_channel_op";

/**
 * A failed port allocation: get_free_port's -ENOSPC is the record's `<op>.no_free_port`; a
 * dying domain's -EINVAL (which no record names) passes unreported.
 */
export function portFailed(xen: XenState, op: string, rc: number): number {
  return rc === -ENOSPC ? failCheck(xen.trace, `${ID}.${op}.no_free_port`, ENOSPC) : rc;
}

/**
 * xsm_evtchn_unbound(XSM_TARGET, d, chn, remote_dom). Under SILO (xen/xsm/silo.c:
 * silo_evtchn_unbound) the remote domain is looked up by any id first (-ESRCH when there is
 * none) and the pair must pass silo_mode_dom_check (-EPERM), before the dummy's XSM_TARGET.
 */
function xsmEvtchnUnbound(xen: XenState, currd: Domain, d: Domain, remoteDom: number): number {
  const t = xen.trace;
  if (xen.xsm.module === "silo") {
    const d2 = domainByAnyId(xen, currd, remoteDom);
    if (d2 === undefined)
      return failCheck(t, `${ID}.alloc_unbound.silo_remote_dom`, ESRCH, "remote_dom", remoteDom);
    if (!siloModeDomCheck(currd, d, d2))
      return failCheck(t, `${ID}.alloc_unbound.silo`, EPERM, "remote_dom", remoteDom);
  }
  return passCheck(t, `${ID}.alloc_unbound.xsm`, xsmTarget(currd, d));
}

/** evtchn_alloc_unbound(alloc, 0). */
export function evtchnAllocUnbound(xen: XenState, currd: Domain, a: Fields): number {
  const d = domainByAnyId(xen, currd, a.dom!);
  if (d === undefined) return failCheck(xen.trace, `${ID}.alloc_unbound.dom`, ESRCH, "dom", a.dom!);
  const port = evtchnGetPort(xen, d, 0);
  if (port < 0) return portFailed(xen, "alloc_unbound", port);
  const rc = xsmEvtchnUnbound(xen, currd, d, a.remote_dom!);
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
  const t = xen.trace;
  const rd = domainByAnyId(xen, ld, b.remote_dom!);
  if (rd === undefined)
    return failCheck(t, `${ID}.bind_interdomain.remote_dom`, ESRCH, "remote_dom", b.remote_dom!);
  const lport = evtchnGetPort(xen, ld, 0);
  if (lport < 0) return portFailed(xen, "bind_interdomain", lport);
  let rc = 0;
  const rport = b.remote_port!;
  const rchn = evtchnFromPort(rd, rport);
  if (rchn === undefined)
    rc = failCheck(t, `${ID}.bind_interdomain.remote_port_invalid`, EINVAL, "remote_port", rport);
  else if (rchn.state !== ECS_UNBOUND || rchn.remoteDomid !== ld.id)
    rc = failCheck(t, `${ID}.bind_interdomain.remote_not_unbound`, EINVAL, "remote_port", rport);
  // xsm_evtchn_interdomain is XSM_HOOK: the dummy module allows it; SILO allows a pair that
  // silo_mode_dom_check accepts (xen/xsm/silo.c: silo_evtchn_interdomain).
  if (rc === 0 && xen.xsm.module === "silo" && !siloModeDomCheck(ld, ld, rd))
    rc = failCheck(t, `${ID}.bind_interdomain.silo`, EPERM, "remote_dom", rd.id);
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
  const t = xen.trace;
  const virq = b.virq! | 0; // `int virq = bind->virq`
  const vcpu = b.vcpu! | 0;
  if (virq < 0 || virq >= NR_VIRQS)
    return failCheck(t, `${ID}.bind_virq.virq_range`, EINVAL, "virq", b.virq!);
  const type = virqType(virq, xen.profile.minor);
  if (type !== "vcpu" && vcpu !== 0)
    return failCheck(t, `${ID}.bind_virq.not_vcpu_0`, EINVAL, "vcpu", b.vcpu!);
  const v = vcpu >= 0 ? d.vcpus[vcpu] : undefined;
  if (v === undefined) return failCheck(t, `${ID}.bind_virq.vcpu`, ENOENT, "vcpu", b.vcpu!);
  // 4.21 (eba922abdb): a global VIRQ binds only in its handler, the hardware domain.
  if (xen.profile.minor >= 21 && type === "global" && d.id !== 0)
    return failCheck(t, `${ID}.bind_virq.global_handler`, EBUSY, "virq", virq);
  if (v.virqToEvtchn[virq] !== 0)
    return failCheck(t, `${ID}.bind_virq.bound`, EEXIST, "virq", virq);
  const port = evtchnGetPort(xen, d, 0);
  if (port < 0) return portFailed(xen, "bind_virq", port);
  const chn = d.evtchn!.chans[port]!;
  chn.state = ECS_VIRQ;
  chn.notifyVcpu = vcpu;
  chn.virq = virq;
  b.port = port;
  v.virqToEvtchn[virq] = port;
  return 0;
}

/** evtchn_bind_ipi. */
export function evtchnBindIpi(xen: XenState, d: Domain, b: Fields): number {
  const vcpu = b.vcpu!;
  if (d.vcpus[vcpu] === undefined)
    return failCheck(xen.trace, `${ID}.bind_ipi.vcpu`, ENOENT, "vcpu", vcpu);
  const port = getFreePort(xen, d);
  if (port < 0) return portFailed(xen, "bind_ipi", port);
  const chn = d.evtchn!.chans[port]!;
  chn.state = ECS_IPI;
  chn.notifyVcpu = vcpu;
  b.port = port;
  return 0;
}

/** evtchn_bind_vcpu(port, vcpu_id). */
export function evtchnBindVcpu(xen: XenState, d: Domain, port: number, vcpuId: number): number {
  const t = xen.trace;
  const v = d.vcpus[vcpuId];
  if (v === undefined) return failCheck(t, `${ID}.bind_vcpu.vcpu`, ENOENT, "vcpu", vcpuId);
  const chn = evtchnFromPort(d, port);
  if (chn === undefined) return failCheck(t, `${ID}.bind_vcpu.port_invalid`, EINVAL, "port", port);
  switch (chn.state) {
    case ECS_VIRQ:
      if (virqType(chn.virq, xen.profile.minor) === "vcpu")
        return failCheck(t, `${ID}.bind_vcpu.state`, EINVAL, "port", port);
      chn.notifyVcpu = v.id;
      return 0;
    case ECS_UNBOUND:
    case ECS_INTERDOMAIN:
      chn.notifyVcpu = v.id;
      return 0;
    default:
      return failCheck(t, `${ID}.bind_vcpu.state`, EINVAL, "port", port);
  }
}
