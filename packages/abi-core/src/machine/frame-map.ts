/**
 * Frames mapped for copies (a ring's pages) and the byte helpers the copy paths share: how far
 * a run of frames is contiguous in backing memory, one copy over such a run, little-endian
 * u32s, and the write notes a store through a map owes its guest's memory (writeVersion).
 */
import type { GuestMemory } from "./memory.js";
import { PAGE_SIZE } from "./page.js";

/**
 * Bytes contiguous in backing memory from byte `po` of frame `idx` of a frame list, capped at
 * `max`. `runs[i]` is how many frames from i on sit side by side (GuestMemory.frameRuns).
 */
export function contiguousRun(runs: Uint32Array, idx: number, po: number, max: number): number {
  const run = runs[idx]! * PAGE_SIZE - po;
  return run < max ? run : max;
}

/** Copies up to this many bytes go byte by byte: making a view costs about as much. */
export const SHORT_COPY = 32;

/**
 * Copy n bytes into dst (bounds-checked by `set`) from src's backing memory at sOff, which
 * may run past src's own frame into the frames adjacent to it (see contiguousRun). Short
 * runs go byte by byte. (GuestMemory.copyTo is the same from a guest address, with views
 * cached.)
 */
export function copyBytes(
  dst: Uint8Array,
  dOff: number,
  src: Uint8Array,
  sOff: number,
  n: number,
): void {
  if (n <= SHORT_COPY && sOff + n <= src.length) {
    for (let i = 0; i < n; i++) dst[dOff + i] = src[sOff + i]!;
    return;
  }
  dst.set(new Uint8Array(src.buffer, src.byteOffset + sOff, n), dOff);
}

/**
 * Copies of up to this many bytes between 4-aligned places go a word at a time (copyWords):
 * `set` needs a view of the source range, and making one (with the scavenges its garbage
 * brings) costs about as much as copying a few hundred bytes by words.
 */
export const WORD_COPY_MAX = 256;

/**
 * Copy n bytes from byte `sOff` of `slab` (a view from its buffer's start, as FrameMap.slabs
 * are; `slabWords` views the same bytes as 32-bit words) into dst at dOff (bounds-checked, as
 * by `set`). `dstWords` views dst's own bytes as words (null when dst does not start 4-aligned).
 * A copy of up to WORD_COPY_MAX bytes between 4-aligned places goes word by word, then the
 * last n % 4 bytes; others as copyBytes does them.
 */
export function copyFromSlab(
  dst: Uint8Array,
  dstWords: Uint32Array | null,
  dOff: number,
  slab: Uint8Array,
  slabWords: Uint32Array,
  sOff: number,
  n: number,
): void {
  if (
    dstWords !== null &&
    n <= WORD_COPY_MAX &&
    ((sOff | dOff) & 3) === 0 &&
    dOff + n <= dstWords.length << 2
  ) {
    const w = n >>> 2;
    const d = dOff >>> 2;
    const s = sOff >>> 2;
    for (let i = 0; i < w; i++) dstWords[d + i] = slabWords[s + i]!;
    for (let i = w << 2; i < n; i++) dst[dOff + i] = slab[sOff + i]!;
    return;
  }
  copyBytes(dst, dOff, slab, sOff, n);
}

/** Little-endian u32 at byte `o` of `b` (Xen's and every modelled guest's byte order). */
export function getU32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/** Store a little-endian u32 at byte `o` of `b`. */
export function putU32(b: Uint8Array, o: number, v: number): void {
  b[o] = v & 0xff;
  b[o + 1] = (v >>> 8) & 0xff;
  b[o + 2] = (v >>> 16) & 0xff;
  b[o + 3] = (v >>> 24) & 0xff;
}

/**
 * A list of frames mapped for copies, in order (a ring's pages): per page, its frame, how many
 * frames from it on sit side by side in backing memory (contiguousRun), the whole slab it
 * sits in, and where it starts there (byteOffset is an accessor: read once, here).
 */
export interface FrameMap {
  readonly frames: readonly Uint8Array[];
  readonly runs: Uint32Array;
  readonly slabs: readonly Uint8Array[];
  readonly offsets: Uint32Array;
  /**
   * The memory the frames belong to when it counts writes (trackWrites), else null: then
   * noteMapWrite costs one compare on the hot paths that call it.
   */
  readonly owner: GuestMemory | null;
  /** Each page's backing slot in `owner`. */
  readonly slots: Uint32Array;
}

/** The map of no frames (an unmapped ring). */
export const NO_FRAMES: FrameMap = {
  frames: [],
  runs: new Uint32Array(0),
  slabs: [],
  offsets: new Uint32Array(0),
  owner: null,
  slots: new Uint32Array(0),
};

/**
 * Note a write through a FrameMap to its pages first..last (inclusive), as a CPU sets the
 * dirty bits of the pages it stores to (GuestMemory.writeVersion). Whoever writes a mapped
 * page must call it; hot paths test `map.owner !== null` first, which skips the call when
 * writes are not counted.
 */
export function noteMapWrite(map: FrameMap, first: number, last: number): void {
  const owner = map.owner;
  if (owner !== null) owner.noteSlotWrites(map.slots, first, last);
}
