import { describe, expect, it } from "vitest";
import {
  LayoutEngine,
  UnknownStructError,
  fieldOf,
  layoutSummary,
  type CRecordDecl,
} from "./layout.js";

/** A small made-up table: the engine is tested on its own rules here, on Xen's structs in table/. */
const DECLS: readonly CRecordDecl[] = [
  {
    name: "pair_t",
    tag: "pair",
    fields: [
      { name: "a", ctype: "uint32_t" },
      { name: "b", ctype: "uint16_t" },
    ],
  },
  {
    name: "mixed_t",
    fields: [
      { name: "small", ctype: "uint32_t" },
      { name: "big", ctype: "uint64_t" },
    ],
  },
  {
    name: "aligned_t",
    fields: [
      { name: "small", ctype: "uint32_t" },
      { name: "big", ctype: "uint64_aligned_t" },
    ],
  },
  {
    name: "outer_t",
    fields: [
      { name: "c", ctype: "char" },
      { name: "inner", ctype: "pair_t" },
      { name: "pairs", ctype: "struct pair", count: 3 },
      { name: "bytes", ctype: "uint8_t", count: 5 },
    ],
  },
  {
    name: "flex_t",
    fields: [
      { name: "n", ctype: "uint32_t" },
      { name: "pad", ctype: "uint32_t" },
      { name: "items", ctype: "mixed_t", flexible: true },
    ],
  },
  {
    name: "flex_wider_t",
    fields: [
      { name: "n", ctype: "uint16_t" },
      { name: "items", ctype: "uint64_t", flexible: true },
    ],
  },
  {
    name: "handle_t",
    fields: [
      { name: "h", ctype: "XEN_GUEST_HANDLE(uint8)" },
      { name: "len", ctype: "uint32_t" },
    ],
  },
  { name: "self_t", fields: [{ name: "me", ctype: "self_t" }] },
  {
    name: "bad_flex_t",
    fields: [
      { name: "x", ctype: "uint8_t", flexible: true },
      { name: "y", ctype: "uint8_t" },
    ],
  },
  { name: "bad_count_t", fields: [{ name: "x", ctype: "uint8_t", count: 0 }] },
  { name: "bad_type_t", fields: [{ name: "x", ctype: "float" }] },
  {
    name: "dup_t",
    fields: [
      { name: "x", ctype: "uint8_t" },
      { name: "x", ctype: "uint8_t" },
    ],
  },
];

function engine() {
  const byName = new Map<string, CRecordDecl>();
  for (const d of DECLS) {
    byName.set(d.name, d);
    if (d.tag !== undefined) byName.set(d.tag, d);
  }
  return new LayoutEngine((n) => byName.get(n));
}

const offsets = (l: { fields: readonly { name: string; offset: number }[] }) =>
  Object.fromEntries(l.fields.map((f) => [f.name, f.offset]));

