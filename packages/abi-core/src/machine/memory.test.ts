import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GuestMemory, PAGE_SIZE, contiguousRun, copyBytes } from "./memory.js";

describe("GuestMemory", () => {
  it("backs only the frames touched, reads untouched ones as zeroes", () => {
    const m = new GuestMemory(4 * 2 ** 30);
    expect(m.readBytes(0x12345678, 4)).toEqual(new Uint8Array(4));
    expect(m.touchedFrames).toBe(0);
    expect(m.write(0x7000, new Uint8Array([1, 2, 3]))).toBe(true);
    expect(m.touchedFrames).toBe(1);
    expect([...m.readBytes(0x7000, 3)!]).toEqual([1, 2, 3]);
  });

  it("refuses accesses outside the guest (copy_{to,from}_guest -> -EFAULT)", () => {
    const m = new GuestMemory(2 * PAGE_SIZE);
    expect(m.write(2 * PAGE_SIZE - 2, new Uint8Array(4))).toBe(false);
    expect(m.readBytes(-1, 1)).toBeUndefined();
    expect(m.contains(PAGE_SIZE, PAGE_SIZE)).toBe(true);
    expect(m.contains(PAGE_SIZE + 1, PAGE_SIZE)).toBe(false);
  });

  it("leaves frame 0 unmapped at boot: a NULL handle faults", () => {
    const m = new GuestMemory(4 * PAGE_SIZE);
    expect(m.contains(0, 1)).toBe(false);
    expect(m.contains(PAGE_SIZE - 1, 2)).toBe(false);
    expect(m.contains(0, 0)).toBe(true); // a copy of nothing
    expect(m.write(0x10, new Uint8Array(1))).toBe(false);
    expect(m.readBytes(0, 4)).toBeUndefined();
    expect(m.hasFrame(0)).toBe(false);
    expect(m.hasFrame(1)).toBe(true);
    expect(m.touchedFrames).toBe(0);
    expect(m.unmappedFrames()).toEqual([0]);
  });

  it("unmaps and repopulates frames at run time, with fresh zeroed pages", () => {
    const m = new GuestMemory(8 * PAGE_SIZE);
    m.write(2 * PAGE_SIZE, new Uint8Array(3 * PAGE_SIZE).fill(7));
    const held = m.frame(3); // what a ring or a mapped vcpu_info keeps
    expect(m.contiguousFrom(2 * PAGE_SIZE, 3 * PAGE_SIZE)).toBe(3 * PAGE_SIZE);
    expect(m.unmap(3)).toBe(true);
    expect(m.unmap(3)).toBe(false);
    expect(m.contains(2 * PAGE_SIZE, 3 * PAGE_SIZE)).toBe(false);
    expect(m.firstHole(2 * PAGE_SIZE, 3 * PAGE_SIZE)).toBe(3);
    expect(m.hasFrame(3)).toBe(false);
    expect(m.contains(0, 1)).toBe(false); // frame 0 stays a hole
    expect(m.readBytes(2 * PAGE_SIZE, PAGE_SIZE)).toEqual(new Uint8Array(PAGE_SIZE).fill(7));
    expect(held[0]).toBe(7); // the holder keeps the old page
    expect(m.populate(3)).toBe(true);
    expect(m.populate(3)).toBe(false);
    expect(m.readBytes(3 * PAGE_SIZE, 4)).toEqual(new Uint8Array(4));
    // The new page is not the held one, and runs no longer see 2-3-4 as one block.
    m.write(3 * PAGE_SIZE, new Uint8Array([9]));
    expect(held[0]).toBe(7);
    expect(m.contiguousFrom(2 * PAGE_SIZE, 3 * PAGE_SIZE)).toBe(PAGE_SIZE);
    expect(m.populate(0)).toBe(true);
    expect(m.contains(0, 1)).toBe(true);
  });

  it("maps a foreign page at a gfn: guest and Xen see the same bytes", () => {
    const m = new GuestMemory(8 * PAGE_SIZE);
    const page = new Uint8Array(PAGE_SIZE);
    m.write(5 * PAGE_SIZE, new Uint8Array([1, 2]));
    m.mapForeign(5, page);
    expect(m.readBytes(5 * PAGE_SIZE, 2)).toEqual(new Uint8Array(2));
    page[1] = 0x42;
    expect(m.readBytes(5 * PAGE_SIZE, 2)).toEqual(new Uint8Array([0, 0x42]));
    m.write(5 * PAGE_SIZE + 2, new Uint8Array([0x43]));
    expect(page[2]).toBe(0x43);
    // Copies through the slab path reach it too, and it joins no run with its neighbours.
    m.write(4 * PAGE_SIZE, new Uint8Array(PAGE_SIZE).fill(1));
    expect(m.contiguousFrom(4 * PAGE_SIZE, 2 * PAGE_SIZE)).toBe(PAGE_SIZE);
    const out = new Uint8Array(64);
    m.copyTo(out, 0, 5 * PAGE_SIZE, 64);
    expect(out[1]).toBe(0x42);
    expect(() => m.mapForeign(8, page)).toThrow(RangeError);
  });

  it("finds runs of frames adjacent in backing memory, and copies across them", () => {
    const m = new GuestMemory(1 << 20);
    const data = new Uint8Array(3 * PAGE_SIZE).map((_, i) => i & 0xff);
    m.write(0x10000, data); // frames 0x10-0x12 backed one after another
    m.write(0x40000, new Uint8Array(1)); // frame 0x40 backed next, so 0x13 will not follow 0x12
    expect(m.contiguousFrom(0x10010, 4 * PAGE_SIZE)).toBe(3 * PAGE_SIZE - 0x10);
    expect(m.contiguousFrom(0x10010, 100)).toBe(100);
    // Backing order is 0x10, 0x11, 0x12, 0x40, 0x13: a ring on these pages in that order is
    // one run; in gfn order it is two.
    expect([...m.frameRuns([0x10, 0x11, 0x12, 0x40, 0x13])]).toEqual([5, 4, 3, 2, 1]);
    const runs = m.frameRuns([0x10, 0x11, 0x12, 0x13]);
    expect([...runs]).toEqual([3, 2, 1, 1]);
    expect(contiguousRun(runs, 0, 8, 1 << 20)).toBe(3 * PAGE_SIZE - 8);
    const out = new Uint8Array(3 * PAGE_SIZE);
    copyBytes(out, 0, m.frame(0x10), 0, 3 * PAGE_SIZE);
    expect(out).toEqual(data);
  });

  it("frame() answers each gfn with its one frame, whatever its cache holds", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4095 }), { maxLength: 400 }), (gfns) => {
        const m = new GuestMemory(4096 * PAGE_SIZE);
        const first = new Map<number, Uint8Array>();
        for (const g of gfns) {
          const f = m.frame(g);
          if (!first.has(g)) {
            f[0] = g & 0xff;
            f[1] = g >>> 8;
            first.set(g, f);
          }
          expect(f).toBe(first.get(g));
          expect(f[0]! | (f[1]! << 8)).toBe(g);
        }
        expect(m.touchedFrames).toBe(first.size);
      }),
    );
  });

  it("copyTo copies the current bytes at the right address, whatever view it reused", () => {
    const m = new GuestMemory(1 << 20);
    const a = m.frame(0x20);
    const b = m.frame(0x30);
    a.fill(1);
    b.fill(2);
    const out = new Uint8Array(200);
    for (const [addr, want] of [
      [0x20064, 1],
      [0x30064, 2], // same length and page offset, another frame
      [0x20064, 1],
    ] as const) {
      m.copyTo(out, 0, addr, 200);
      expect(out.every((x) => x === want)).toBe(true);
    }
    a.fill(3); // a live view, not a snapshot
    m.copyTo(out, 0, 0x20064, 200);
    expect(out.every((x) => x === 3)).toBe(true);
    a[0x64 + 199] = 9;
    m.copyTo(out, 1, 0x20065, 199); // another address and length
    expect([out[0], out[1], out[198], out[199]]).toEqual([3, 3, 3, 9]);
    m.copyTo(out, 0, 0x20064 + 190, 10); // short: byte by byte
    expect([...out.subarray(0, 10)]).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 9]);
    expect(() => m.copyTo(out, 1, 0x20064, 200)).toThrow(RangeError);
  });

  it("contiguousFrom (with its cache of the last walk) agrees with a frame-by-frame walk", () => {
    const FRAMES = 600; // crosses slot-table chunks and slabs (256 pages each)
    const op = fc.oneof(
      fc.record({ touch: fc.integer({ min: 0, max: FRAMES - 1 }) }),
      fc.record({
        addr: fc.integer({ min: 0, max: FRAMES * PAGE_SIZE - 1 }),
        max: fc.integer({ min: 1, max: 40 * PAGE_SIZE }),
      }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const m = new GuestMemory(FRAMES * PAGE_SIZE);
        for (const o of ops) {
          if ("touch" in o) {
            m.frame(o.touch);
            continue;
          }
          const got = m.contiguousFrom(o.addr, o.max);
          // The walk contiguousFrom promises: frame after frame while each sits right after
          // the previous one in the same backing buffer.
          let g = Math.floor(o.addr / PAGE_SIZE);
          let run = PAGE_SIZE - (o.addr % PAGE_SIZE);
          while (run < o.max && g + 1 < FRAMES) {
            const a = m.frame(g);
            const b = m.frame(g + 1);
            if (a.buffer !== b.buffer || b.byteOffset !== a.byteOffset + PAGE_SIZE) break;
            g++;
            run += PAGE_SIZE;
          }
          expect(got).toBe(Math.min(run, o.max));
        }
      }),
      { numRuns: 300 },
    );
  });

  it("backs a guest's first 16 touched pages with 64 KiB, then slabs of 64 and 256 pages", () => {
    const m = new GuestMemory(1 << 30);
    const sizes: number[] = [];
    for (let g = 1; g <= 16 + 64 + 256 + 1; g++) {
      const b = m.frame(g).buffer;
      if (sizes.length === 0 || b !== m.frame(g - 1).buffer) sizes.push(b.byteLength);
    }
    expect(sizes).toEqual([16, 64, 256, 256].map((p) => p * PAGE_SIZE));
    // A guest smaller than a slab gets one slab of its size.
    expect(new GuestMemory(4 * PAGE_SIZE).frame(1).buffer.byteLength).toBe(4 * PAGE_SIZE);
  });

  it("frameSlabs gives each frame's whole slab, which byteOffset indexes", () => {
    const m = new GuestMemory(1 << 20);
    m.write(0x20000, new Uint8Array([7]));
    const slabs = m.frameSlabs([0x20, 0x21]);
    const f = m.frame(0x20);
    expect(slabs[0]![f.byteOffset]).toBe(7);
    expect(slabs[0]!.buffer).toBe(f.buffer);
    expect(slabs[1]!.buffer).toBe(m.frame(0x21).buffer);
  });

  it("mapFrames maps each page to its frame, run, slab and offset in the slab", () => {
    const m = new GuestMemory(1 << 20);
    m.write(0x30000, new Uint8Array([1])); // 0x30 backed first
    const map = m.mapFrames([0x50, 0x51, 0x30]);
    expect(map.frames).toEqual([0x50, 0x51, 0x30].map((g) => m.frame(g)));
    expect([...map.runs]).toEqual([2, 1, 1]);
    map.frames.forEach((f, i) => {
      expect(map.slabs[i]!.buffer).toBe(f.buffer);
      expect(map.offsets[i]).toBe(f.byteOffset);
    });
    map.frames[1]![5] = 9;
    expect(map.slabs[0]![map.offsets[0]! + 4096 + 5]).toBe(9); // 0x51 follows 0x50
  });
});

describe("GuestMemory keeps pages backed together side by side", () => {
  it("starts a new slab for a ring's pages when the current one has no room for all of them", () => {
    const m = new GuestMemory(1024 * PAGE_SIZE);
    m.frame(900); // the first slab (16 pages) has 15 left
    const gfns = Array.from({ length: 64 }, (_, i) => 0x100 + i);
    const map = m.mapFrames(gfns);
    expect(map.runs[0]).toBe(64);
    // A 32 KiB write into unbacked pages is one run too.
    m.write(0x200 * PAGE_SIZE, new Uint8Array(8 * PAGE_SIZE).fill(1));
    expect(m.contiguousFrom(0x200 * PAGE_SIZE, 8 * PAGE_SIZE)).toBe(8 * PAGE_SIZE);
  });
});
