/**
 * Where Xen may write during a call (docs/designs/argo.pandoc): the part of a ring its
 * indexes marked free before the call, the tx_ptr field of any ring registered before or
 * after, and notify's answers (flags, max_message_size) in the caller's ring_data entries.
 * `byteAllowed` asks it of one byte, as plainly as it can be said; `allowedRanges` gives the
 * same answer for a whole frame as ranges, so the write check compares only the rest.
 */
import { argoOf, allRings, type RingInfo } from "../hypercalls/argo_op/index.js";
import type { Domain } from "../machine/domain.js";
import { PAGE_SIZE } from "../machine/memory.js";

/** Each ring's indexes before a call: the bytes between tx and rx were free. */
export type FreeRegions = Map<Domain, { ring: RingInfo; tx: number; rx: number }[]>;

/** The caller's ring_data entries [domain, from, to) whose answer fields notify may write. */
export type NotifyRange = [Domain, number, number] | null;

/** ring_data entries are 20 bytes; notify writes bytes 8-9 (flags) and 16-19 (max size). */
const ENT = 20;
/** The ring header's tx_ptr field, bytes 4-7 of the ring's first page. */
const TX_FROM = 4;
const TX_TO = 8;
/** The ring header before the ring's bytes. */
const RING_HDR = 64;

/** Whether Xen may have written byte `off` of frame `gfn` of `d` during the call. */
export function byteAllowed(
  d: Domain,
  gfn: number,
  off: number,
  before: FreeRegions,
  notifyRange: NotifyRange,
): boolean {
  // notify's answers (flags, max_message_size) in the caller's ring_data entries.
  if (notifyRange && notifyRange[0] === d) {
    const addr = gfn * PAGE_SIZE + off;
    if (addr >= notifyRange[1] && addr < notifyRange[2]) {
      const o = (addr - notifyRange[1]) % ENT;
      if ((o >= 8 && o < 10) || o >= 16) return true;
    }
  }
  // The tx_ptr field of any ring registered now or before.
  const was = before.get(d) ?? [];
  for (const r of was) if (r.ring.gfns[0] === gfn && off >= TX_FROM && off < TX_TO) return true;
  const a = argoOf(d);
  if (a)
    for (const ring of allRings(a))
      if (ring.gfns[0] === gfn && off >= TX_FROM && off < TX_TO) return true;
  for (const { ring, tx, rx } of was) {
    if (rx < 0) continue;
    for (let i = 0; i < ring.gfns.length; i++) {
      if (ring.gfns[i] !== gfn) continue;
      const ro = i * PAGE_SIZE + off - RING_HDR;
      if (ro < 0 || ro >= ring.len) continue;
      const free = rx === tx ? true : tx < rx ? ro >= tx && ro < rx : ro >= tx || ro < rx;
      if (free) return true;
    }
  }
  return false;
}

/** Add [from, to) of a frame, clipped to the frame, to `out` (pairs). */
function add(out: number[], from: number, to: number): void {
  if (from < 0) from = 0;
  if (to > PAGE_SIZE) to = PAGE_SIZE;
  if (from < to) out.push(from, to);
}

/**
 * The bytes of frame `gfn` of `d` that byteAllowed allows, as sorted, disjoint [from, to)
 * pairs of frame offsets, into `out` (cleared first).
 */
export function allowedRanges(
  d: Domain,
  gfn: number,
  before: FreeRegions,
  notifyRange: NotifyRange,
  out: number[],
): void {
  out.length = 0;
  const base = gfn * PAGE_SIZE;
  if (notifyRange && notifyRange[0] === d) {
    const [, lo, hi] = notifyRange;
    const from = Math.max(lo, base);
    const to = Math.min(hi, base + PAGE_SIZE);
    for (let e = lo + Math.floor(Math.max(0, from - lo) / ENT) * ENT; e < to; e += ENT) {
      add(out, Math.max(e + 8, from) - base, Math.min(e + 10, to) - base);
      add(out, Math.max(e + 16, from) - base, Math.min(e + ENT, to) - base);
    }
  }
  const was = before.get(d) ?? [];
  for (const r of was) if (r.ring.gfns[0] === gfn) add(out, TX_FROM, TX_TO);
  const a = argoOf(d);
  if (a) for (const ring of allRings(a)) if (ring.gfns[0] === gfn) add(out, TX_FROM, TX_TO);
  for (const { ring, tx, rx } of was) {
    if (rx < 0) continue;
    for (let i = 0; i < ring.gfns.length; i++) {
      if (ring.gfns[i] !== gfn) continue;
      // Ring offset ro is frame offset ro + RING_HDR - i * PAGE_SIZE.
      const shift = RING_HDR - i * PAGE_SIZE;
      const len = ring.len;
      if (rx === tx) add(out, shift, len + shift);
      else if (tx < rx) add(out, Math.min(tx, len) + shift, Math.min(rx, len) + shift);
      else {
        add(out, Math.min(tx, len) + shift, len + shift);
        add(out, shift, Math.min(rx, len) + shift);
      }
    }
  }
  mergeRanges(out);
}

/** Sort [from, to) pairs by start and merge those that overlap or touch, in place. */
function mergeRanges(r: number[]): void {
  const n = r.length / 2;
  if (n < 2) return;
  const pairs: [number, number][] = [];
  for (let i = 0; i < n; i++) pairs.push([r[2 * i]!, r[2 * i + 1]!]);
  pairs.sort((x, y) => x[0] - y[0]);
  r.length = 0;
  for (const [from, to] of pairs) {
    const last = r.length - 1;
    if (last > 0 && from <= r[last]!) r[last] = Math.max(r[last]!, to);
    else r.push(from, to);
  }
}
