import { describe, expect, it } from "vitest";
import { GUEST_MODES, MODE_INFO } from "../abi/modes.js";
import { RELEASES } from "../machine/release.js";
import { dispatchTable, guestTypesOf } from "../table/dispatch-table.js";
import { applyNarrow, argReading, narrowOf } from "./narrow.js";

/** Every parameter type the table's prototypes use. */
const TYPES = [
  ...new Set(
    RELEASES.flatMap((r) =>
      (["arm64", "x86_64"] as const).flatMap((arch) =>
        guestTypesOf(arch).flatMap((gt) =>
          dispatchTable(r, arch, gt).flatMap((e) => e?.prototype.params.map((p) => p.type) ?? []),
        ),
      ),
    ),
  ),
];

describe("narrowing", () => {
  it("knows every parameter type in the hypercall table", () => {
    expect(TYPES.length).toBeGreaterThan(10);
    for (const t of TYPES) expect(() => narrowOf(t), t).not.toThrow();
  });

  it("argReading's drops is exactly when applyNarrow loses register bits", () => {
    const lo = new Uint32Array(1);
    const hi = new Uint32Array(1);
    for (const t of TYPES)
      for (const mode of GUEST_MODES)
        for (const arch of MODE_INFO[mode].xenArches) {
          const r = argReading(t, mode, arch);
          // Bits above 16 in the low half, and (where Xen reads them) a top half, the
          // low half's sign bit clear so a signed cast cannot hide the top half.
          const rawHi = r.registerBits === 64 ? 0xffffffff : 0;
          const lost = applyNarrow(narrowOf(t), 0x7fff0000, rawHi, lo, hi, 0);
          expect(lost, `${t} ${mode} ${arch}`).toBe(r.drops);
        }
  });

  it("argReading widths: handles and unsigned long keep the Xen word", () => {
    expect(argReading("void *", "aarch32", "arm64")).toEqual({
      registerBits: 64,
      paramBits: 64,
      handle: true,
      drops: false,
    });
    expect(argReading("unsigned long", "aarch32", "arm32")).toMatchObject({
      registerBits: 32,
      paramBits: 32,
    });
    expect(argReading("unsigned int", "pv64", "x86_64")).toMatchObject({
      paramBits: 32,
      drops: true,
    });
    expect(argReading("unsigned int", "pv32", "x86_64")).toMatchObject({
      registerBits: 32,
      drops: false,
    });
    expect(argReading("uint64_t", "aarch32", "arm32")).toMatchObject({
      registerBits: 32,
      paramBits: 64,
    });
  });
});
