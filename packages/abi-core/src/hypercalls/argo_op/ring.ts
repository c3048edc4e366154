/**
 * A ring's memory as Xen sees it: the guest's pages mapped one by one (argo.c keeps an
 * array of single-page mappings, ring_info->mfn_mapping) and treated as one linear buffer:
 * the 64-byte xen_argo_ring_t header on page 0, then `len` bytes of ring.
 * Hot path: no allocation, no BigInt.
 */
import { EFAULT, EINVAL, ENOMEM, EAGAIN, EMSGSIZE } from "../../machine/errno.js";
import { failCheck, passCheck, type TraceSink } from "../../machine/trace.js";
import {
  PAGE_SHIFT,
  PAGE_SIZE,
  contiguousRun,
  getU32,
  noteMapWrite,
  putU32,
  type GuestMemory,
} from "../../machine/memory.js";
import type { Domain } from "../../machine/domain.js";
import {
  ARGO_MSG_HDR_SIZE,
  ARGO_RING_SIZE,
  XEN_ARGO_MAX_RING_SIZE,
  XEN_ARGO_MSG_SLOT_SIZE,
  npagesRing,
  roundupMessage,
} from "./constants.js";
import { MSG_HDR, RING } from "./layouts.js";
import type { RingMessage } from "./scratch.js";
import type { RingInfo } from "./state.js";

const RX_PTR = RING.at.rx_ptr;
const TX_PTR = RING.at.tx_ptr;
const HDR = MSG_HDR.at;

const PAGE_MASK = PAGE_SIZE - 1;

/** argo.c get_rx_ptr: the guest's rx_ptr, unsanitised, or -EINVAL when the ring has too few pages. */
export function getRxPtr(ring: RingInfo): number {
  const n = ring.map.frames.length;
  if (n === 0 || n < npagesRing(ring.len)) return -EINVAL;
  return getU32(ring.map.frames[0]!, RX_PTR);
}

/**
 * argo.c get_sanitized_ring, rx half: the guest's rx_ptr rounded up to a slot and wrapped to
 * 0 when past the end. tx is always Xen's private ring.txPtr. Negative: -errno.
 */
export function sanitizedRxPtr(ring: RingInfo): number {
  const raw = getRxPtr(ring);
  if (raw < 0) return raw;
  const rx = roundupMessage(raw);
  return rx >= ring.len ? 0 : rx;
}

/**
 * argo.c ringbuf_payload_space: the largest payload a sender could write now (0 if none):
 * the gap from tx to rx (a whole ring when equal) less a header and the slot kept free.
 */
export function ringbufPayloadSpace(ring: RingInfo): number {
  const len = ring.len;
  if (len === 0) return 0;
  const rx = sanitizedRxPtr(ring);
  if (rx < 0) return 0;
  let ret = rx - ring.txPtr;
  if (ret <= 0) ret += len;
  ret -= ARGO_MSG_HDR_SIZE + XEN_ARGO_MSG_SLOT_SIZE;
  return ret < 0 ? 0 : ret;
}

/** argo.c update_tx_ptr: Xen's copy and the guest-visible field, together. */
export function updateTxPtr(ring: RingInfo, tx: number): void {
  ring.txPtr = tx;
  putU32(ring.map.frames[0]!, TX_PTR, tx);
  // Guarded here: an untracked map (owner null) then costs a compare, not a call (bench).
  if (ring.map.owner !== null) noteMapWrite(ring.map, 0, 0);
}

/** The guest-visible tx_ptr of page 0 (register_ring reads it). */
export function guestTxPtr(ring: RingInfo): number {
  return getU32(ring.map.frames[0]!, TX_PTR);
}

/** The guest-visible rx_ptr of page 0, raw. */
export function guestRxPtr(ring: RingInfo): number {
  return getU32(ring.map.frames[0]!, RX_PTR);
}

/**
 * argo.c memcpy_to_guest_ring with a guest source: copy `len` bytes of `mem` at `addr` to
 * linear ring offset `offset` (header included), page by page. 0 or -errno.
 */
function memcpyFromGuestToRing(
  ring: RingInfo,
  offset: number,
  mem: GuestMemory,
  addr: number,
  len: number,
): number {
  let idx = offset >>> PAGE_SHIFT;
  let po = offset & PAGE_MASK;
  if (len + po > XEN_ARGO_MAX_RING_SIZE) return -EFAULT;
  // copy_from_guest copies what lies inside the guest, then reports the fault.
  const inside = mem.contains(addr, len);
  if (!inside) len = mem.reachable(addr, len);
  const map = ring.map;
  const { frames, runs, slabs, offsets, owner } = map;
  while (len > 0) {
    // ring_map_page: a page index past the mapped ones is -ENOMEM.
    if (idx >= frames.length) return -ENOMEM;
    // Xen copies page by page; where the pages (and the source) are adjacent in the model's
    // backing memory, one copy does the same work.
    const dRun = contiguousRun(runs, idx, po, len);
    const c = mem.contiguousFrom(addr, dRun);
    mem.copyTo(slabs[idx]!, offsets[idx]! + po, addr, c);
    if (owner !== null) noteMapWrite(map, idx, idx + ((po + c - 1) >>> PAGE_SHIFT));
    addr += c;
    len -= c;
    po += c;
    idx += po >>> PAGE_SHIFT;
    po &= PAGE_MASK;
  }
  return inside ? 0 : -EFAULT;
}

