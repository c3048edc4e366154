/**
 * Guest-physical memory of one domain: 4 KiB frames allocated on first touch, so a guest of
 * several GiB costs only the pages it uses. Reads of untouched frames see zeroes.
 *
 * The p2m (p2m.ts) says which gfns are mapped; hypercalls change it at run time (`unmap`,
 * `populate`, `mapForeign`: decrease_reservation, populate_physmap, add_to_physmap, grant
 * maps) and says which addresses a copy reaches. The host memory behind the frames is in
 * slabs.ts; frame maps and the byte helpers of the copy paths are in frame-map.ts.
 *
 * Xen's copy_{to,from}_guest fail with -EFAULT outside the guest's memory or on an unmapped
 * frame; callers here get `false` and turn it into the errno their Xen path uses.
 */
import { SHORT_COPY, type FrameMap } from "./frame-map.js";
import { P2m } from "./p2m.js";
import { PAGE_MASK, PAGE_SIZE } from "./page.js";
import { SLOT_CHUNK, SlotTable } from "./slot-table.js";
import { Slabs } from "./slabs.js";
import { WriteCounts } from "./write-counts.js";

export { PAGE_SHIFT, PAGE_SIZE } from "./page.js";
export {
  contiguousRun,
  copyBytes,
  copyFromSlab,
  getU32,
  NO_FRAMES,
  noteMapWrite,
  putU32,
  WORD_COPY_MAX,
  type FrameMap,
} from "./frame-map.js";

/** log2 of the entries of GuestMemory.copyTo's cache of views. */
const VIEW_BITS = 3;
/** log2 of the entries of GuestMemory.frame's cache. */
const TLB_BITS = 4;
/** A placeholder for empty cache entries, so the array holds one type. */
// eslint-disable-next-line no-restricted-syntax -- zero bytes long: nothing in it to share
const NO_FRAME = new Uint8Array(0);

export class GuestMemory {
  /** Frames by gfn. Sparse: only frames something touched. */
  private readonly frames = new Map<number, Uint8Array>();
  /** Where each frame sits in backing memory: its slot in `slabs` (0: not backed). */
  private readonly slots = new SlotTable();
  /** The host memory behind the frames (slabs.ts). */
  private readonly slabs: Slabs;
  /** copyTo's cache: guest address, length and view per entry (-1: empty). */
  private readonly viewAddr = new Float64Array(1 << VIEW_BITS).fill(-1);
  private readonly viewLen = new Float64Array(1 << VIEW_BITS);
  private readonly views: Uint8Array[] = new Array<Uint8Array>(1 << VIEW_BITS).fill(NO_FRAME);
  /** contiguousFrom's last walk: from frame runGfn, runBytes contiguous (capped: maybe more). */
  private runGfn = -1;
  private runBytes = 0;
  private runCapped = false;
  /** frame()'s cache: gfn and frame per entry (-1: empty; always, while `tracking`). */
  private readonly tlbGfn = new Float64Array(1 << TLB_BITS).fill(-1);
  private readonly tlbFrame: Uint8Array[] = new Array<Uint8Array>(1 << TLB_BITS).fill(NO_FRAME);
  /** Writes noted per backing slot, while `tracking` (write-counts.ts). */
  private readonly writes = new WriteCounts();
  /** Whether writes are counted (trackWrites): only a checker that reads writeVersion needs them. */
  private tracking = false;
  /** FrameMaps handed out (mapFrames): trackWrites must come first, or they would not count. */
  private mapsMade = 0;
  /** Which gfns are mapped, and which map a foreign page. */
  private readonly p2m: P2m;
  /** Size in bytes (a multiple of PAGE_SIZE). */
  readonly size: number;
  /** Number of frames the guest has. */
  readonly nrFrames: number;

  constructor(size: number) {
    if (!Number.isSafeInteger(size) || size <= 0 || size % PAGE_SIZE !== 0)
      throw new RangeError(`guest memory size ${size} is not a positive multiple of ${PAGE_SIZE}`);
    this.size = size;
    this.nrFrames = size / PAGE_SIZE;
    this.slabs = new Slabs(this.nrFrames);
    this.p2m = new P2m(this.nrFrames);
  }

  /**
   * Whether [addr, addr+len) lies inside the guest and every frame it touches is mapped:
   * whether Xen's copy over it succeeds. `addr` may be any number (hi bits included). A copy
   * of nothing succeeds wherever it points.
   */
  contains(addr: number, len: number): boolean {
    return this.p2m.contains(addr, len);
  }

  /** Whether [addr, addr+len) lies inside the guest's physical space, mapped or not. */
  inSpace(addr: number, len: number): boolean {
    return this.p2m.inSpace(addr, len);
  }

