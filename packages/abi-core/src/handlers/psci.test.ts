import { describe, expect, it } from "vitest";
import { hcall, machine, reg } from "../dispatch/test-helpers.js";

describe("PSCI over HVC #0 (vpsci.c)", () => {
  it("reports PSCI 1.1 and features", () => {
    const xen = machine("aarch64");
    hcall(xen, { x0: 0x84000000 }, 0);
    expect(reg(xen, "x0")).toBe(0x10001n);
    hcall(xen, { x0: 0x8400000a, x1: 0xc4000003 }, 0);
    expect(reg(xen, "x0")).toBe(0n);
    hcall(xen, { x0: 0x8400000a, x1: 0x8400000e }, 0);
    expect(xen.result(1, 0)).toBe(-1n);
  });

  it("CPU_ON starts a down vCPU at the entry point with the context id in x0", () => {
    const xen = machine("aarch64");
    expect(() => xen.execute(1, 1)).toThrow(/offline/);
    hcall(xen, { x0: 0xc4000004, x1: 1, x2: 0 }, 0);
    expect(reg(xen, "x0")).toBe(1n); // AFFINITY_INFO: OFF
    hcall(xen, { x0: 0xc4000003, x1: 1, x2: 0x80000, x3: 0xfeed }, 0);
    expect(reg(xen, "x0")).toBe(0n);
    expect(reg(xen, "pc", 1, 1)).toBe(0x80000n);
    expect(reg(xen, "x0", 1, 1)).toBe(0xfeedn);
    hcall(xen, { x0: 0xc4000003, x1: 1, x2: 0x80000, x3: 0 }, 0);
    expect(xen.result(1, 0)).toBe(-4n); // ALREADY_ON
    hcall(xen, { x0: 0xc4000003, x1: 7, x2: 0x80000, x3: 0 }, 0);
    expect(xen.result(1, 0)).toBe(-2n); // INVALID_PARAMETERS
    hcall(xen, { x0: 0xc4000004, x1: 1, x2: 0 }, 0);
    expect(reg(xen, "x0")).toBe(0n); // ON
  });

  it("a 32-bit guest may not use the SMC64 convention; SMC32 CPU_ON works", () => {
    const xen = machine("aarch32");
    hcall(xen, { r0: 0xc4000003, r1: 1, r2: 0x8000, r3: 0 }, 0);
    expect(xen.result(1, 0)).toBe(-1n);
    hcall(xen, { r0: 0x84000003, r1: 1, r2: 0x8000, r3: 9 }, 0);
    expect(xen.result(1, 0)).toBe(0n);
    expect(reg(xen, "r0", 1, 1)).toBe(9n);
  });

  it("a 64-bit domain may not start a vCPU in Thumb state", () => {
    const xen = machine("aarch64");
    hcall(xen, { x0: 0xc4000003, x1: 1, x2: 0x80001, x3: 0 }, 0);
    expect(xen.result(1, 0)).toBe(-9n);
  });
});