/**
 * The 16-byte xen_argo_ring_message_header at ring offset tx: len (payload + header),
 * source aport and domain_id, message_type. tx and 64 are 16-aligned, so it never crosses a
 * page. False: the page is not mapped (ring_map_page's -ENOMEM).
 */
function writeMessageHeader(ring: RingInfo, tx: number, msg: RingMessage): boolean {
  const hoff = tx + ARGO_RING_SIZE;
  const hidx = hoff >>> PAGE_SHIFT;
  if (hidx >= ring.map.frames.length) return false;
  const f = ring.map.frames[hidx]!;
  const o = hoff & PAGE_MASK;
  const domid = msg.srcDomid;
  putU32(f, o + HDR.len, msg.len + ARGO_MSG_HDR_SIZE);
  putU32(f, o + HDR["source.aport"], msg.srcAport);
  f[o + HDR["source.domain_id"]] = domid & 0xff;
  f[o + HDR["source.domain_id"] + 1] = (domid >>> 8) & 0xff;
  f[o + HDR["source.pad"]] = 0;
  f[o + HDR["source.pad"] + 1] = 0;
  putU32(f, o + HDR.message_type, msg.messageType);
  if (ring.map.owner !== null) noteMapWrite(ring.map, hidx, hidx);
  return true;
}

/** memcpy_to_guest_ring's failure: a ring page that is not mapped, or a source outside the guest. */
function copyFailed(trace: TraceSink, rc: number): number {
  return passCheck(trace, rc === -ENOMEM ? "argo_op.sendv.ring_map" : "argo_op.sendv.copy_buf", rc);
}

/**
 * argo.c ringbuf_insert: write a message header and the iovs' bytes at Xen's tx_ptr, wrapping
 * at the ring's end, then publish the new tx_ptr. 0 or -errno (-EMSGSIZE, -EAGAIN, -EFAULT...).
 * `msg` holds sendv's parsed, validated iovs; `msg.len` is their byte total.
 */
export function ringbufInsert(
  ring: RingInfo,
  src: Domain,
  msg: RingMessage,
  trace: TraceSink,
): number {
  const rlen = ring.len;
  const len = msg.len;
  // The message must leave one slot free, so it can never fill the ring.
  if (rlen <= ARGO_MSG_HDR_SIZE + roundupMessage(len))
    return failCheck(trace, "argo_op.sendv.ring_too_small", EMSGSIZE, "ring_len", rlen);
  const rx = sanitizedRxPtr(ring);
  if (rx < 0) return passCheck(trace, "argo_op.sendv.rx_ptr", rx);
  let tx = ring.txPtr;
  let sp: number;
  if (rx === tx) sp = rlen;
  else {
    sp = rx - tx;
    if (sp < 0) sp += rlen;
  }
  if (roundupMessage(len) + ARGO_MSG_HDR_SIZE >= sp)
    return failCheck(trace, "argo_op.sendv.ring_full", EAGAIN, "space", sp);

  if (!writeMessageHeader(ring, tx, msg)) return failCheck(trace, "argo_op.sendv.ring_map", ENOMEM);
  tx += ARGO_MSG_HDR_SIZE;
  if (tx === rlen) tx = 0;

  const srcMem = src.memory;
  const pv64Handles = src.mode === "pv64";
  const { iovAddr, iovAddrHi, iovLen } = msg;
  const niov = msg.niov;
  for (let i = 0; i < niov; i++) {
    let n = iovLen[i]!;
    if (n === 0) continue; // Xen logs a warning and skips an empty iov.
    let addr = iovAddr[i]!;
    // guest_handle_okay (x86 PV __addr_ok; always true on Arm and HVM).
    if (pv64Handles && !(iovAddrHi[i]! < 0x8000 || iovAddrHi[i]! >= 0xffff8800))
      return failCheck(trace, "argo_op.sendv.iov_handle", EFAULT, "index", i);
    const tail = rlen - tx;
    if (n > tail) {
      const r = memcpyFromGuestToRing(ring, tx + ARGO_RING_SIZE, srcMem, addr, tail);
      if (r !== 0) return copyFailed(trace, r);
      tx = 0;
      n -= tail;
      addr += tail;
    }
    const r = memcpyFromGuestToRing(ring, tx + ARGO_RING_SIZE, srcMem, addr, n);
    if (r !== 0) return copyFailed(trace, r);
    tx += n;
    if (tx === rlen) tx = 0;
  }
  tx = roundupMessage(tx);
  if (tx >= rlen) tx -= rlen;
  updateTxPtr(ring, tx);
  return 0;
}