describe("LayoutEngine", () => {
  it("pads to each field's alignment and rounds the size to the struct's", () => {
    const l = engine().layoutOf("pair_t", "aarch64");
    expect(l).toMatchObject({ name: "pair_t", target: "aarch64", size: 8, align: 4 });
    expect(offsets(l)).toEqual({ a: 0, b: 4 });
  });

  it("places uint64_t at 4 on i386 but uint64_aligned_t at 8", () => {
    const e = engine();
    expect(e.layoutOf("mixed_t", "pv32")).toMatchObject({ size: 12, align: 4 });
    expect(fieldOf(e.layoutOf("mixed_t", "hvm32"), "big")).toMatchObject({
      offset: 4,
      size: 8,
      align: 4,
    });
    expect(e.layoutOf("mixed_t", "aarch32")).toMatchObject({ size: 16, align: 8 });
    expect(fieldOf(e.layoutOf("mixed_t", "aarch32"), "big")?.offset).toBe(8);
    expect(e.layoutOf("aligned_t", "pv32")).toMatchObject({ size: 16, align: 8 });
    expect(fieldOf(e.layoutOf("aligned_t", "i386"), "big")).toMatchObject({ offset: 8, align: 8 });
  });

  it("lays out nested structs and arrays of them", () => {
    const l = engine().layoutOf("outer_t", "x86_64");
    expect(offsets(l)).toEqual({ c: 0, inner: 4, pairs: 12, bytes: 36 });
    expect(l.size).toBe(44);
    expect(l.align).toBe(4);
    const inner = fieldOf(l, "inner")!;
    expect(inner).toMatchObject({ kind: "struct", size: 8, elemSize: 8, align: 4 });
    expect(inner.struct?.name).toBe("pair_t");
    expect(fieldOf(l, "pairs")).toMatchObject({ count: 3, elemSize: 8, size: 24, kind: "struct" });
    expect(fieldOf(l, "bytes")).toMatchObject({
      count: 5,
      elemSize: 1,
      size: 5,
      kind: "int",
      signed: false,
    });
  });

  it("gives a flexible array an offset but no size", () => {
    const e = engine();
    const l = e.layoutOf("flex_t", "pv64");
    expect(l.size).toBe(8);
    expect(l.align).toBe(8);
    expect(fieldOf(l, "items")).toMatchObject({ offset: 8, size: 0, flexible: true, elemSize: 16 });
    expect(fieldOf(l, "items")?.count).toBeUndefined();
    // The flexible member's alignment still counts: padding after n, and in the size.
    const w = e.layoutOf("flex_wider_t", "aarch64");
    expect(w).toMatchObject({ size: 8, align: 8 });
    expect(fieldOf(w, "items")?.offset).toBe(8);
    expect(e.layoutOf("flex_wider_t", "i386")).toMatchObject({ size: 4, align: 4 });
  });

  it("sizes guest handles per mode", () => {
    const e = engine();
    expect(e.layoutOf("handle_t", "aarch32")).toMatchObject({ size: 16, align: 8 });
    expect(e.layoutOf("handle_t", "pv32")).toMatchObject({ size: 8, align: 4 });
    expect(fieldOf(e.layoutOf("handle_t", "pv32"), "h")).toMatchObject({ kind: "handle", size: 4 });
  });

  it("caches per target: modes sharing a target get the same frozen object", () => {
    const e = engine();
    const a = e.layoutOf("outer_t", "pv32");
    expect(e.layoutOf("outer_t", "hvm32")).toBe(a);
    expect(e.layoutOf("outer_t", "i386")).toBe(a);
    expect(e.layoutOf("struct outer_t", "i386")).toBe(a);
    expect(e.layoutOf("outer_t", "x86_64")).not.toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.fields)).toBe(true);
    expect(Object.isFrozen(a.fields[0])).toBe(true);
  });

  it("finds records by struct tag", () => {
    expect(engine().layoutOf("struct pair", "aarch64").name).toBe("pair_t");
    expect(engine().has("struct pair")).toBe(true);
    expect(engine().has("nope")).toBe(false);
  });

  it("rejects unknown structs and malformed declarations clearly", () => {
    const e = engine();
    expect(() => e.layoutOf("nope_t", "aarch64")).toThrow(UnknownStructError);
    expect(() => e.layoutOf("nope_t", "aarch64")).toThrow("unknown struct 'nope_t'");
    expect(() => e.layoutOf("self_t", "aarch64")).toThrow("struct self_t contains itself");
    expect(() => e.layoutOf("bad_flex_t", "aarch64")).toThrow(
      "bad_flex_t.x: a flexible array member must be the last field",
    );
    expect(() => e.layoutOf("bad_count_t", "aarch64")).toThrow(
      "bad_count_t.x: array count 0 is not a positive integer",
    );
    expect(() => e.layoutOf("bad_type_t", "aarch64")).toThrow(
      "bad_type_t.x: unknown C type 'float'",
    );
    expect(() => e.layoutOf("dup_t", "aarch64")).toThrow("dup_t.x: duplicate field");
  });
});

describe("layoutSummary", () => {
  it("keeps size, align and each field's name, offset and size", () => {
    const s = layoutSummary(engine().layoutOf("flex_t", "i386"));
    expect(s).toEqual({
      size: 8,
      align: 4,
      fields: [
        { name: "n", offset: 0, size: 4 },
        { name: "pad", offset: 4, size: 4 },
        { name: "items", offset: 8, size: 0 },
      ],
    });
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });
});
