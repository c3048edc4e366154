import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Domain } from "./domain.js";
import { copyFromGuest, StructReader } from "./guest-access.js";
import { copyFromGuestReference, fieldReference } from "./guest-access-reference.js";
import { PAGE_SIZE } from "./memory.js";

const MEM = 8 * PAGE_SIZE;

/** A domain with random bytes in frames 1-7 and, sometimes, frame 5 taken out of the p2m. */
function guest(fill: Uint8Array, hole: boolean): Domain {
  const d = new Domain({ id: 1, mode: "aarch64", memory: MEM });
  for (let a = PAGE_SIZE; a < MEM; a += fill.length) d.memory.write(a, fill);
  if (hole) d.memory.unmap(5);
  return d;
}

const addr = fc.oneof(
  fc.integer({ min: 0, max: MEM + 64 }),
  fc.integer({ min: PAGE_SIZE - 64, max: PAGE_SIZE + 64 }),
  fc.integer({ min: 5 * PAGE_SIZE - 64, max: 6 * PAGE_SIZE + 64 }),
  fc.integer({ min: MEM - 80, max: MEM + 8 }),
);
const fill = fc.uint8Array({ minLength: 97, maxLength: 97 });

describe("guest access against its reference path", () => {
  it("copyFromGuest copies the same bytes and reports the same fault", () => {
    fc.assert(
      fc.property(fill, fc.boolean(), addr, fc.integer({ min: 0, max: 300 }), (f, hole, a, n) => {
        const d = guest(f, hole);
        const dst = new Uint8Array(n);
        const ok = copyFromGuest(d.memory, a, dst, 0, n);
        const ref = copyFromGuestReference({ memory: d.memory, addr: a, length: n });
        expect(ok).toBe(ref.ok);
        expect(dst).toEqual(ref.bytes);
      }),
      { numRuns: 500 },
    );
  });

  it("StructReader reads every u16 and u32 field as the reference does", () => {
    fc.assert(
      fc.property(fill, fc.boolean(), addr, fc.integer({ min: 4, max: 64 }), (f, hole, a, n) => {
        const d = guest(f, hole);
        const r = new StructReader();
        const ok = r.read(d, a, n);
        const ref = copyFromGuestReference({ memory: d.memory, addr: a, length: n });
        expect(ok).toBe(ref.ok);
        if (!ok) return;
        for (let o = 0; o + 2 <= n; o++)
          expect(r.u16(o)).toBe(fieldReference({ bytes: ref.bytes, offset: o, size: 2 }));
        for (let o = 0; o + 4 <= n; o++)
          expect(r.u32(o)).toBe(fieldReference({ bytes: ref.bytes, offset: o, size: 4 }));
      }),
      { numRuns: 500 },
    );
  });
});
