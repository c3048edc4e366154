/**
 * Argo's ABI constants and struct layouts (xen/include/public/argo.h) and argo.c's internal
 * limits. Struct layouts are not written here: layouts.ts has them from the layout engine.
 */
import { PAGE_SHIFT, PAGE_SIZE } from "../../machine/memory.js";
import { MSG_HDR, RING } from "./layouts.js";

// argo.h: operations (arg "cmd" of argo_op).
export const XEN_ARGO_OP_register_ring = 1;
export const XEN_ARGO_OP_unregister_ring = 2;
export const XEN_ARGO_OP_sendv = 3;
export const XEN_ARGO_OP_notify = 4;

/** xen.h: DOMID_INVALID (0x7FF4); argo.h: XEN_ARGO_DOMID_ANY = DOMID_INVALID. */
export const XEN_ARGO_DOMID_ANY = 0x7ff4;
/** argo.h: 16 MiB. */
export const XEN_ARGO_MAX_RING_SIZE = 0x1000000;
/** argo.h: at most 8 iovs per sendv. */
export const XEN_ARGO_MAXIOV = 8;
/** argo.h: ring messages are padded to 16-byte slots. */
export const XEN_ARGO_MSG_SLOT_SIZE = 0x10;

// argo.h: register_ring flags.
export const XEN_ARGO_REGISTER_FLAG_FAIL_EXIST = 0x1;
/** argo.h (__XEN__ only): the defined register flags. */
export const XEN_ARGO_REGISTER_FLAG_MASK = XEN_ARGO_REGISTER_FLAG_FAIL_EXIST;

// argo.h: notify's per-ring flags (xen_argo_ring_data_ent_t.flags).
export const XEN_ARGO_RING_EXISTS = 1 << 0;
export const XEN_ARGO_RING_SHARED = 1 << 1;
export const XEN_ARGO_RING_EMPTY = 1 << 2;
export const XEN_ARGO_RING_SUFFICIENT = 1 << 3;
export const XEN_ARGO_RING_EMSGSIZE = 1 << 4;
export const XEN_ARGO_RING_EBUSY = 1 << 5;

/** xen.h: VIRQ_ARGO, per-domain ("D") virtual interrupt. */
export const VIRQ_ARGO = 11;
/** xen.h: __HYPERVISOR_argo_op. */
export const HYPERVISOR_argo_op = 39;

// argo.c internal limits.
export const MAX_RINGS_PER_DOMAIN = 128;
export const MAX_NOTIFY_COUNT = 256;
export const MAX_PENDING_PER_RING = 32;
export const ARGO_HASHTABLE_SIZE = 32;

// Struct sizes come from the layout engine (layouts.ts); handlers read fields by name there.
/** sizeof(struct xen_argo_ring_message_header): 16, one slot. */
export const ARGO_MSG_HDR_SIZE = MSG_HDR.size;
/** sizeof(xen_argo_ring_t): the 64-byte header before the ring's bytes. */
export const ARGO_RING_SIZE = RING.size;

/** argo.c ROUNDUP_MESSAGE on an unsigned int: round up to the 16-byte slot, wrapping mod 2^32 as C does. */
export function roundupMessage(a: number): number {
  return ((a + XEN_ARGO_MSG_SLOT_SIZE - 1) & ~(XEN_ARGO_MSG_SLOT_SIZE - 1)) >>> 0;
}

/** argo.c MAX_ARGO_MESSAGE_SIZE: 16 MiB - header - one slot = 16777184. */
export const MAX_ARGO_MESSAGE_SIZE =
  XEN_ARGO_MAX_RING_SIZE - ARGO_MSG_HDR_SIZE - XEN_ARGO_MSG_SLOT_SIZE;
/** register_ring's minimum len: header + two slots = 48. */
export const MIN_ARGO_RING_LEN = ARGO_MSG_HDR_SIZE + 2 * XEN_ARGO_MSG_SLOT_SIZE;
/** do_argo_op's bound on register_ring's npage: XEN_ARGO_MAX_RING_SIZE >> PAGE_SHIFT = 4096. */
export const MAX_RING_NPAGES = XEN_ARGO_MAX_RING_SIZE >>> PAGE_SHIFT;

/** argo.c NPAGES_RING: pages holding the 64-byte header plus a ring of `len` bytes (len <= 16 MiB). */
export function npagesRing(len: number): number {
  return Math.ceil((roundupMessage(len) + ARGO_RING_SIZE) / PAGE_SIZE);
}
