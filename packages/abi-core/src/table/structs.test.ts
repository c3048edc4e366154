import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { C_TARGETS, cTargetOf } from "../abi/ctypes.js";
import { UnknownStructError, fieldOf, layoutSummary } from "../abi/layout.js";
import { GUEST_MODES, type CTarget } from "../abi/modes.js";
import { isReleaseRef } from "../machine/release.js";
import { decodeStruct, encodeStruct, type FieldOutput } from "../machine/structio.js";
import type { StructLayout } from "../abi/layout.js";
import {
  STRUCTS,
  STRUCT_NAMES,
  findStruct,
  layoutOf,
  layoutsByMode,
  layoutsByTarget,
  structDef,
} from "./structs.js";

interface FixtureField {
  name: string;
  type: string;
  offset: number;
  size: number;
  align: number;
  flexible?: boolean;
}
interface Fixture {
  generated: string;
  target: string;
  triple: string;
  structs: Record<string, { size: number; align: number; fields: FixtureField[] }>;
}

function fixture(target: CTarget): Fixture {
  const url = new URL(`../../test/fixtures/layouts/${target}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Fixture;
}

describe("golden layouts from clang", () => {
  for (const target of C_TARGETS) {
    describe(target, () => {
      const fx = fixture(target);

      it("says how it was generated, for this target", () => {
        expect(fx.generated).toMatch(/gen-layout-fixtures\.mjs/);
        expect(fx.generated).toContain(`-target ${fx.triple}`);
        expect(fx.target).toBe(target);
      });

      it("covers every struct in the table, and nothing else", () => {
        expect(STRUCT_NAMES.filter((n) => !(n in fx.structs))).toEqual([]);
        expect(Object.keys(fx.structs).filter((n) => findStruct(n) === undefined)).toEqual([]);
      });

      for (const name of STRUCT_NAMES) {
        it(`${name} matches clang`, () => {
          const want = fx.structs[name];
          expect(want, `${name} missing from ${target}.json`).toBeDefined();
          const got = layoutOf(name, target);
          expect({ size: got.size, align: got.align }).toEqual({
            size: want!.size,
            align: want!.align,
          });
          expect(
            got.fields.map((f) => ({
              name: f.name,
              offset: f.offset,
              size: f.size,
              align: f.align,
              flexible: f.flexible === true,
            })),
          ).toEqual(
            want!.fields.map((f) => ({
              name: f.name,
              offset: f.offset,
              size: f.size,
              align: f.align,
              flexible: f.flexible === true,
            })),
          );
        });
      }
    });
  }
});

describe("layouts per guest mode", () => {
  it("aarch32 uses Arm's 8-byte handle, pv32/hvm32 the 4-byte compat handle", () => {
    expect(layoutOf("xen_argo_iov_t", "aarch32")).toMatchObject({ size: 16, align: 8 });
    expect(layoutOf("xen_argo_iov_t", "aarch64")).toMatchObject({ size: 16, align: 8 });
    expect(layoutOf("xen_argo_iov_t", "pv64")).toMatchObject({ size: 16, align: 8 });
    for (const m of ["pv32", "hvm32"] as const) {
      const l = layoutOf("xen_argo_iov_t", m);
      expect(l).toMatchObject({ size: 12, align: 4 });
      expect(l.fields.map((f) => f.offset)).toEqual([0, 4, 8]);
    }
  });

  it("multicall_entry_t holds xen_ulong_t: 64 bytes on Arm of both widths, 32 on 32-bit x86", () => {
    expect(layoutOf("multicall_entry_t", "aarch32").size).toBe(64);
    expect(layoutOf("multicall_entry_t", "hvm64").size).toBe(64);
    expect(layoutOf("multicall_entry_t", "pv32").size).toBe(32);
    expect(fieldOf(layoutOf("multicall_entry_t", "pv32"), "args")).toMatchObject({
      offset: 8,
      count: 6,
      elemSize: 4,
    });
  });

  it("the argo structs have the sizes argo.c relies on, in every mode", () => {
    for (const m of GUEST_MODES) {
      expect(layoutOf("xen_argo_ring_t", m).size).toBe(64);
      expect(fieldOf(layoutOf("xen_argo_ring_t", m), "ring")).toMatchObject({
        offset: 64,
        size: 0,
        flexible: true,
      });
      expect(layoutOf("xen_argo_ring_message_header", m).size).toBe(16);
      expect(layoutOf("xen_argo_send_addr_t", m).size).toBe(16);
      expect(layoutOf("xen_argo_register_ring_t", m).size).toBe(12);
      expect(layoutOf("xen_argo_ring_data_ent_t", m).size).toBe(20);
      expect(fieldOf(layoutOf("xen_argo_ring_data_t", m), "data")).toMatchObject({
        offset: 8,
        elemSize: 20,
      });
    }
  });

  it("layoutsByMode and layoutsByTarget agree with cTargetOf", () => {
    const byMode = layoutsByMode("vcpu_runstate_info_t");
    const byTarget = layoutsByTarget("vcpu_runstate_info_t");
    for (const m of GUEST_MODES) expect(byMode[m]).toBe(byTarget[cTargetOf(m)]);
    expect(byTarget.i386.size).toBe(44);
    expect(byTarget.armv7.size).toBe(48);
    expect(layoutSummary(byMode.pv32).fields[1]).toEqual({
      name: "state_entry_time",
      offset: 4,
      size: 8,
    });
  });
});

describe("struct table", () => {
  it("finds structs by typedef name, tag and `struct tag`", () => {
    expect(findStruct("xen_argo_addr_t")?.name).toBe("xen_argo_addr_t");
    expect(findStruct("xen_argo_addr")?.name).toBe("xen_argo_addr_t");
    expect(findStruct("struct xen_argo_ring_message_header")?.name).toBe(
      "xen_argo_ring_message_header",
    );
    expect(findStruct("xen_argo_nope_t")).toBeUndefined();
    expect(() => structDef("xen_argo_nope_t")).toThrow(UnknownStructError);
    expect(() => layoutOf("xen_argo_nope_t", "aarch64")).toThrow(
      "unknown struct 'xen_argo_nope_t'",
    );
  });

  it("documents every struct and field, with unique names", () => {
    expect(new Set(STRUCT_NAMES).size).toBe(STRUCTS.length);
    for (const s of STRUCTS) {
      expect(s.header, s.name).toMatch(/^public\/[\w/-]+\.h$/);
      expect(s.summary.length, s.name).toBeGreaterThan(10);
      expect(s.fields.length, s.name).toBeGreaterThan(0);
      for (const f of s.fields) expect(f.meaning.length, `${s.name}.${f.name}`).toBeGreaterThan(3);
      if (s.since !== undefined) expect(isReleaseRef(s.since), s.name).toBe(true);
      if (s.arrayTypedef === true) expect(s.fields).toHaveLength(1);
    }
  });

  it("has every Argo struct from public/argo.h", () => {
    const argo = STRUCTS.filter((s) => s.header === "public/argo.h").map((s) => s.name);
    expect(argo.sort()).toEqual(
      [
        "xen_argo_addr_t",
        "xen_argo_send_addr_t",
        "xen_argo_iov_t",
        "xen_argo_ring_t",
        "xen_argo_register_ring_t",
        "xen_argo_unregister_ring_t",
        "xen_argo_ring_data_ent_t",
        "xen_argo_ring_data_t",
        "xen_argo_ring_message_header",
      ].sort(),
    );
  });

  it("marks as translated exactly the structs whose 32-bit x86 layout differs from x86_64's", () => {
    // xlat.lst '!' means Xen converts the compat layout; '?' means Xen checks that sizes and
    // offsets are identical (alignment may differ: vcpu_set_periodic_timer_t is 4- vs 8-aligned).
    const shape = (name: string, m: "pv32" | "pv64") => {
      const { size, fields } = layoutSummary(layoutOf(name, m));
      return JSON.stringify({ size, fields });
    };
    for (const s of STRUCTS.filter((d) => d.xlat !== undefined)) {
      const same = shape(s.name, "pv32") === shape(s.name, "pv64");
      expect(s.xlat, s.name).toBe(same ? "check" : "translate");
    }
  });
});

/** Distinct nonzero values for every field (top byte set, so truncation would show). */
function sample(
  layout: StructLayout,
  seed: { n: number },
  flexCount: number,
): Record<string, FieldOutput> {
  const out: Record<string, FieldOutput> = {};
  const one = (f: StructLayout["fields"][number]): FieldOutput => {
    if (f.kind === "struct") return sample(f.struct!, seed, 0);
    const bits = BigInt(f.elemSize * 8);
    // A distinct value per element that fits it: a counter under a 0x5a top byte.
    const n = BigInt(++seed.n);
    const v = bits === 8n ? n & 0xffn : (n & ((1n << (bits - 8n)) - 1n)) | (0x5an << (bits - 8n));
    return f.signed ? BigInt.asIntN(Number(bits), v) : v;
  };
  for (const f of layout.fields) {
    const n = f.flexible === true ? flexCount : f.count;
    if (n === undefined) out[f.name] = one(f);
    else if (f.elemSize === 1 && f.kind === "int")
      out[f.name] = Uint8Array.from({ length: n }, () => ++seed.n & 0xff);
    else out[f.name] = Array.from({ length: n }, () => one(f));
  }
  return out;
}

describe("struct I/O over the real table", () => {
  it("round-trips every struct in every mode, flexible members included", () => {
    for (const name of STRUCT_NAMES) {
      for (const m of GUEST_MODES) {
        const l = layoutOf(name, m);
        const flex = l.fields.some((f) => f.flexible === true) ? 2 : 0;
        const fields = sample(l, { n: 0 }, flex);
        const bytes = encodeStruct(l, fields);
        const last = l.fields[l.fields.length - 1]!;
        expect(bytes.length, `${name} ${m}`).toBe(
          flex ? Math.max(l.size, last.offset + 2 * last.elemSize) : l.size,
        );
        expect(decodeStruct(l, bytes, { flexCount: flex }), `${name} ${m}`).toEqual(fields);
      }
    }
  });

  it("puts xen_argo_register_ring_t's bytes where argo.c reads them", () => {
    const bytes = encodeStruct(layoutOf("xen_argo_register_ring_t", "aarch32"), {
      aport: 1,
      partner_id: 0x7ff4,
      len: 4032,
    });
    expect(Buffer.from(bytes).toString("hex")).toBe("01000000" + "f47f" + "0000" + "c00f0000");
  });
});