  /** The first unmapped gfn in [addr, addr+len) (inside the space, len > 0), or -1. */
  firstHole(addr: number, len: number): number {
    return this.p2m.firstHole(addr, len);
  }

  /**
   * How many bytes of [addr, addr+n) a copy reaches before it faults: up to the guest's end
   * or the first unmapped frame (all n when `contains`).
   */
  reachable(addr: number, n: number): number {
    return this.p2m.reachable(addr, n);
  }

  /** Whether gfn `gfn` has a p2m entry now. */
  isMapped(gfn: number): boolean {
    return this.hasFrame(gfn);
  }

  /** Gfns below `size` with no p2m entry, ascending. */
  unmappedFrames(): number[] {
    return this.p2m.unmapped();
  }

  /**
   * Remove gfn's p2m entry (guest_physmap_remove_page). Its frame is dropped from this
   * guest's view; whoever holds it still (an Argo ring, a mapped vcpu_info: Xen keeps a page
   * reference) keeps the old page. False when it was not mapped.
   */
  unmap(gfn: number): boolean {
    if (!this.hasFrame(gfn)) return false;
    this.p2m.remove(gfn);
    this.dropBacking(gfn);
    return true;
  }

  /**
   * Give gfn a fresh, zeroed RAM page (populate_physmap). False when it is outside the space
   * or already mapped.
   */
  populate(gfn: number): boolean {
    if (!Number.isInteger(gfn) || gfn < 0 || gfn >= this.nrFrames || !this.p2m.holes.has(gfn))
      return false;
    this.p2m.add(gfn);
    this.dropBacking(gfn);
    return true;
  }

  /**
   * Map a page that is not this guest's RAM at gfn (Xen's shared_info page, a granted frame
   * of another domain): the guest's accesses and Xen's copies at gfn go to `page`, which
   * must be PAGE_SIZE bytes. Whatever gfn held is unmapped first.
   */
  mapForeign(gfn: number, page: Uint8Array): void {
    if (!Number.isInteger(gfn) || gfn < 0 || gfn >= this.nrFrames)
      throw new RangeError(`gfn 0x${gfn.toString(16)} is outside the guest`);
    if (page.length !== PAGE_SIZE) throw new RangeError("a mapped page is PAGE_SIZE bytes");
    this.p2m.add(gfn);
    this.dropBacking(gfn);
    this.slots.set(gfn, this.slabs.adopt(page));
    this.writes.ensure(this.slabs.slotLimit);
    this.frames.set(gfn, page);
    this.p2m.foreign.add(gfn);
  }

  /** Whether gfn maps a page that is not this guest's RAM (mapForeign). */
  isForeign(gfn: number): boolean {
    return this.p2m.foreign.has(gfn);
  }

  /** How many gfns map a foreign page now. */
  foreignFrames(): number {
    return this.p2m.foreign.size;
  }

  /** Forget gfn's backing page and every cache that may point at it. */
  private dropBacking(gfn: number): void {
    this.p2m.foreign.delete(gfn);
    this.frames.delete(gfn);
    this.slots.clear(gfn);
    this.tlbGfn.fill(-1);
    this.viewAddr.fill(-1);
    this.runGfn = -1;
  }

  /** Frames currently backed by host memory. */
  get touchedFrames(): number {
    return this.frames.size;
  }

  /**
   * The backing array of frame `gfn`, allocating it. Caller has checked bounds. Counted as a
   * write to the frame (writeVersion): whoever holds the array may store to it.
   */
  frame(gfn: number): Uint8Array {
    // A few frames take most accesses (a struct page, a data buffer, its next pages): a small
    // direct-mapped cache in front of the Map, like a TLB, indexed by a Fibonacci hash so
    // that frames a power of two apart (0x10 and 0x300, say) do not share an entry. While
    // writes are counted the cache stays empty, so every call counts one on the way below
    // and a hit costs no test of `tracking`.
    const i = Math.imul(gfn, 0x9e3779b1) >>> (32 - TLB_BITS);
    if (this.tlbGfn[i] === gfn) return this.tlbFrame[i]!;
    const f = this.frames.get(gfn) ?? this.back(gfn);
    if (this.tracking) {
      this.writes.counts[this.backedSlot(gfn)]!++;
      return f;
    }
    this.tlbGfn[i] = gfn;
    this.tlbFrame[i] = f;
    return f;
  }

  /**
   * The backing array of frame `gfn` if it is backed, for a checker that only reads it: not
   * counted as a write (frame() is), and backs nothing.
   */
  peekFrame(gfn: number): Uint8Array | undefined {
    const i = Math.imul(gfn, 0x9e3779b1) >>> (32 - TLB_BITS);
    return this.tlbGfn[i] === gfn ? this.tlbFrame[i] : this.frames.get(gfn);
  }

