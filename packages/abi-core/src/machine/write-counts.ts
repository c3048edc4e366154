/**
 * Writes noted per backing slot of one guest's memory, wrapping at 2^32: dirty bits that a
 * checker (the fuzzer's write check) compares to skip pages nobody wrote. GuestMemory notes
 * them (frame(), write(), noteMapWrite) only once asked (trackWrites), as counting costs the
 * Argo path about a tenth of its speed.
 */
export class WriteCounts {
  /** Per backing slot; `ensure` grows it with each slab, so every slot has an entry. */
  counts = new Uint32Array(1);

  /** Room for every slot below `slots`. */
  ensure(slots: number): void {
    if (slots <= this.counts.length) return;
    const bigger = new Uint32Array(slots);
    bigger.set(this.counts);
    this.counts = bigger;
  }

  /** Note writes to the pages in backing slots `slots[first..last]` (a FrameMap's). */
  noteSlots(slots: Uint32Array, first: number, last: number): void {
    const w = this.counts;
    for (let i = first; i <= last; i++) w[slots[i]!]!++;
  }
}
