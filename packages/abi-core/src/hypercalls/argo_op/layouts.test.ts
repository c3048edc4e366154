import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cTargetOf } from "../../abi/ctypes.js";
import { GUEST_MODES } from "../../abi/modes.js";
import { Domain } from "../../machine/domain.js";
import { StructReader } from "../../machine/guest-access.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import { clangField } from "../../table/clang-layouts.testing.js";
import { ARGO_LAYOUTS, MSG_HDR, RING } from "./layouts.js";

type Compiled = { size: number; at: Record<string, number>; len: Record<string, number> };

const PER_MODE = Object.entries(ARGO_LAYOUTS).flatMap(([name, byMode]) =>
  GUEST_MODES.map((m) => ({ name, mode: m, o: byMode[m] as unknown as Compiled })),
);
const ONE = [
  { name: "xen_argo_ring_t", o: RING as unknown as Compiled },
  { name: "xen_argo_ring_message_header", o: MSG_HDR as unknown as Compiled },
];

describe("Argo's compiled structs", () => {
  it("put every field where clang does, in every mode", () => {
    for (const { name, mode, o } of PER_MODE)
      for (const f of Object.keys(o.at)) {
        const want = clangField(cTargetOf(mode), name, f);
        expect([name, mode, f, o.at[f], o.len[f]]).toEqual([name, mode, f, want.at, want.size]);
      }
    for (const { name, o } of ONE)
      for (const m of GUEST_MODES)
        for (const f of Object.keys(o.at))
          expect([name, m, f, o.at[f]]).toEqual([name, m, f, clangField(cTargetOf(m), name, f).at]);
  });

  it("read through a machine's StructReader give the guest's bytes at clang's offsets, across pages", () => {
    const d = new Domain({ id: 1, mode: "aarch64", memory: 4 * PAGE_SIZE });
    const reader = new StructReader();
    fc.assert(
      fc.property(
        fc.constantFrom(...PER_MODE),
        // Frame 0 is unmapped at boot; from frame 1, structs may cross into frame 2.
        fc.integer({ min: PAGE_SIZE, max: 3 * PAGE_SIZE - 64 }),
        fc.uint8Array({ minLength: 64, maxLength: 64 }),
        ({ name, mode, o }, addr, bytes) => {
          d.memory.write(addr, bytes);
          expect(reader.read(d, addr, o.size)).toBe(true);
          for (const f of Object.keys(o.at)) {
            const { at, size } = clangField(cTargetOf(mode), name, f);
            const le = (n: number) => bytes.slice(at, at + n).reduceRight((v, b) => v * 256 + b, 0);
            if (size >= 4) expect(reader.u32(o.at[f]!)).toBe(le(4));
            if (size === 2) expect(reader.u16(o.at[f]!)).toBe(le(2));
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
