import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fuzzArgo } from "./argo-fuzz.js";

describe("Argo's guarantees over random multi-domain, multi-mode operation sequences", () => {
  it("hold for random seeds (writes only in free ring space, exact messages, true source, no throw)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (seed) => {
        expect(fuzzArgo(seed, 300)).toBe(300);
      }),
      { numRuns: 20, seed: 42 },
    );
  });
});
