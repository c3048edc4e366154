import { describe, expect, it } from "vitest";
import {
  CLANG_TRIPLES,
  C_TARGETS,
  cTargetOf,
  ctypeInfo,
  findCType,
  normalizeCType,
} from "./ctypes.js";
import { GUEST_MODES, MODE_INFO } from "./modes.js";

const sa = (ctype: string, abi: Parameters<typeof ctypeInfo>[1]) => {
  const i = ctypeInfo(ctype, abi);
  return [i.size, i.align];
};

describe("cTargetOf", () => {
  it("maps guest modes onto the C target whose rules they follow", () => {
    expect(GUEST_MODES.map(cTargetOf)).toEqual([
      "aarch64",
      "armv7",
      "x86_64",
      "i386",
      "x86_64",
      "i386",
    ]);
  });
  it("accepts targets themselves and rejects anything else", () => {
    for (const t of C_TARGETS) expect(cTargetOf(t)).toBe(t);
    expect(() => cTargetOf("mips" as never)).toThrow(/unknown guest mode or C target 'mips'/);
    expect(() => cTargetOf("toString" as never)).toThrow(/unknown guest mode/);
  });
  it("has a clang triple per target", () => {
    expect(Object.keys(CLANG_TRIPLES).sort()).toEqual([...C_TARGETS].sort());
  });
});

describe("ctypeInfo: integers", () => {
  it("uint64_t is 4-aligned on i386 only; uint64_aligned_t is 8-aligned everywhere", () => {
    expect(sa("uint64_t", "pv32")).toEqual([8, 4]);
    expect(sa("uint64_t", "hvm32")).toEqual([8, 4]);
    expect(sa("uint64_t", "aarch32")).toEqual([8, 8]);
    expect(sa("uint64_t", "pv64")).toEqual([8, 8]);
    for (const m of GUEST_MODES) expect(sa("uint64_aligned_t", m)).toEqual([8, 8]);
    expect(ctypeInfo("uint64_aligned_t", "i386").base).toBe("uint64_t");
  });
  it("long follows the guest word; long long follows uint64_t", () => {
    expect(sa("unsigned long", "aarch64")).toEqual([8, 8]);
    expect(sa("unsigned long", "aarch32")).toEqual([4, 4]);
    expect(sa("long", "pv32")).toEqual([4, 4]);
    expect(sa("unsigned long long", "i386")).toEqual([8, 4]);
    expect(sa("long long", "armv7")).toEqual([8, 8]);
  });
  it("xen_ulong_t is uint64_t on Arm (both widths) and unsigned long on x86", () => {
    expect(ctypeInfo("xen_ulong_t", "aarch32")).toMatchObject({
      size: 8,
      align: 8,
      base: "uint64_t",
    });
    expect(ctypeInfo("xen_ulong_t", "aarch64")).toMatchObject({ size: 8, base: "uint64_t" });
    expect(ctypeInfo("xen_ulong_t", "pv64")).toMatchObject({ size: 8, base: "unsigned long" });
    expect(ctypeInfo("xen_ulong_t", "hvm32")).toMatchObject({
      size: 4,
      align: 4,
      base: "unsigned long",
    });
    expect(ctypeInfo("xen_pfn_t", "pv32").size).toBe(4);
  });
  it("resolves Xen's fixed-width typedefs", () => {
    expect(ctypeInfo("domid_t", "pv32")).toMatchObject({
      size: 2,
      align: 2,
      signed: false,
      base: "uint16_t",
    });
    expect(ctypeInfo("evtchn_port_t", "aarch64")).toMatchObject({ size: 4, base: "uint32_t" });
    expect(ctypeInfo("xen_argo_port_t", "i386").size).toBe(4);
    expect(sa("xen_argo_gfn_t", "i386")).toEqual([8, 4]);
  });
  it("knows signedness, and that plain char is unsigned on Arm", () => {
    expect(ctypeInfo("int", "x86_64").signed).toBe(true);
    expect(ctypeInfo("unsigned int", "x86_64").signed).toBe(false);
    expect(ctypeInfo("int64_t", "i386").signed).toBe(true);
    expect(ctypeInfo("char", "aarch64").signed).toBe(false);
    expect(ctypeInfo("char", "armv7").signed).toBe(false);
    expect(ctypeInfo("char", "x86_64").signed).toBe(true);
    expect(ctypeInfo("char", "i386").signed).toBe(true);
  });
});

