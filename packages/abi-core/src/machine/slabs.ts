/**
 * The host memory behind one guest's frames: slabs of pages carved out in first-touch order,
 * and the slot numbers GuestMemory files each frame under (1 + slab serial * (SLAB_PAGES + 1)
 * + page in the slab; 0: not backed). A slab's untouched pages are never written, so the OS
 * does not make them resident; frames touched one after another (a buffer, a ring's pages) sit
 * side by side, so copies over them coalesce into one `set` instead of one per page.
 */
import { PAGE_SIZE } from "./page.js";

/** Pages per slab at most. */
export const SLAB_PAGES = 256;
/**
 * A guest's first slab has this many pages, each next one four times more up to SLAB_PAGES:
 * most scenario domains touch a few pages, and a release matrix makes hundreds of machines,
 * whose 1 MiB first slabs cost more in allocation and GC than their runs.
 */
const FIRST_SLAB_PAGES = 16;
/** Slots per slab: the +1 keeps the last slot of one slab from looking adjacent to the next's first. */
const SLAB_SLOTS = SLAB_PAGES + 1;

export class Slabs {
  /** A view of each whole slab, by serial: copies into a run of frames index it directly. */
  readonly views: Uint8Array[] = [];
  /** Each slab's ArrayBuffer, by serial (a view's `buffer` is an accessor). */
  private readonly buffers: ArrayBuffer[] = [];
  private slab: ArrayBuffer | null = null;
  private used = SLAB_PAGES;
  /** Pages per slab at most: SLAB_PAGES, or fewer for a guest smaller than that (no unused 1 MiB). */
  private readonly maxPages: number;
  /** Pages of the current slab (FIRST_SLAB_PAGES, growing to maxPages). */
  private size = 0;
  /** The next slab has at least this many pages (roomFor). */
  private nextMin = 0;
  private serial = -1;

  constructor(nrFrames: number) {
    this.maxPages = Math.min(SLAB_PAGES, nrFrames);
  }

  /** One past the highest slot any slab made so far can hold (WriteCounts.ensure). */
  get slotLimit(): number {
    return 1 + this.buffers.length * SLAB_SLOTS;
  }

  /** The serial of the slab that holds `slot`. */
  static serialOf(slot: number): number {
    return Math.floor((slot - 1) / SLAB_SLOTS);
  }

  /**
   * Before backing `n` pages together (a ring's, a multi-page write's): when the current slab
   * has no room for all of them, start the next slab, big enough, so they sit side by side
   * and copies over them stay one `set` (GuestMemory.frameRuns, contiguousFrom).
   */
  roomFor(n: number): void {
    if (n <= 1 || n > this.maxPages || this.size - this.used >= n) return;
    this.used = this.size;
    this.nextMin = n;
  }

  /** The next free page of the current slab (a new slab when full): its slot. */
  take(): number {
    if (this.used >= this.size) {
      this.size = Math.min(this.maxPages, Math.max(FIRST_SLAB_PAGES, this.size * 4, this.nextMin));
      this.nextMin = 0;
      this.slab = new ArrayBuffer(this.size * PAGE_SIZE);
      this.used = 0;
      this.serial = this.buffers.length;
      this.views.push(new Uint8Array(this.slab));
      this.buffers.push(this.slab);
    }
    return 1 + this.serial * SLAB_SLOTS + this.used++;
  }

  /**
   * A page that is not the guest's RAM (mapForeign): its buffer becomes a slab of its own, so
   * no run of the guest's ever looks adjacent to it. Its slot.
   */
  adopt(page: Uint8Array): number {
    const serial = this.buffers.length;
    this.buffers.push(page.buffer as ArrayBuffer);
    this.views.push(new Uint8Array(page.buffer));
    return 1 + serial * SLAB_SLOTS + page.byteOffset / PAGE_SIZE;
  }

  /** A view of `n` bytes from byte `po` of the page at `slot` (on into the pages after it). */
  view(slot: number, po: number, n: number): Uint8Array {
    const serial = Slabs.serialOf(slot);
    const at = (slot - 1 - serial * SLAB_SLOTS) * PAGE_SIZE + po;
    return new Uint8Array(this.buffers[serial]!, at, n);
  }
}
