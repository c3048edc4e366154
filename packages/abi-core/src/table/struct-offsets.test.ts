import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { C_TARGETS, cTargetOf } from "../abi/ctypes.js";
import { GUEST_MODES, type CTarget } from "../abi/modes.js";
import { STRUCT_NAMES } from "./structs/index.js";
import { FIXTURES, clangField, nestedName } from "./clang-layouts.testing.js";
import { structOffsets, structOffsetsByMode } from "./struct-offsets.js";

/** Every dotted path of a struct in the fixture (nested structs expanded, arrays whole). */
function paths(target: CTarget, struct: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const f of FIXTURES[target].structs[struct]!.fields) {
    const p = prefix + f.name;
    out.push(p);
    const nested = nestedName(struct, f.type);
    if (nested !== undefined) out.push(...paths(target, nested, `${p}.`));
  }
  return out;
}

describe("compiled struct offsets match clang", () => {
  it("for every field path of every struct on every target (sampled)", () => {
    const cases = C_TARGETS.flatMap((t) =>
      STRUCT_NAMES.flatMap((s) => paths(t, s).map((p) => [t, s, p] as const)),
    );
    fc.assert(
      fc.property(fc.constantFrom(...cases), ([t, s, p]) => {
        const o = structOffsets(s, t, [p]);
        const want = clangField(t, s, p);
        expect(o.at[p]).toBe(want.at);
        expect(o.len[p]).toBe(want.size);
        expect(o.size).toBe(FIXTURES[t].structs[s]!.size);
      }),
      { numRuns: 2000 },
    );
  });

  it("per mode, as the mode's C target lays them out", () => {
    const send = structOffsetsByMode("xen_argo_iov_t", ["iov_len"]);
    for (const m of GUEST_MODES)
      expect(send[m].at.iov_len).toBe(clangField(cTargetOf(m), "xen_argo_iov_t", "iov_len").at);
    // The 32-bit x86 compat iov really is shorter: a wrong target would pass the loop above only by chance.
    expect(send.pv32.size).toBe(12);
    expect(send.hvm64.size).toBe(16);
  });

  it("names the struct and path it cannot find", () => {
    expect(() => structOffsets("xen_argo_iov_t", "aarch64", ["nope"])).toThrow(
      /xen_argo_iov_t has no field 'nope'/,
    );
    expect(() => structOffsets("xen_argo_iov_t", "aarch64", ["iov_len.x"])).toThrow(
      /not in a struct/,
    );
  });
});
