import { describe, expect, it } from "vitest";
import { firstDifference, formatBytes, parseByteString } from "./bytes.js";
import { hexAt, parseNumberForm, toSigned, toUnsigned } from "./numbers.js";

describe("number forms", () => {
  it("accepts safe integers, decimal, negative decimal and hex strings in any case", () => {
    expect(parseNumberForm(4032)).toEqual({ ok: true, value: 4032n });
    expect(parseNumberForm("4032")).toEqual({ ok: true, value: 4032n });
    expect(parseNumberForm("-22")).toEqual({ ok: true, value: -22n });
    expect(parseNumberForm("0x7FF4")).toEqual({ ok: true, value: 0x7ff4n });
    expect(parseNumberForm("0Xdeadbeefdeadf00d")).toEqual({ ok: true, value: 0xdeadbeefdeadf00dn });
  });

  it("rejects unsafe integers, fractions and other strings", () => {
    expect(parseNumberForm(2 ** 53).ok).toBe(false);
    expect(parseNumberForm(2n ** 60n).ok).toBe(false);
    expect(parseNumberForm(1.5).ok).toBe(false);
    for (const s of ["", "0x", "-0x1", "1e3", "12a", "true"])
      expect(parseNumberForm(s).ok).toBe(false);
    expect(parseNumberForm(true).ok).toBe(false);
  });

  it("takes negatives as two's complement at the width and rejects what does not fit", () => {
    expect(toUnsigned(-1n, 32)).toBe(0xffffffffn);
    expect(toUnsigned(-(2n ** 31n), 32)).toBe(0x80000000n);
    expect(toUnsigned(-(2n ** 31n) - 1n, 32)).toBeUndefined();
    expect(toUnsigned(2n ** 32n, 32)).toBeUndefined();
    expect(toUnsigned(2n ** 64n - 1n, 64)).toBe(2n ** 64n - 1n);
    expect(toSigned(0xfffffff5n, 32)).toBe(-11n);
    expect(hexAt(0xdeadbeefn, 64)).toBe("0x00000000deadbeef");
    expect(hexAt(-22n, 32)).toBe("0xffffffea");
  });
});

describe("byte strings", () => {
  it("parses hex with whitespace and reports odd digits or non-hex", () => {
    expect([...(parseByteString("01 00\n0000 c0") as Uint8Array)]).toEqual([1, 0, 0, 0, 0xc0]);
    expect(parseByteString("0102 030")).toBe('odd number of hex digits (7) in "0102 030"');
    expect(parseByteString("zz")).toBe('"zz" is not hex bytes');
  });

  it("formats in groups of four and finds the first difference", () => {
    expect(formatBytes(new Uint8Array([1, 2, 3, 4, 5]))).toBe("01020304 05");
    expect(firstDifference(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(1);
    expect(firstDifference(new Uint8Array([1]), new Uint8Array([1]))).toBe(-1);
  });
});
