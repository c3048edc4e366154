import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ARGO_RING_SIZE } from "../hypercalls/argo_op/constants.js";
import { PAGE_SIZE } from "../machine/memory.js";
import { Xen } from "../xen.js";
import { ArgoGuest, ArgoRing } from "./argo.js";
import { receiveReference } from "./receive-reference.js";

/** Ring pages: a run of adjacent gfns, or the same count scattered (not adjacent in backing). */
const ringArb = fc.record({
  pages: fc.integer({ min: 1, max: 4 }),
  scattered: fc.boolean(),
  // Ring length: this many 16-byte slots short of what the pages hold (register_ring wants
  // exactly `pages` pages, and at least 48 bytes).
  slotsShort: fc.nat({ max: 240 }),
});

const stepArb = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("send" as const),
      // Mostly short messages (the word-by-word copies), some long ones and odd lengths.
      size: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 0, max: 300 }) },
        { weight: 1, arbitrary: fc.integer({ min: 0, max: 3000 }) },
      ),
      seed: fc.nat({ max: 255 }),
      srcAport: fc.nat({ max: 0xffffffff }),
      type: fc.nat({ max: 0xffffffff }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("receive" as const),
      // Which destination: 4-aligned or not, the same one again or a fresh one, short or long.
      out: fc.nat({ max: 5 }),
    }),
  },
);

/** Destinations: byteOffset 0, 4 and 1..3 of one buffer, a short one, and a new array each time. */
function destinations(): (() => Uint8Array)[] {
  const buffer = new ArrayBuffer(8192);
  const kept = [0, 4, 1, 3].map((o) => new Uint8Array(buffer, o, 4096));
  const short = new Uint8Array(40);
  return [...kept.map((b) => () => b), () => short, () => new Uint8Array(4096)];
}

describe("ArgoRing.receive against its reference path", () => {
  it("returns the same length, payload, source, type and rx_ptr, and writes nothing else", () => {
    fc.assert(
      fc.property(ringArb, fc.array(stepArb, { minLength: 1, maxLength: 60 }), (spec, steps) => {
        const xen = new Xen({ arch: "arm64", cmdline: "argo=1" });
        xen.createDomain({ id: 1, mode: "aarch64", memory: 1 << 20 });
        xen.createDomain({ id: 2, mode: "aarch64", memory: 1 << 20 });
        const a = new ArgoGuest(xen, 1, { scratch: 0x80000 });
        const b = new ArgoGuest(xen, 2, { scratch: 0x80000 });
        // Scattered: every other gfn, backed in reverse order, so no two are adjacent.
        const gfns = Array.from({ length: spec.pages }, (_, i) =>
          spec.scattered ? 0x40 + 2 * (spec.pages - 1 - i) : 0x40 + i,
        );
        if (spec.scattered) for (const g of [...gfns].reverse()) b.domain.memory.frame(g);
        const len = spec.pages * PAGE_SIZE - ARGO_RING_SIZE - 16 * spec.slotsShort;
        const ring = b.registerRing({ aport: 5, partner: 1, gfns, len });
        expect(ring).toBeInstanceOf(ArgoRing);
        const r = ring as ArgoRing;
        const outs = destinations();
        for (const step of steps) {
          if (step.kind === "send") {
            const data = new Uint8Array(step.size).map((_, i) => (step.seed + i * 7) & 0xff);
            const rc = a.send(2, 5, data, step.srcAport, step.type);
            expect(rc === data.length || rc < 0).toBe(true);
            continue;
          }
          const out = outs[step.out]!();
          out.fill(0xa5);
          const want = receiveReference({ memory: b.domain.memory, gfns, ringLength: len });
          if (want.length > out.length) {
            const rx = r.rxPtr;
            expect(() => r.receive(out)).toThrow(RangeError);
            expect(out.every((x) => x === 0xa5)).toBe(true);
            expect(r.rxPtr).toBe(rx);
            continue;
          }
          expect(r.receive(out)).toBe(want.length);
          expect(r.rxPtr).toBe(want.rxPtr);
          if (want.length < 0) continue;
          expect([...out.subarray(0, want.length)]).toEqual([...want.payload]);
          expect(out.subarray(want.length).every((x) => x === 0xa5)).toBe(true);
          expect([r.lastSourceDomid, r.lastSourceAport, r.lastType]).toEqual([
            want.sourceDomid,
            want.sourceAport,
            want.messageType,
          ]);
        }
      }),
      { numRuns: 150 },
    );
  });
});
