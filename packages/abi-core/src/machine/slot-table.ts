/**
 * Where each frame of a guest sits in backing memory: a slot number per gfn (GuestMemory's
 * encoding; 0: not backed) in a two-level table of SLOT_CHUNK-entry chunks made on first
 * touch, so the copy paths find runs of adjacent frames without a Map lookup per page.
 */

/** Entries per chunk of the table (one chunk covers 1 MiB of guest space). */
export const SLOT_SHIFT = 8;
export const SLOT_CHUNK = 1 << SLOT_SHIFT;

export class SlotTable {
  private readonly chunks = new Map<number, Uint32Array>();
  /** The chunk the last lookup used: runs stay inside one chunk almost always. */
  private lastIndex = -1;
  /** That chunk (undefined: none there yet); a run walk reads it directly. */
  last: Uint32Array | undefined;

  /** gfn's slot, 0 when not backed; leaves gfn's chunk in `last`. */
  get(gfn: number): number {
    const ci = gfn >>> SLOT_SHIFT;
    if (ci !== this.lastIndex) {
      this.lastIndex = ci;
      this.last = this.chunks.get(ci);
    }
    return this.last?.[gfn & (SLOT_CHUNK - 1)] ?? 0;
  }

  /** Set gfn's slot, making its chunk if needed. */
  set(gfn: number, slot: number): void {
    const ci = gfn >>> SLOT_SHIFT;
    let chunk = this.chunks.get(ci);
    if (chunk === undefined) {
      chunk = new Uint32Array(SLOT_CHUNK);
      this.chunks.set(ci, chunk);
      this.lastIndex = -1; // the cached lookup may have found no chunk there
    }
    chunk[gfn & (SLOT_CHUNK - 1)] = slot;
  }

  /** gfn is no longer backed. */
  clear(gfn: number): void {
    const chunk = this.chunks.get(gfn >>> SLOT_SHIFT);
    if (chunk !== undefined) chunk[gfn & (SLOT_CHUNK - 1)] = 0;
  }
}
