/**
 * Each narrowing kind, value by value at its edges: what the handler gets, whether the trace
 * says bits were lost, and how the trace words it. Mutation testing (npm run mutate) showed a
 * wrong sign extension or a wrong edge could pass the table-wide tests in narrow.test.ts.
 */
import { describe, expect, it } from "vitest";
import { MODE_INFO } from "../abi/modes.js";
import {
  Narrow,
  applyNarrow,
  argRegisterBits,
  describeNarrow,
  findArgReading,
  findNarrow,
  narrowOf,
} from "./narrow.js";

function narrow(k: Narrow, lo: number, hi: number): [number, number, boolean] {
  const outLo = new Uint32Array(3).fill(0x5a5a5a5a);
  const outHi = new Uint32Array(3).fill(0x5a5a5a5a);
  const lost = applyNarrow(k, lo, hi, outLo, outHi, 1);
  // Only slot 1 is written.
  expect([outLo[0], outHi[0], outLo[2], outHi[2]]).toEqual(Array(4).fill(0x5a5a5a5a));
  return [outLo[1]!, outHi[1]!, lost];
}

describe("applyNarrow, kind by kind", () => {
  it("Word and U64 keep both halves and lose nothing", () => {
    for (const k of [Narrow.Word, Narrow.U64]) {
      expect(narrow(k, 0xdeadbeef, 0xffffffff)).toEqual([0xdeadbeef, 0xffffffff, false]);
      expect(narrow(k, 0, 0)).toEqual([0, 0, false]);
    }
  });

  it("U32 drops the top half and says so only when it was not zero", () => {
    expect(narrow(Narrow.U32, 0xffffffff, 0)).toEqual([0xffffffff, 0, false]);
    expect(narrow(Narrow.U32, 0x80000000, 1)).toEqual([0x80000000, 0, true]);
    expect(narrow(Narrow.U32, 0, 0xffffffff)).toEqual([0, 0, true]);
  });

  it("S32 sign-extends from bit 31 and loses bits when the top half differs from that", () => {
    expect(narrow(Narrow.S32, 0x7fffffff, 0)).toEqual([0x7fffffff, 0, false]);
    expect(narrow(Narrow.S32, 0x80000000, 0xffffffff)).toEqual([0x80000000, 0xffffffff, false]);
    expect(narrow(Narrow.S32, 0x80000000, 0)).toEqual([0x80000000, 0xffffffff, true]);
    expect(narrow(Narrow.S32, 0x7fffffff, 0xffffffff)).toEqual([0x7fffffff, 0, true]);
    expect(narrow(Narrow.S32, 0xffffffff, 0xffffffff)).toEqual([0xffffffff, 0xffffffff, false]);
    expect(narrow(Narrow.S32, 1, 1)).toEqual([1, 0, true]);
  });

  it("U16 and U8 keep their low bits and lose at exactly one past their maximum", () => {
    expect(narrow(Narrow.U16, 0xffff, 0)).toEqual([0xffff, 0, false]);
    expect(narrow(Narrow.U16, 0x10000, 0)).toEqual([0, 0, true]);
    expect(narrow(Narrow.U16, 0x1234abcd, 0)).toEqual([0xabcd, 0, true]);
    expect(narrow(Narrow.U16, 5, 1)).toEqual([5, 0, true]);
    expect(narrow(Narrow.U8, 0xff, 0)).toEqual([0xff, 0, false]);
    expect(narrow(Narrow.U8, 0x100, 0)).toEqual([0, 0, true]);
    expect(narrow(Narrow.U8, 0x1ab, 0)).toEqual([0xab, 0, true]);
    expect(narrow(Narrow.U8, 7, 1)).toEqual([7, 0, true]);
  });
});

describe("classifying C types", () => {
  it("by name, by pointer, by const, and by the size of other typedefs", () => {
    expect(findNarrow("unsigned int")).toBe(Narrow.U32);
    expect(findNarrow("int")).toBe(Narrow.S32);
    expect(findNarrow("const int")).toBe(Narrow.S32);
    expect(findNarrow("domid_t")).toBe(Narrow.U16);
    expect(findNarrow("uint8_t")).toBe(Narrow.U8);
    expect(findNarrow("unsigned long")).toBe(Narrow.Word);
    expect(findNarrow("s_time_t")).toBe(Narrow.U64);
    expect(findNarrow("const char *")).toBe(Narrow.Word);
    expect(findNarrow("evtchn_port_t")).toBe(Narrow.U32);
    expect(findNarrow("int8_t")).toBe(Narrow.U8);
    expect(findNarrow("int16_t")).toBe(Narrow.U16);
    expect(findNarrow("no_such_type_t")).toBeUndefined();
    expect(() => narrowOf("no_such_type_t")).toThrow(
      "no narrowing rule for C type 'no_such_type_t'",
    );
  });

  it("words each kind for the trace, saying when bits went", () => {
    expect(describeNarrow(Narrow.Word, 32, false)).toBe(
      "full 32-bit word (guest handle or unsigned long)",
    );
    expect(describeNarrow(Narrow.U64, 64, true)).toBe("64-bit value");
    expect(describeNarrow(Narrow.U32, 64, true)).toBe(
      "truncated to 32 bits (top half dropped silently)",
    );
    expect(describeNarrow(Narrow.U32, 64, false)).toBe("32 bits");
    expect(describeNarrow(Narrow.S32, 64, true)).toBe(
      "truncated to 32 bits, signed (top half dropped silently)",
    );
    expect(describeNarrow(Narrow.S32, 64, false)).toBe("32 bits, signed");
    expect(describeNarrow(Narrow.U16, 64, true)).toBe("truncated to 16 bits");
    expect(describeNarrow(Narrow.U16, 64, false)).toBe("16 bits");
    expect(describeNarrow(Narrow.U8, 64, true)).toBe("truncated to 8 bits");
    expect(describeNarrow(Narrow.U8, 64, false)).toBe("8 bits");
  });

  it("reads 32-bit argument registers for x86 compat guests and on arm32 Xen only", () => {
    expect(argRegisterBits(MODE_INFO.pv32, "x86_64")).toBe(32);
    expect(argRegisterBits(MODE_INFO.hvm32, "x86_64")).toBe(32);
    expect(argRegisterBits(MODE_INFO.pv64, "x86_64")).toBe(64);
    expect(argRegisterBits(MODE_INFO.aarch32, "arm64")).toBe(64);
    expect(argRegisterBits(MODE_INFO.aarch32, "arm32")).toBe(32);
  });

  it("gives each kind's parameter width", () => {
    const bits = (t: string) => findArgReading(t, "aarch64", "arm64")!.paramBits;
    expect(bits("void *")).toBe(64);
    expect(bits("uint64_t")).toBe(64);
    expect(bits("unsigned int")).toBe(32);
    expect(bits("int")).toBe(32);
    expect(bits("domid_t")).toBe(16);
    expect(bits("uint8_t")).toBe(8);
    expect(findArgReading("void *", "aarch32", "arm32")!.paramBits).toBe(32);
    expect(findArgReading("unsigned long", "aarch64", "arm64")!.handle).toBe(false);
    expect(findArgReading("no_such_type_t", "aarch64", "arm64")).toBeUndefined();
  });
});
