/**
 * The p2m of one guest, as far as Xen's copies see it: which gfns below the guest's size have
 * an entry, and which of those map a page that is not the guest's RAM. Every gfn is RAM at
 * boot except frame 0, which real guests leave unmapped (Arm RAM starts well above 0; PV and
 * HVM kernels keep page 0 unmapped), so a NULL handle Xen dereferences faults; and so which
 * addresses a copy reaches. GuestMemory owns one and keeps the backing pages in step with it.
 */
import { PAGE_SIZE } from "./page.js";

export class P2m {
  /** Gfns below `nrFrames` with no p2m entry (frame 0 at boot). */
  readonly holes = new Set<number>([0]);
  /** Gfns mapping a page that is not this guest's RAM (GuestMemory.mapForeign). */
  readonly foreign = new Set<number>();
  /** The holes are exactly {0}: GuestMemory.contains then needs one compare (the hot case). */
  onlyFrame0Hole = true;

  /** The guest's physical space in bytes. */
  readonly size: number;

  constructor(readonly nrFrames: number) {
    this.size = nrFrames * PAGE_SIZE;
  }

  /** Whether [addr, addr+len) lies inside the space (GuestMemory.inSpace). */
  inSpace(addr: number, len: number): boolean {
    return addr >= 0 && len >= 0 && addr <= this.size && len <= this.size - addr;
  }

  /** Whether a copy over [addr, addr+len) succeeds (GuestMemory.contains). */
  contains(addr: number, len: number): boolean {
    if (!(addr >= 0 && len >= 0 && addr <= this.size && len <= this.size - addr)) return false;
    if (len === 0) return true;
    if (this.onlyFrame0Hole) return addr >= PAGE_SIZE;
    return this.holes.size === 0 || this.firstHole(addr, len) < 0;
  }

  /** How many bytes of [addr, addr+n) a copy reaches before it faults (GuestMemory.reachable). */
  reachable(addr: number, n: number): number {
    if (this.contains(addr, n)) return n;
    let end = addr >= 0 && addr < this.size ? Math.min(addr + n, this.size) : addr;
    const hole = end > addr ? this.firstHole(addr, end - addr) : -1;
    if (hole >= 0) end = Math.max(addr, hole * PAGE_SIZE);
    return end - addr;
  }

  /** Whether `gfn` has an entry now. */
  hasEntry(gfn: number): boolean {
    return Number.isInteger(gfn) && gfn >= 0 && gfn < this.nrFrames && !this.holes.has(gfn);
  }

  /** Remove gfn's entry (it had one). */
  remove(gfn: number): void {
    this.holes.add(gfn);
    this.holesChanged();
  }

  /** Give gfn an entry (its page is the caller's to set up). */
  add(gfn: number): void {
    this.holes.delete(gfn);
    this.holesChanged();
  }

  private holesChanged(): void {
    this.onlyFrame0Hole = this.holes.size === 1 && this.holes.has(0);
  }

  /** The first gfn with no entry in [addr, addr+len) (inside the space, len > 0), or -1. */
  firstHole(addr: number, len: number): number {
    const first = Math.floor(addr / PAGE_SIZE);
    const last = Math.floor((addr + len - 1) / PAGE_SIZE);
    if (last - first < this.holes.size) {
      for (let g = first; g <= last; g++) if (this.holes.has(g)) return g;
      return -1;
    }
    let best = -1;
    for (const g of this.holes) if (g >= first && g <= last && (best < 0 || g < best)) best = g;
    return best;
  }

  /** Gfns below nrFrames with no entry, ascending. */
  unmapped(): number[] {
    return [...this.holes].sort((a, b) => a - b);
  }
}
