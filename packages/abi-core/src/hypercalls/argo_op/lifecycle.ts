/**
 * Argo's part of a domain's life: argo_init at creation, argo_destroy at destruction, and
 * the ring removal both share with unregister_ring.
 */
import type { Domain } from "../../machine/domain.js";
import { NO_FRAMES } from "../../machine/memory.js";
import type { XenState } from "../../machine/state.js";
import { XEN_ARGO_DOMID_ANY } from "./constants.js";
import { pendingRemoveAll } from "./pending.js";
import {
  argoOf,
  findRingInfo,
  listDel,
  newArgoDomain,
  type ArgoDomain,
  type RingInfo,
} from "./state.js";
import { hashIndex } from "./ring-id.js";

/**
 * argo_init: with `argo` on the command line and the policy's enable hook allowing it, the
 * domain gets Argo state; otherwise d->argo stays NULL (still 0: not an error). Returns 0
 * (Xen's -ENOMEM from xzalloc cannot happen here).
 */
export function argoInit(xen: XenState, d: Domain): number {
  if (!xen.boot.argo || xen.argoPolicy.enable(d) !== 0) {
    d.argo = null;
    return 0;
  }
  d.argo = newArgoDomain();
  return 0;
}

/**
 * argo.c ring_remove_info: cancel the ring's waiters, unmap its pages, unlink it. The
 * caller adjusts ring_count and send_info, as Xen's callers do.
 */
export function ringRemoveInfo(xen: XenState, a: ArgoDomain, ring: RingInfo): void {
  pendingRemoveAll(xen, ring);
  listDel(a.ringHash[hashIndex(ring.id.aport, ring.id.domainId, ring.id.partnerId)]!, ring);
  ringRemoveMfns(ring);
}

/** argo.c ring_remove_mfns: drop the page mappings (and Xen's page references). */
export function ringRemoveMfns(ring: RingInfo): void {
  ring.map = NO_FRAMES;
  ring.gfns = [];
}

/**
 * argo_destroy: the domain's own rings (domain_rings_remove_all), other domains' rings that
 * named it as their single partner (partner_rings_remove), and its waits on other domains'
 * wildcard rings (wildcard_rings_pending_remove). Xen runs this with d->is_dying set.
 */
export function argoDestroy(xen: XenState, d: Domain): void {
  const a = argoOf(d);
  if (a === null) return;
  // domain_rings_remove_all
  for (const bucket of a.ringHash) while (bucket.length > 0) ringRemoveInfo(xen, a, bucket[0]!);
  a.ringCount = 0;
  // partner_rings_remove
  for (const bucket of a.sendHash) {
    while (bucket.length > 0) {
      const send = bucket.shift()!;
      const dst = xen.domains.get(send.id.domainId);
      const da = dst === undefined ? null : argoOf(dst);
      if (da === null) continue; // Xen: a stale partner entry, only logged.
      const ring = findRingInfo(da, send.id.aport, send.id.domainId, send.id.partnerId);
      // Not found is ASSERT_UNREACHABLE in Xen (a debug build would stop); release builds go on.
      if (ring === undefined) continue;
      ringRemoveInfo(xen, da, ring);
      da.ringCount--;
    }
  }
  // wildcard_rings_pending_remove: W(L1) lets Xen edit the other domains' rings directly.
  for (const ent of a.wildcardPendList) listDel(ent.ring.pending, ent);
  a.wildcardPendList.length = 0;
  d.argo = null;
}

/** Whether a ring is a wildcard (any-sender) ring. */
export function isWildcard(ring: RingInfo): boolean {
  return ring.id.partnerId === XEN_ARGO_DOMID_ANY;
}