describe("ctypeInfo: handles and pointers", () => {
  it("XEN_GUEST_HANDLE is 8 bytes, 8-aligned on Arm of both widths, 4 bytes for 32-bit x86", () => {
    expect(sa("XEN_GUEST_HANDLE(uint8)", "aarch64")).toEqual([8, 8]);
    expect(sa("XEN_GUEST_HANDLE(uint8)", "aarch32")).toEqual([8, 8]);
    expect(sa("XEN_GUEST_HANDLE(uint8)", "pv64")).toEqual([8, 8]);
    expect(sa("XEN_GUEST_HANDLE(uint8)", "pv32")).toEqual([4, 4]);
    expect(sa("XEN_GUEST_HANDLE(uint8)", "hvm32")).toEqual([4, 4]);
    expect(ctypeInfo("XEN_GUEST_HANDLE(x)", "aarch32")).toMatchObject({
      kind: "handle",
      signed: false,
      base: "x *",
    });
  });
  it("XEN_GUEST_HANDLE_PARAM is the guest word; XEN_GUEST_HANDLE_64 is 8 bytes everywhere", () => {
    expect(sa("XEN_GUEST_HANDLE_PARAM(void)", "aarch32")).toEqual([4, 4]);
    expect(sa("XEN_GUEST_HANDLE_PARAM(void)", "aarch64")).toEqual([8, 8]);
    expect(sa("XEN_GUEST_HANDLE_PARAM(void)", "pv32")).toEqual([4, 4]);
    for (const m of GUEST_MODES) expect(sa("XEN_GUEST_HANDLE_64(uint8)", m)).toEqual([8, 8]);
  });
  it("agrees with MODE_INFO's handle widths for every mode", () => {
    for (const m of GUEST_MODES) {
      expect(ctypeInfo("XEN_GUEST_HANDLE(void)", m).size).toBe(MODE_INFO[m].handleStructBytes);
      expect(ctypeInfo("XEN_GUEST_HANDLE_PARAM(void)", m).size).toBe(MODE_INFO[m].handleParamBytes);
    }
  });
  it("pointers are the guest word, whatever they point to", () => {
    expect(ctypeInfo("void *", "aarch32")).toMatchObject({ kind: "pointer", size: 4, align: 4 });
    expect(ctypeInfo("const char*", "pv64")).toMatchObject({
      kind: "pointer",
      size: 8,
      ctype: "char *",
    });
    expect(ctypeInfo("struct xen_argo_ring **", "i386").size).toBe(4);
  });
});

describe("spelling", () => {
  it("normalises whitespace, qualifiers and synonyms", () => {
    expect(normalizeCType("  unsigned   long  int ")).toBe("unsigned long");
    expect(normalizeCType("const volatile uint8_t  *")).toBe("uint8_t *");
    expect(normalizeCType("char**")).toBe("char **");
    expect(normalizeCType("XEN_GUEST_HANDLE ( uint8 )")).toBe("XEN_GUEST_HANDLE(uint8)");
    expect(normalizeCType("unsigned")).toBe("unsigned int");
    expect(ctypeInfo("signed", "x86_64")).toMatchObject({ size: 4, signed: true, ctype: "int" });
  });
  it("throws for types it does not know, without caching a wrong answer", () => {
    expect(() => ctypeInfo("xen_argo_ring_t", "aarch64")).toThrow(
      "unknown C type 'xen_argo_ring_t'",
    );
    expect(() => ctypeInfo("float", "aarch64")).toThrow(/unknown C type/);
    expect(findCType("bogus_t", "pv64")).toBeUndefined();
    expect(findCType("bogus_t", "pv64")).toBeUndefined();
  });
  it("returns the same frozen object on repeated calls", () => {
    const a = ctypeInfo("uint32_t", "aarch64");
    expect(ctypeInfo("uint32_t", "aarch64")).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
  });
});
