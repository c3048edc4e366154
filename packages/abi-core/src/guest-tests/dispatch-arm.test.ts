import { describe, expect, it } from "vitest";
import { RELEASES } from "../machine/release.js";
import { hcall, machine, reg } from "./machine.testing.js";

const XENVER = 17;
const ARGO = 39;
const DEADBEEF = 0xdeadbeefn;

describe("Arm HVC routing (traps.c do_trap_guest_sync)", () => {
  it("answers xen_version with the modelled release, for every release", () => {
    for (const release of RELEASES) {
      const xen = machine("aarch64", { release });
      hcall(xen, { x16: XENVER, x0: 0 });
      expect(xen.result(1, 0)).toBe(BigInt((4 << 16) | Number(release.split(".")[1])));
    }
  });

  it("injects undef for an immediate other than 0xEA1 or 0, with ELR (pc) after the HVC", () => {
    const xen = machine("aarch64");
    const r = hcall(xen, { x16: XENVER, x0: 0, pc: 0x1000, x1: 7 }, 0x1);
    expect(r.fault).toBe("undef");
    // inject_undef64_exception: ELR_EL1 = regs->pc, already past the trapped HVC.
    expect(reg(xen, "pc")).toBe(0x1004n);
    expect(reg(xen, "x0")).toBe(0n);
  });

  it("advances pc past the HVC on a completed call", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: XENVER, x0: 0, pc: 0x1000 });
    expect(reg(xen, "pc")).toBe(0x1004n);
  });

  it("returns -ENOSYS for an unknown number, sign-extended into x0", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: 60, x0: 0 });
    expect(reg(xen, "x0")).toBe(0xffffffffffffffdan);
  });

  it("treats a 64-bit x16 with top bits set as unknown (the switch is on register_t)", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: (1n << 32n) | 17n, x0: 0 });
    expect(xen.result(1, 0)).toBe(-38n);
  });

  it("silently truncates `unsigned int`/`int` parameters: x0's top half never reaches cmd", () => {
    const xen = machine("aarch64", { trace: true });
    const r = hcall(xen, { x16: XENVER, x0: 0xffffffff00000000n });
    expect(xen.result(1, 0)).toBe(0x40016n);
    const narrow = r.trace!.find((e) => e.kind === "narrow" && e.index === 1);
    expect(narrow).toMatchObject({ raw: "0xffffffff00000000", value: "0x0000000000000000" });
  });
});

describe("debug poisoning on Arm", () => {
  it("poisons ARG2..nargs and x16 with 0xDEADBEEF, keeping x0 (4.22, argo_op has 5 args)", () => {
    const xen = machine("aarch64", { debug: true, cmdline: "argo=1" });
    hcall(xen, { x16: ARGO, x0: 99, x1: 1, x2: 2, x3: 0, x4: 0, x5: 5 });
    expect(xen.result(1, 0)).toBe(-95n); // unknown argo cmd: -EOPNOTSUPP
    for (const r of ["x1", "x2", "x3", "x4", "x16"]) expect(reg(xen, r)).toBe(DEADBEEF);
    expect(reg(xen, "x5")).toBe(5n);
  });

  it("poisons only what hypercall_args says: xen_version (2 args) clobbers x1 and x16", () => {
    const xen = machine("aarch64", { debug: true });
    hcall(xen, { x16: XENVER, x0: 0, x1: 1, x2: 2 });
    expect(reg(xen, "x1")).toBe(DEADBEEF);
    expect(reg(xen, "x2")).toBe(2n);
  });

  it("does not poison a release build", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: XENVER, x0: 0, x1: 1 });
    expect(reg(xen, "x1")).toBe(1n);
    expect(reg(xen, "x16")).toBe(17n);
  });

  it("exempts -ENOSYS from 4.17 but not before (a deprecated hypercall returns -ENOSYS)", () => {
    for (const [release, poisoned] of [
      ["4.16", true],
      ["4.17", false],
    ] as const) {
      const xen = machine("aarch64", { debug: true, release });
      hcall(xen, { x16: 6, x0: 0, x1: 1 }); // sched_op_compat: dep, 2 args
      expect(xen.result(1, 0)).toBe(-38n);
      expect(reg(xen, "x1")).toBe(poisoned ? DEADBEEF : 1n);
      expect(reg(xen, "x16")).toBe(poisoned ? DEADBEEF : 6n);
    }
  });

  it("before 4.17, a number past arm_hypercall_table returns -ENOSYS without clobbering", () => {
    const xen = machine("aarch64", { debug: true, release: "4.16" });
    hcall(xen, { x16: 50, x0: 0, x1: 1 });
    expect(xen.result(1, 0)).toBe(-38n);
    expect(reg(xen, "x16")).toBe(50n);
  });

  it("AArch32: r12 holds the number; poisoning writes r12, i.e. the low half of x12", () => {
    const xen = machine("aarch32", { debug: true, release: "4.16" });
    xen.setVcpuContext(1, 0, { x12: 0x1234567800000000n });
    hcall(xen, { r12: XENVER, r0: 0, r1: 1 });
    expect(xen.result(1, 0)).toBe(0x40010n);
    expect(reg(xen, "r12")).toBe(DEADBEEF);
    expect(reg(xen, "x12")).toBe(0x12345678deadbeefn);
    expect(reg(xen, "x1")).toBe(DEADBEEF); // HYPERCALL_ARG2 is x1 on arm64: whole register
  });
});

