import { describe, expect, it } from "vitest";
import * as C from "./constants.js";
import { ARGO_OP_RECORD } from "./record.js";

// Struct offsets are not constants any more: layouts.test.ts holds them against clang.
const constants = C as unknown as Record<string, number>;

describe("argo_op's record and the constants name each sub-op once", () => {
  it("each sub-op's header name is the constant of that name, with its number", () => {
    for (const s of ARGO_OP_RECORD.subops) expect(constants[s.name], s.name).toBe(s.number);
  });
  it("every XEN_ARGO_OP_* constant is a sub-op of the record", () => {
    const names = Object.keys(constants).filter((k) => k.startsWith("XEN_ARGO_OP_"));
    expect(names.sort()).toEqual(ARGO_OP_RECORD.subops.map((s) => s.name).sort());
  });
});
