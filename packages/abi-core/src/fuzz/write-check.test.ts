import { describe, expect, it } from "vitest";
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
      d.memory.frame(11)[123] ^= 0xff; // a data page: nothing may write it during a call
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
