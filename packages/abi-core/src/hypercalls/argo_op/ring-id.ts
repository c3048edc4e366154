/** Ring identity and argo.c's hash_index over it. */
import { ARGO_HASHTABLE_SIZE } from "./constants.js";

/** argo.c `struct argo_ring_id`: the ring's port, owner and permitted sender. */
export interface ArgoRingId {
  readonly aport: number;
  readonly domainId: number;
  /** The single permitted sender, or XEN_ARGO_DOMID_ANY for a wildcard ring. */
  readonly partnerId: number;
}

/**
 * argo.c hash_index: djb2 (start 5381, hash = hash * 33 + byte) over the aport bytes
 * (LSB first), then domain_id's two bytes, then partner_id's; folds bits 15+ down and keeps
 * the low five. Computed in unsigned 32-bit arithmetic as Xen's unsigned int.
 */
export function hashIndex(aport: number, domainId: number, partnerId: number): number {
  let h = 5381;
  h = (Math.imul(h, 33) + (aport & 0xff)) >>> 0;
  h = (Math.imul(h, 33) + ((aport >>> 8) & 0xff)) >>> 0;
  h = (Math.imul(h, 33) + ((aport >>> 16) & 0xff)) >>> 0;
  h = (Math.imul(h, 33) + ((aport >>> 24) & 0xff)) >>> 0;
  h = (Math.imul(h, 33) + (domainId & 0xff)) >>> 0;
  h = (Math.imul(h, 33) + ((domainId >>> 8) & 0xff)) >>> 0;
  h = (Math.imul(h, 33) + (partnerId & 0xff)) >>> 0;
  h = (Math.imul(h, 33) + ((partnerId >>> 8) & 0xff)) >>> 0;
  return ((h ^ (h >>> 15)) & (ARGO_HASHTABLE_SIZE - 1)) >>> 0;
}
