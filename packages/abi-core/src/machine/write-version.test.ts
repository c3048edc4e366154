import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GuestMemory, PAGE_SIZE, noteMapWrite, type FrameMap } from "./memory.js";

const FRAMES = 12;

/** One thing done to a guest's memory, by a writer that notes its writes or by a reader. */
type Op = (m: GuestMemory, maps: FrameMap[]) => void;

const gfn = fc.integer({ min: 1, max: FRAMES - 1 });
const off = fc.integer({ min: 0, max: PAGE_SIZE - 1 });
const byte = fc.integer({ min: 1, max: 255 });

const ops: fc.Arbitrary<Op> = fc.oneof(
  // copy_to_guest, possibly across pages.
  fc
    .tuple(
      fc.integer({ min: PAGE_SIZE, max: FRAMES * PAGE_SIZE - 1 }),
      fc.integer({ min: 1, max: 6000 }),
      byte,
    )
    .map(
      ([addr, len, b]): Op =>
        (m) =>
          void m.write(addr, new Uint8Array(len).fill(b)),
    ),
  // A store through frame()'s array.
  fc.tuple(gfn, off, byte).map(
    ([g, o, b]): Op =>
      (m) =>
        void (m.frame(g)[o]! ^= b),
  ),
  // Map some pages, as a ring does.
  fc.array(gfn, { minLength: 1, maxLength: 3 }).map(
    (gs): Op =>
      (m, maps) =>
        void maps.push(m.mapFrames(gs)),
  ),
  // A store through a map's frame, or a copy through its slab over a run of pages, noted.
  fc
    .tuple(fc.nat(), fc.nat(), off, fc.integer({ min: 1, max: 3 * PAGE_SIZE }), byte)
    .map(([which, page, o, n, b]): Op => (_m, maps) => {
      if (maps.length === 0) return;
      const map = maps[which % maps.length]!;
      const i = page % map.frames.length;
      const len = Math.min(n, map.runs[i]! * PAGE_SIZE - o);
      map.slabs[i]!.fill(b, map.offsets[i]! + o, map.offsets[i]! + o + len);
      noteMapWrite(map, i, i + Math.floor((o + len - 1) / PAGE_SIZE));
    }),
  // Readers.
  fc.tuple(gfn, fc.integer({ min: 1, max: 5000 })).map(([g, n]): Op => (m) => {
    m.readBytes(g * PAGE_SIZE, Math.min(n, (FRAMES - g) * PAGE_SIZE));
    m.peekFrame(g);
    m.copyTo(
      new Uint8Array(PAGE_SIZE),
      0,
      g * PAGE_SIZE,
      m.contiguousFrom(g * PAGE_SIZE, PAGE_SIZE),
    );
  }),
  // The p2m changes: a fresh page, a dropped one, a foreign one.
  gfn.map(
    (g): Op =>
      (m) =>
        void m.unmap(g),
  ),
  gfn.map(
    (g): Op =>
      (m) =>
        void m.populate(g),
  ),
  fc.tuple(gfn, byte).map(
    ([g, b]): Op =>
      (m) =>
        m.mapForeign(g, new Uint8Array(PAGE_SIZE).fill(b)),
  ),
);

describe("GuestMemory.writeVersion", () => {
  it("while a page's count stays the same (and known), its bytes stay the same", () => {
    fc.assert(
      fc.property(fc.array(ops, { maxLength: 60 }), (run) => {
        const m = new GuestMemory(FRAMES * PAGE_SIZE);
        m.trackWrites();
        const maps: FrameMap[] = [];
        const seen = new Map<number, { frame: Uint8Array; version: number; bytes: Uint8Array }>();
        const look = () => {
          for (let g = 1; g < FRAMES; g++) {
            const frame = m.peekFrame(g);
            const version = m.writeVersion(g);
            if (frame === undefined) {
              expect(version).toBe(-1);
              continue;
            }
            const was = seen.get(g);
            if (was && was.frame === frame && version !== -1 && version === was.version)
              if (frame.some((b, i) => b !== was.bytes[i]))
                throw new Error(`gfn ${g} changed with an unchanged count`);
            seen.set(g, { frame, version, bytes: frame.slice() });
          }
        };
        for (const op of run) {
          op(m, maps);
          look();
        }
      }),
      { numRuns: 100 },
    );
  });

  it("is not moved by reads, and is unknown for foreign pages", () => {
    const m = new GuestMemory(4 * PAGE_SIZE);
    m.trackWrites();
    m.write(PAGE_SIZE, new Uint8Array(2 * PAGE_SIZE).fill(1));
    const v = m.writeVersion(2);
    m.readBytes(PAGE_SIZE, 2 * PAGE_SIZE);
    m.peekFrame(2);
    m.copyTo(new Uint8Array(PAGE_SIZE), 0, 2 * PAGE_SIZE, PAGE_SIZE);
    expect(m.writeVersion(2)).toBe(v);
    m.frame(2);
    expect(m.writeVersion(2)).not.toBe(v);
    m.mapForeign(3, new Uint8Array(PAGE_SIZE));
    expect(m.writeVersion(3)).toBe(-1);
    expect(m.writeVersion(0)).toBe(-1); // not backed
  });

  it("is unknown (-1) until writes are counted, and counting must start before any map", () => {
    const m = new GuestMemory(4 * PAGE_SIZE);
    m.write(PAGE_SIZE, new Uint8Array(8).fill(1));
    expect(m.writeVersion(1)).toBe(-1);
    const map = m.mapFrames([1, 2]);
    expect(map.owner).toBeNull();
    noteMapWrite(map, 0, 1); // a no-op, not a throw
    expect(() => m.trackWrites()).toThrow(/mapped before/);
    const t = new GuestMemory(4 * PAGE_SIZE);
    t.trackWrites();
    const tm = t.mapFrames([1, 2]);
    expect(tm.owner).toBe(t);
    const v = t.writeVersion(2);
    noteMapWrite(tm, 1, 1);
    expect(t.writeVersion(2)).toBe((v + 1) >>> 0);
  });
});
