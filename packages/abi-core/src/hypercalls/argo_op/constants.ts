/**
 * Argo's ABI constants and struct layouts (xen/include/public/argo.h) and argo.c's internal
 * limits. Offsets are named after the C fields; every Argo struct has the same layout on
 * x86_64, arm32 and arm64 (fixed-width fields only), except the 32-bit x86 compat iov.
 */
import { PAGE_SHIFT, PAGE_SIZE } from "../../machine/memory.js";

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

// Struct sizes and field offsets (argo.h; verified with gcc, see xen-facts.md §1).
/** xen_argo_addr_t: aport u32 @0, domain_id u16 @4, pad u16 @6. */
export const ARGO_ADDR_aport = 0;
export const ARGO_ADDR_domain_id = 4;
export const ARGO_ADDR_pad = 6;
export const ARGO_ADDR_SIZE = 8;
/** xen_argo_send_addr_t: src @0, dst @8. */
export const ARGO_SEND_ADDR_src = 0;
export const ARGO_SEND_ADDR_dst = 8;
export const ARGO_SEND_ADDR_SIZE = 16;
/** xen_argo_iov_t (native): iov_hnd (8-byte guest handle) @0, iov_len u32 @8, pad u32 @12. */
export const ARGO_IOV_iov_hnd = 0;
export const ARGO_IOV_iov_len = 8;
export const ARGO_IOV_pad = 12;
export const ARGO_IOV_SIZE = 16;
/** compat_argo_iov_t (x86 32-bit guests, xlat.lst '!'): iov_hnd u32 @0, iov_len @4, pad @8. */
export const COMPAT_ARGO_IOV_iov_hnd = 0;
export const COMPAT_ARGO_IOV_iov_len = 4;
export const COMPAT_ARGO_IOV_pad = 8;
export const COMPAT_ARGO_IOV_SIZE = 12;
/** xen_argo_ring_t: rx_ptr u32 @0, tx_ptr u32 @4, reserved[56] @8, ring[] @64. */
export const ARGO_RING_rx_ptr = 0;
export const ARGO_RING_tx_ptr = 4;
export const ARGO_RING_reserved = 8;
export const ARGO_RING_ring = 64;
export const ARGO_RING_SIZE = 64;
/** xen_argo_register_ring_t: aport @0, partner_id u16 @4, pad u16 @6, len u32 @8. */
export const ARGO_REGISTER_RING_aport = 0;
export const ARGO_REGISTER_RING_partner_id = 4;
export const ARGO_REGISTER_RING_pad = 6;
export const ARGO_REGISTER_RING_len = 8;
export const ARGO_REGISTER_RING_SIZE = 12;
/** xen_argo_unregister_ring_t: aport @0, partner_id u16 @4, pad u16 @6. */
export const ARGO_UNREGISTER_RING_aport = 0;
export const ARGO_UNREGISTER_RING_partner_id = 4;
export const ARGO_UNREGISTER_RING_pad = 6;
export const ARGO_UNREGISTER_RING_SIZE = 8;
/** xen_argo_ring_data_ent_t: ring @0, flags u16 @8, pad u16 @10, space_required @12, max_message_size @16. */
export const ARGO_RING_DATA_ENT_ring = 0;
export const ARGO_RING_DATA_ENT_flags = 8;
export const ARGO_RING_DATA_ENT_pad = 10;
export const ARGO_RING_DATA_ENT_space_required = 12;
export const ARGO_RING_DATA_ENT_max_message_size = 16;
export const ARGO_RING_DATA_ENT_SIZE = 20;
/** xen_argo_ring_data_t: nent u32 @0, pad u32 @4, data[] @8. */
export const ARGO_RING_DATA_nent = 0;
export const ARGO_RING_DATA_pad = 4;
export const ARGO_RING_DATA_data = 8;
export const ARGO_RING_DATA_SIZE = 8;
/** struct xen_argo_ring_message_header: len u32 @0, source (xen_argo_addr_t) @4, message_type u32 @12, data[] @16. */
export const ARGO_MSG_HDR_len = 0;
export const ARGO_MSG_HDR_source = 4;
export const ARGO_MSG_HDR_message_type = 12;
export const ARGO_MSG_HDR_data = 16;
export const ARGO_MSG_HDR_SIZE = 16;
/** xen_argo_gfn_t is uint64_t on every architecture. */
export const ARGO_GFN_SIZE = 8;

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
