/**
 * Argo's per-domain state (argo.c `struct argo_domain`, `argo_ring_info`, `argo_send_info`,
 * `pending_ent`). Kept in Domain.argo; null when Argo is not enabled for the domain.
 * The model is single-threaded, so argo.c's L1/L2/L3 locks have no counterpart: each
 * operation runs to completion, which is what the locks guarantee in Xen.
 */
import type { Domain } from "../../machine/domain.js";
import type { FrameMap } from "../../machine/memory.js";
import { ARGO_HASHTABLE_SIZE } from "./constants.js";
import { hashIndex, type ArgoRingId } from "./ring-id.js";

/** argo.c `struct pending_ent`: a sender waiting for `len` bytes of space on a ring. */
export interface PendingEnt {
  len: number;
  readonly domainId: number;
  readonly ring: RingInfo;
}

/** argo.c `struct argo_ring_info`: a ring a domain registered in its own pages. */
export interface RingInfo {
  readonly id: ArgoRingId;
  /** Ring size in bytes (0 until registration completes). */
  len: number;
  /** Xen's private tx_ptr: the guest-visible one is written, never read back. */
  txPtr: number;
  /** The mapped pages (ring_info->mfn_mapping), page 0 first; nmfns = map.frames.length. */
  map: FrameMap;
  /** Guest frame numbers the pages came from (for tracing and tests). */
  gfns: number[];
  /** Senders waiting for space (ring_info->pending; npending = pending.length). */
  readonly pending: PendingEnt[];
}

/** argo.c `struct argo_send_info`: in the partner's send_hash, a ring it may send to. */
export interface SendInfo {
  readonly id: ArgoRingId;
}

/** argo.c `struct argo_domain`. */
export interface ArgoDomain {
  /** ring_hash: this domain's rings by hash_index. */
  readonly ringHash: RingInfo[][];
  /** send_hash: other domains' rings naming this domain as their single partner. */
  readonly sendHash: SendInfo[][];
  /** wildcard_pend_list: this domain's pending entries on other domains' wildcard rings. */
  readonly wildcardPendList: PendingEnt[];
  ringCount: number;
}

function buckets<T>(): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < ARGO_HASHTABLE_SIZE; i++) out.push([]);
  return out;
}

/** argo_domain_init: empty hash tables and lists. */
export function newArgoDomain(): ArgoDomain {
  return { ringHash: buckets(), sendHash: buckets(), wildcardPendList: [], ringCount: 0 };
}

/** d->argo, typed. */
export function argoOf(d: Domain): ArgoDomain | null {
  return d.argo as ArgoDomain | null;
}

/** argo.c find_ring_info: exact match on (aport, domain_id, partner_id). */
export function findRingInfo(
  a: ArgoDomain,
  aport: number,
  domainId: number,
  partnerId: number,
): RingInfo | undefined {
  const bucket = a.ringHash[hashIndex(aport, domainId, partnerId)]!;
  for (let i = 0; i < bucket.length; i++) {
    const r = bucket[i]!;
    if (r.id.aport === aport && r.id.domainId === domainId && r.id.partnerId === partnerId)
      return r;
  }
  return undefined;
}

/** argo.c find_send_info: exact match in a domain's send_hash. */
export function findSendInfo(a: ArgoDomain, id: ArgoRingId): SendInfo | undefined {
  const bucket = a.sendHash[hashIndex(id.aport, id.domainId, id.partnerId)]!;
  return bucket.find(
    (s) =>
      s.id.aport === id.aport && s.id.domainId === id.domainId && s.id.partnerId === id.partnerId,
  );
}

/** Remove `item` from `list` if present (list_del). */
export function listDel<T>(list: T[], item: T): void {
  const i = list.indexOf(item);
  if (i >= 0) list.splice(i, 1);
}

/** Every ring of a domain, bucket by bucket (the order argo.c walks ring_hash). */
export function allRings(a: ArgoDomain): RingInfo[] {
  const out: RingInfo[] = [];
  for (const bucket of a.ringHash) for (const r of bucket) out.push(r);
  return out;
}
