/**
 * Senders waiting for space on a ring (argo.c pending_*). An entry sits on the ring's list
 * and, for a wildcard ring, also on the sender's wildcard_pend_list so the sender's
 * destruction can cancel it.
 */
import { EBUSY } from "../../machine/errno.js";
import type { XenState } from "../../machine/state.js";
import { MAX_PENDING_PER_RING, VIRQ_ARGO, XEN_ARGO_DOMID_ANY } from "./constants.js";
import { sendGuestDomainVirq } from "../event_channel_op/virq.js";
import { argoOf, listDel, type PendingEnt, type RingInfo } from "./state.js";

function wildcardListOf(xen: XenState, domid: number): PendingEnt[] | undefined {
  const d = xen.domains.get(domid);
  return d === undefined ? undefined : argoOf(d)?.wildcardPendList;
}

/** argo.c signal_domid: VIRQ_ARGO to a domain if it still exists. */
export function signalDomid(xen: XenState, domid: number): void {
  const d = xen.domains.get(domid);
  if (d !== undefined) sendGuestDomainVirq(d, VIRQ_ARGO);
}

/** argo.c pending_queue: -EBUSY once 32 senders wait on the ring. */
function pendingQueue(xen: XenState, ring: RingInfo, srcDomid: number, len: number): number {
  if (ring.pending.length >= MAX_PENDING_PER_RING) return -EBUSY;
  const ent: PendingEnt = { len, domainId: srcDomid, ring };
  if (ring.id.partnerId === XEN_ARGO_DOMID_ANY) wildcardListOf(xen, srcDomid)?.push(ent);
  ring.pending.push(ent);
  return 0;
}

/**
 * argo.c pending_requeue: one entry per sender per ring; an existing one is raised to the
 * larger length, so a wake-up always means room for any of its messages.
 */
export function pendingRequeue(
  xen: XenState,
  ring: RingInfo,
  srcDomid: number,
  len: number,
): number {
  for (const ent of ring.pending) {
    if (ent.domainId === srcDomid) {
      if (ent.len < len) ent.len = len;
      return 0;
    }
  }
  return pendingQueue(xen, ring, srcDomid, len);
}

/** argo.c pending_cancel: drop every entry of `srcDomid` on the ring. */
export function pendingCancel(xen: XenState, ring: RingInfo, srcDomid: number): void {
  for (let i = ring.pending.length - 1; i >= 0; i--) {
    const ent = ring.pending[i]!;
    if (ent.domainId !== srcDomid) continue;
    if (ring.id.partnerId === XEN_ARGO_DOMID_ANY) {
      const wl = wildcardListOf(xen, ent.domainId);
      if (wl) listDel(wl, ent);
    }
    ring.pending.splice(i, 1);
  }
}

/** argo.c pending_remove_all: a ring going away forgets its waiters (no signal). */
export function pendingRemoveAll(xen: XenState, ring: RingInfo): void {
  if (ring.id.partnerId === XEN_ARGO_DOMID_ANY) {
    for (const ent of ring.pending) {
      const wl = wildcardListOf(xen, ent.domainId);
      if (wl) listDel(wl, ent);
    }
  }
  ring.pending.length = 0;
}

/**
 * argo.c pending_find: move every entry whose wanted length fits `payloadSpace` to
 * `toNotify` (Xen's policy: wake all that fit, not just the first).
 */
export function pendingFind(
  xen: XenState,
  ring: RingInfo,
  payloadSpace: number,
  toNotify: PendingEnt[],
): void {
  for (let i = 0; i < ring.pending.length;) {
    const ent = ring.pending[i]!;
    if (payloadSpace >= ent.len) {
      if (ring.id.partnerId === XEN_ARGO_DOMID_ANY) {
        const wl = wildcardListOf(xen, ent.domainId);
        if (wl) listDel(wl, ent);
      }
      ring.pending.splice(i, 1);
      toNotify.push(ent);
    } else i++;
  }
}

/** argo.c pending_notify: VIRQ_ARGO to each woken sender. */
export function pendingNotify(xen: XenState, toNotify: PendingEnt[]): void {
  for (const ent of toNotify) signalDomid(xen, ent.domainId);
  toNotify.length = 0;
}
