/**
 * Guest-physical memory of one domain: 4 KiB frames allocated on first touch, so a guest of
 * several GiB costs only the pages it uses. Reads of untouched frames see zeroes.
 *
 * Xen's copy_{to,from}_guest fail with -EFAULT outside the guest's memory; callers here get
 * `false` and turn it into the errno their Xen path uses.
 */
export const PAGE_SHIFT = 12;
export const PAGE_SIZE = 1 << PAGE_SHIFT;
const PAGE_MASK = PAGE_SIZE - 1;

export class GuestMemory {
  /** Frames by gfn. Sparse: only frames something wrote. */
  private readonly frames = new Map<number, Uint8Array>();
  /** Size in bytes (a multiple of PAGE_SIZE). */
  readonly size: number;
  /** Number of frames the guest has. */
  readonly nrFrames: number;

  constructor(size: number) {
    if (!Number.isSafeInteger(size) || size <= 0 || size % PAGE_SIZE !== 0)
      throw new RangeError(`guest memory size ${size} is not a positive multiple of ${PAGE_SIZE}`);
    this.size = size;
    this.nrFrames = size / PAGE_SIZE;
  }

  /** Whether [addr, addr+len) lies inside the guest. `addr` may be any number (hi bits included). */
  contains(addr: number, len: number): boolean {
    return addr >= 0 && len >= 0 && addr <= this.size && len <= this.size - addr;
  }

  /** Frames currently backed by host memory. */
  get touchedFrames(): number {
    return this.frames.size;
  }

  /** The backing array of frame `gfn`, allocating it. Caller has checked bounds. */
  frame(gfn: number): Uint8Array {
    let f = this.frames.get(gfn);
    if (f === undefined) {
      f = new Uint8Array(PAGE_SIZE);
      this.frames.set(gfn, f);
    }
    return f;
  }

  /** Whether `gfn` is a frame of this guest (the p2m has a RAM entry for it). */
  hasFrame(gfn: number): boolean {
    return Number.isInteger(gfn) && gfn >= 0 && gfn < this.nrFrames;
  }

  /** copy_to_guest: write `src` at `addr`. False (nothing written) when out of range. */
  write(addr: number, src: Uint8Array, srcOff = 0, len = src.length - srcOff): boolean {
    if (!this.contains(addr, len)) return false;
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

  /** Little-endian u32 at `addr` (caller checked range and alignment within one page). */
  readU32(addr: number): number {
    const f = this.frames.get(Math.floor(addr / PAGE_SIZE));
    if (f === undefined) return 0;
    const o = addr & PAGE_MASK;
    return (f[o]! | (f[o + 1]! << 8) | (f[o + 2]! << 16) | (f[o + 3]! << 24)) >>> 0;
  }

  /** Store a little-endian u32 at `addr` (caller checked range; must not straddle a page). */
  writeU32(addr: number, v: number): void {
    const f = this.frame(Math.floor(addr / PAGE_SIZE));
    const o = addr & PAGE_MASK;
    f[o] = v & 0xff;
    f[o + 1] = (v >>> 8) & 0xff;
    f[o + 2] = (v >>> 16) & 0xff;
    f[o + 3] = (v >>> 24) & 0xff;
  }
}
