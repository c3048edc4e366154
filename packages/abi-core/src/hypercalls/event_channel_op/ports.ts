/** Port allocation and release (xen/common/event_channel.c). */
import type { Domain } from "../../machine/domain.js";
import { EBUSY, EINVAL, ENOSPC } from "../../machine/errno.js";
import { ECS_FREE, type Evtchn, type EvtchnDomain } from "../../machine/events.js";
import type { XenState } from "../../machine/state.js";
import { DOMID_SELF } from "./constants.js";
import { addBucket, clearPending, evtchnPortLimit } from "./two-level.js";

/** port_is_valid: inside an allocated bucket. */
export function portIsValid(e: EvtchnDomain, port: number): boolean {
  return Number.isInteger(port) && port >= 0 && port < e.chans.length;
}

/** _evtchn_from_port: the port, or undefined when not valid. */
export function evtchnFromPort(d: Domain, port: number): Evtchn | undefined {
  const e = d.evtchn!;
  return portIsValid(e, port) ? e.chans[port] : undefined;
}

/**
 * evtchn_allocate_port: 0 or -ENOSPC / -EBUSY; allocates buckets up to `port`. The limit is
 * max_evtchns(d), or d->max_evtchns before XSA-342 (evtchnPortLimit).
 */
export function evtchnAllocatePort(xen: XenState, d: Domain, port: number): number {
  const e = d.evtchn!;
  if (port > e.maxPort || port >= evtchnPortLimit(xen, e)) return -ENOSPC;
  if (portIsValid(e, port)) {
    // evtchn_is_busy is FIFO-only: never busy under the 2-level ABI.
    if (e.chans[port]!.state !== ECS_FREE) return -EBUSY;
  } else {
    while (port >= e.chans.length) addBucket(e);
  }
  e.active++;
  return 0;
}

/** get_free_port: the lowest free port, allocated; -EINVAL for a dying domain. */
export function getFreePort(xen: XenState, d: Domain): number {
  if (d.dying) return -EINVAL;
  const e = d.evtchn!;
  for (let port = 0; port <= e.maxPort; port++) {
    const rc = evtchnAllocatePort(xen, d, port);
    if (rc === 0) return port;
    if (rc !== -EBUSY) return rc;
  }
  return -ENOSPC;
}

/** evtchn_get_port: port 0 means any free port. */
export function evtchnGetPort(xen: XenState, d: Domain, port: number): number {
  const rc = port !== 0 ? evtchnAllocatePort(xen, d, port) : getFreePort(xen, d);
  return rc !== 0 ? rc : port;
}

/** check_free_port: on an exit path, undo the count of a port allocated but left free. */
export function checkFreePort(d: Domain, port: number): void {
  const e = d.evtchn!;
  if (port >= 0 && portIsValid(e, port) && e.chans[port]!.state === ECS_FREE) e.active--;
}

/** evtchn_free: clear its pending bit, back to free on vCPU 0. */
export function evtchnFree(d: Domain, chn: Evtchn): void {
  clearPending(d, chn);
  d.evtchn!.active--;
  chn.state = ECS_FREE;
  chn.notifyVcpu = 0;
}

/** rcu_lock_domain_by_any_id: DOMID_SELF is the caller. */
export function domainByAnyId(xen: XenState, currd: Domain, domid: number): Domain | undefined {
  return domid === DOMID_SELF ? currd : xen.domains.get(domid);
}

export { xsmTarget } from "../../xsm/dummy.js";