  /** The backing slot of a backed frame (0: not backed), without backing it. */
  private backedSlot(gfn: number): number {
    return this.slots.get(gfn);
  }

  /** Note writes to the pages in `slots[first..last]` (a FrameMap's; see noteMapWrite). */
  noteSlotWrites(slots: Uint32Array, first: number, last: number): void {
    this.writes.noteSlots(slots, first, last);
  }

  /**
   * Note a store to frame `gfn` by whoever holds its array already (a driver's struct page),
   * as frame() would; nothing when writes are not counted.
   */
  noteWrite(gfn: number): void {
    if (this.tracking) this.frame(gfn);
  }

  /**
   * Count writes from now on, for writeVersion. Call it before mapFrames is ever called: a
   * map made earlier would write without notes.
   */
  trackWrites(): void {
    if (this.mapsMade !== 0)
      throw new Error("trackWrites: frames were mapped before writes were counted");
    this.tracking = true;
    // frame() counts on its way past the cache: empty it, and it stays empty from now on.
    this.tlbGfn.fill(-1);
  }

  /**
   * How many writes to gfn's page were noted (through frame(), write(), noteMapWrite),
   * modulo 2^32; -1 when unknown: writes are not counted (trackWrites), the gfn is not
   * backed, or it maps a foreign page (shared_info, a grant) that Xen writes through its own
   * reference. Unchanged between two reads, and the
   * page unchanged too, as long as every writer notes its writes; pages Xen keeps a
   * reference to (vcpu_info areas) are written without notes. The fuzzer checks both.
   */
  writeVersion(gfn: number): number {
    if (!this.tracking) return -1;
    const foreign = this.p2m.foreign;
    if (foreign.size !== 0 && foreign.has(gfn)) return -1;
    const slot = this.backedSlot(gfn);
    return slot === 0 ? -1 : this.writes.counts[slot]!;
  }

  /** Back frame `gfn` with the next free page of the slabs (a new slab when full). */
  private back(gfn: number): Uint8Array {
    const slot = this.slabs.take();
    this.writes.ensure(this.slabs.slotLimit);
    this.slots.set(gfn, slot);
    const f = this.slabs.view(slot, 0, PAGE_SIZE);
    this.frames.set(gfn, f);
    return f;
  }

  /**
   * Bytes from `addr` (inside the guest) that are contiguous in backing memory, capped at
   * `max`: the frame at `addr`, then each following gfn whose frame follows it.
   */
  contiguousFrom(addr: number, max: number): number {
    const po = addr & PAGE_MASK;
    let gfn = (addr - po) / PAGE_SIZE;
    // A sender copies from the same buffer again and again: reuse the last walk. Its answer
    // stays true, as a backed frame's slot never changes and the walk backs every frame it
    // looks at, so a break it found is between two backed frames for good.
    if (gfn === this.runGfn) {
      const known = this.runBytes - po;
      if (!this.runCapped || known >= max) return known < max ? known : max;
    }
    const first = gfn;
    let slot = this.slotOf(gfn);
    let run = PAGE_SIZE - po;
    // Read the slot table directly; slotOf (which backs the frame) only for an unbacked frame
    // or a new chunk.
    let chunk = this.slots.last!;
    while (run < max && gfn + 1 < this.nrFrames) {
      gfn++;
      if ((gfn & (SLOT_CHUNK - 1)) === 0 || chunk[gfn & (SLOT_CHUNK - 1)] === 0) {
        if (this.slotOf(gfn) !== slot + 1) break;
        chunk = this.slots.last!;
      } else if (chunk[gfn & (SLOT_CHUNK - 1)] !== slot + 1) break;
      slot++;
      run += PAGE_SIZE;
    }
    this.runGfn = first;
    this.runBytes = run + po;
    // Stopped by `max`, not by a break or the guest's end: the run may go on.
    this.runCapped = run >= max;
    return run < max ? run : max;
  }

  /**
   * Copy n bytes at guest address `addr`, which the caller found contiguous in backing
   * memory (contiguousFrom), into dst at dOff. Short copies go byte by byte; longer ones
   * through a view of backing memory, kept in a small cache, as a sender copies from the
   * same buffers again and again and making a view costs as much as copying ~32 bytes.
   */
  copyTo(dst: Uint8Array, dOff: number, addr: number, n: number): void {
    const po = addr & PAGE_MASK;
    const gfn = (addr - po) / PAGE_SIZE;
    if (n <= SHORT_COPY && po + n <= PAGE_SIZE) {
      const f = this.frame(gfn);
      for (let i = 0; i < n; i++) dst[dOff + i] = f[po + i]!;
      return;
    }
    const k = Math.imul(addr ^ n, 0x9e3779b1) >>> (32 - VIEW_BITS);
    if (this.viewAddr[k] !== addr || this.viewLen[k] !== n) {
      this.viewAddr[k] = addr;
      this.viewLen[k] = n;
      this.views[k] = this.slabs.view(this.slotOf(gfn), po, n);
    }
    dst.set(this.views[k]!, dOff);
  }