describe("AArch32 top halves (the thread's hazard)", () => {
  for (const [release, zeroed] of [
    ["4.16", false],
    ["4.17", true],
    ["4.22", true],
  ] as const) {
    it(`${release}: top halves of x0-x30 ${zeroed ? "are zeroed on entry" : "reach Xen"}`, () => {
      const xen = machine("aarch32", { release, trace: true });
      xen.setVcpuContext(1, 0, { x3: 0xffffffff00000000n, x14: 0xabcd000000000000n });
      const r = hcall(xen, { r12: XENVER, r0: 0, r3: 1 });
      expect(reg(xen, "x3")).toBe(zeroed ? 1n : 0xffffffff00000001n);
      expect(reg(xen, "x14")).toBe(zeroed ? 0n : 0xabcd000000000000n);
      expect(r.trace!.some((e) => e.kind === "zero-top-halves")).toBe(zeroed);
    });
  }

  it("with aarch32UpperBits 'zero' the CPU itself clears the top half on a write to rN", () => {
    const xen = machine("aarch32", { release: "4.16", aarch32UpperBits: "zero" });
    xen.setVcpuContext(1, 0, { x3: 0xffffffff00000000n });
    xen.writeRegister(1, 0, "r3", 5n);
    expect(reg(xen, "x3")).toBe(5n);
  });

  it("arm32 Xen has only 32-bit registers", () => {
    const xen = machine("aarch32", { arch: "arm32", debug: true });
    hcall(xen, { r12: XENVER, r0: 0, r1: 1 });
    expect(xen.result(1, 0)).toBe(0x40016n);
    expect(reg(xen, "r1")).toBe(DEADBEEF);
    expect(() => reg(xen, "x1")).toThrow(/unknown register 'x1'/);
  });
});

describe("setVcpuContext (arch_set_info_guest)", () => {
  it("copies top halves verbatim for a 32-bit vCPU, unless the proposed sanity check is on", () => {
    const xen = machine("aarch32");
    expect(xen.setVcpuContext(1, 0, { x3: 0xffffffff00000000n })).toBe(0);
    expect(reg(xen, "x3")).toBe(0xffffffff00000000n);
    expect(xen.setVcpuContext(1, 0, { x3: 0xffffffff00000000n }, { checkUpperBits: true })).toBe(
      -22,
    );
  });

  it("rejects an invalid PSR mode with -EINVAL (MON/HYP for AArch32)", () => {
    const xen = machine("aarch32");
    expect(xen.setVcpuContext(1, 0, {}, { cpsr: 0x1a })).toBe(-22);
    expect(xen.setVcpuContext(1, 0, {}, { cpsr: 0x1d3 })).toBe(0);
  });
});
