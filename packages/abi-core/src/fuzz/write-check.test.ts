import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RingInfo } from "../hypercalls/argo_op/index.js";
import type { Domain } from "../machine/domain.js";
import { PAGE_SIZE } from "../machine/memory.js";
import { allowedRanges, byteAllowed, type FreeRegions, type NotifyRange } from "./allowed.js";
import { InvariantViolation } from "./violation.js";
import { FuzzWorld } from "./world.js";
import { WriteCheck } from "./write-check.js";

/** The oracle itself must catch a stray write, or the fuzzer proves nothing. */
describe("the fuzzer's write check", () => {
  it("fails a call during which a byte outside any free ring region changed", () => {
    const w = new FuzzWorld(7);
    const check = new WriteCheck(w.xen);
    const g = w.guests.get(1)!;
    const d = w.xen.domain(2);
    const stray = () => {
      g.beforeExecute?.();
      d.memory.frame(11)[123]! ^= 0xff; // a data page: nothing may write it during a call
      return 0;
    };
    expect(() => check.around(g, stray, null)).toThrow(InvariantViolation);
    expect(() => check.around(g, stray, null)).toThrow(/d2 gfn 11 offset 123/);
  });

  it("passes a call that changed nothing", () => {
    const w = new FuzzWorld(7);
    const check = new WriteCheck(w.xen);
    const g = w.guests.get(1)!;
    expect(check.around(g, () => (g.beforeExecute?.(), 5), null)).toBe(5);
  });
});

describe("the write check's shortcuts", () => {
  it("catches, on an audited call, a page changed without a noted write", () => {
    const w = new FuzzWorld(7);
    const check = new WriteCheck(w.xen, 1); // every call audited
    const g = w.guests.get(1)!;
    const held = w.xen.domain(2).memory.peekFrame(11)!; // a reference kept from before
    const sneaky = () => {
      g.beforeExecute?.();
      held[123]! ^= 0xff;
      return 0;
    };
    expect(() => check.around(g, sneaky, null)).toThrow(/d2 gfn 11 without a noted write/);
  });

  it("allowedRanges allows exactly the bytes byteAllowed allows", () => {
    const ring = fc.record({
      gfns: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
      len: fc.integer({ min: 3, max: 3 * 256 }).map((n) => 16 * n),
      tx: fc.integer({ min: 0, max: 3 * 256 }).map((n) => 16 * n),
      rx: fc.integer({ min: -1, max: 3 * 256 }).map((n) => 16 * n),
    });
    fc.assert(
      fc.property(
        fc.array(ring, { maxLength: 4 }),
        fc.option(
          fc.tuple(fc.integer({ min: 0, max: 6 * PAGE_SIZE }), fc.integer({ min: 0, max: 256 })),
        ),
        fc.integer({ min: 0, max: 5 }),
        (rings, notify, gfn) => {
          const d = { argo: null } as unknown as Domain;
          const before: FreeRegions = new Map([
            [
              d,
              rings.map((r) => ({
                ring: { gfns: r.gfns, len: r.len } as unknown as RingInfo,
                tx: Math.min(r.tx, r.len - 16),
                rx: Math.min(r.rx, r.len - 16),
              })),
            ],
          ]);
          const nr: NotifyRange = notify ? [d, notify[0], notify[0] + 20 * notify[1]] : null;
          const ranges: number[] = [];
          allowedRanges(d, gfn, before, nr, ranges);
          for (let i = 2; i < ranges.length; i += 2)
            expect(ranges[i]).toBeGreaterThan(ranges[i - 1]!);
          const inRanges = (o: number) => {
            for (let i = 0; i < ranges.length; i += 2)
              if (o >= ranges[i]! && o < ranges[i + 1]!) return true;
            return false;
          };
          for (let o = 0; o < PAGE_SIZE; o++)
            if (inRanges(o) !== byteAllowed(d, gfn, o, before, nr))
              throw new Error(`offset ${o}: ranges ${inRanges(o)}, byteAllowed ${!inRanges(o)}`);
        },
      ),
      { numRuns: 200 },
    );
  });
});