  /** The backing slot of a frame, backing it first if needed. */
  private slotOf(gfn: number): number {
    const slot = this.slots.get(gfn);
    if (slot !== 0) return slot;
    this.frame(gfn);
    return this.slots.get(gfn);
  }

  /**
   * For a list of frames (a ring's pages, in order), how many from each index on sit side by
   * side in backing memory, so copies over them can be one `set`. Allocates the frames.
   */
  frameRuns(gfns: readonly number[]): Uint32Array {
    const runs = new Uint32Array(gfns.length);
    for (const g of gfns) this.frame(g);
    for (let i = gfns.length - 1; i >= 0; i--) {
      const next = i + 1 < gfns.length && this.slotOf(gfns[i + 1]!) === this.slotOf(gfns[i]!) + 1;
      runs[i] = next ? runs[i + 1]! + 1 : 1;
    }
    return runs;
  }

  /**
   * For a list of frames, the view of the whole slab each sits in (backing them first). With
   * a frame's byteOffset it addresses the frame and the adjacent ones after it, so a copy
   * over a run needs no view of its own.
   */
  frameSlabs(gfns: readonly number[]): Uint8Array[] {
    return gfns.map((g) => {
      this.frame(g);
      return this.slabs.views[Slabs.serialOf(this.slotOf(g))]!;
    });
  }

  /** Map a list of frames (backing them first) for copies over them. */
  mapFrames(gfns: readonly number[]): FrameMap {
    this.mapsMade++;
    this.slabs.roomFor(new Set(gfns.filter((g) => !this.frames.has(g))).size);
    const frames = gfns.map((g) => this.frame(g));
    return {
      frames,
      runs: this.frameRuns(gfns),
      slabs: this.frameSlabs(gfns),
      offsets: Uint32Array.from(frames, (f) => f.byteOffset),
      owner: this.tracking ? this : null,
      slots: Uint32Array.from(gfns, (g) => this.slotOf(g)),
    };
  }

  /** Whether `gfn` is a frame of this guest (the p2m has an entry for it now). */
  hasFrame(gfn: number): boolean {
    return this.p2m.hasEntry(gfn);
  }

  /** copy_to_guest: write `src` at `addr`. False (nothing written) when out of range. */
  write(addr: number, src: Uint8Array, srcOff = 0, len = src.length - srcOff): boolean {
    if (!this.contains(addr, len)) return false;
    if (len > PAGE_SIZE && !this.frames.has(Math.floor(addr / PAGE_SIZE)))
      this.roomForRange(addr, len);
    while (len > 0) {
      const off = addr & PAGE_MASK;
      const n = Math.min(len, PAGE_SIZE - off);
      this.frame(Math.floor(addr / PAGE_SIZE)).set(src.subarray(srcOff, srcOff + n), off);
      addr += n;
      srcOff += n;
      len -= n;
    }
    return true;
  }

  /** roomFor the unbacked pages of [addr, addr + len). */
  private roomForRange(addr: number, len: number): void {
    let n = 0;
    const last = Math.floor((addr + len - 1) / PAGE_SIZE);
    for (let g = Math.floor(addr / PAGE_SIZE); g <= last; g++) if (!this.frames.has(g)) n++;
    this.slabs.roomFor(n);
  }

  /** copy_from_guest: read `len` bytes at `addr` into `dst`. False when out of range. */
  read(addr: number, dst: Uint8Array, dstOff = 0, len = dst.length - dstOff): boolean {
    if (!this.contains(addr, len)) return false;
    while (len > 0) {
      const off = addr & PAGE_MASK;
      const n = Math.min(len, PAGE_SIZE - off);
      const f = this.frames.get(Math.floor(addr / PAGE_SIZE));
      if (f === undefined) dst.fill(0, dstOff, dstOff + n);
      else dst.set(f.subarray(off, off + n), dstOff);
      addr += n;
      dstOff += n;
      len -= n;
    }
    return true;
  }

  /** Read `len` bytes into a new array, or undefined when out of range. */
  readBytes(addr: number, len: number): Uint8Array | undefined {
    const out = new Uint8Array(len);
    return this.read(addr, out) ? out : undefined;
  }
}
