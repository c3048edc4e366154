import { describe, expect, it } from "vitest";
import { expectCheck, hcall, machine, reg } from "./machine.testing.js";
import { REGISTRY } from "../hypercalls/registry.js";

describe("PSCI over HVC #0 (vpsci.c)", () => {
  it("reports PSCI 1.1 and features", () => {
    const xen = machine("aarch64");
    hcall(xen, { x0: 0x84000000 }, 0);
    expect(reg(xen, "x0")).toBe(0x10001n);
    hcall(xen, { x0: 0x8400000a, x1: 0xc4000003 }, 0);
    expect(reg(xen, "x0")).toBe(0n);
    hcall(xen, { x0: 0x8400000a, x1: 0x84000005 }, 0); // CPU_FREEZE: not Xen's
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

describe("SMCCC and PSCI as each release has them (vsmc.c, vpsci.c)", () => {
  it("SMCCC_VERSION is 1.1 until 4.17 and 1.2 from 4.18", () => {
    for (const [release, want] of [
      ["4.17", 0x10001n],
      ["4.18", 0x10002n],
    ] as const) {
      const xen = machine("aarch64", { release });
      hcall(xen, { x0: 0x80000000 }, 0);
      expect(reg(xen, "x0")).toBe(want);
    }
  });

  it("CPU_SUSPEND succeeds, MIGRATE_INFO_TYPE is 2 (TOS_MP_OR_NOT_PRESENT)", () => {
    const xen = machine("aarch64");
    hcall(xen, { x0: 0xc4000001, x1: 0, x2: 0x80000, x3: 0 }, 0);
    expect(reg(xen, "x0")).toBe(0n);
    hcall(xen, { x0: 0x84000006 }, 0);
    expect(reg(xen, "x0")).toBe(2n);
  });

  it("SYSTEM_OFF and SYSTEM_RESET shut the domain down and leave INTERNAL_FAILURE in x0", () => {
    for (const [fid, reason] of [
      [0x84000008, 0],
      [0x84000009, 1],
    ] as const) {
      const xen = machine("aarch64");
      hcall(xen, { x0: fid }, 0);
      expect(xen.result(1, 0)).toBe(-6n);
      expect(xen.domain(1).shutdownReason).toBe(reason);
    }
  });

  it("SYSTEM_SUSPEND: 4.22 only; a domU with other vCPUs on is DENIED; dom0 NOT_SUPPORTED", () => {
    const xen = machine("aarch64");
    xen.createDomain({ id: 0, mode: "aarch64" });
    hcall(xen, { x0: 0x8400000a, x1: 0xc400000e }, 0);
    expect(reg(xen, "x0")).toBe(0n); // PSCI_FEATURES: supported for a domU
    hcall(xen, { x0: 0x8400000a, x1: 0xc400000e }, 0, 0);
    expect(xen.result(0, 0)).toBe(-1n);
    hcall(xen, { x0: 0xc4000003, x1: 1, x2: 0x80000, x3: 0 }, 0);
    hcall(xen, { x0: 0xc400000e, x1: 0x80000, x2: 0 }, 0);
    expect(xen.result(1, 0)).toBe(-3n);
    hcall(xen, { x0: 0x84000002 }, 0, 1, 1); // vCPU 1 off again
    hcall(xen, { x0: 0xc400000e, x1: 0x80000, x2: 0 }, 0);
    expect(xen.result(1, 0)).toBe(0n);
    expect(xen.domain(1).shutdownReason).toBe(2);
    hcall(xen, { x0: 0xc400000e, x1: 0x80000, x2: 0 }, 0, 0);
    expect(xen.result(0, 0)).toBe(-1n);
    const old = machine("aarch64", { release: "4.21" });
    hcall(old, { x0: 0xc400000e, x1: 0x80000, x2: 0 }, 0);
    expect(old.result(1, 0)).toBe(-1n); // unknown function
    hcall(old, { x0: 0x8400000a, x1: 0xc400000e }, 0);
    expect(old.result(1, 0)).toBe(-1n);
  });

  it("AFFINITY_INFO takes levels 0-3 on arm64 (2 on arm32 Xen); an absent target is OFF", () => {
    const xen = machine("aarch64");
    hcall(xen, { x0: 0xc4000004, x1: 0x100, x2: 0 }, 0);
    expect(reg(xen, "x0")).toBe(1n); // vCPU 16 does not exist: OFF
    hcall(xen, { x0: 0xc4000004, x1: 0, x2: 3 }, 0);
    expect(reg(xen, "x0")).toBe(0n);
    hcall(xen, { x0: 0xc4000004, x1: 0, x2: 4 }, 0);
    expect(xen.result(1, 0)).toBe(-2n);
    hcall(xen, { x0: 0xc4000004, x1: 0x1, x2: 1 }, 0);
    expect(reg(xen, "x0")).toBe(0n); // level 1: cluster 0, where vCPU 0 is on
    const a32 = machine("aarch32", { arch: "arm32" });
    hcall(a32, { r0: 0x84000004, r1: 0, r2: 3 }, 0);
    expect(a32.result(1, 0)).toBe(-2n);
  });

  it("until 4.21 an SMC32 CPU_ON reads whole registers; 4.22 reads their low halves", () => {
    for (const [release, pc] of [
      ["4.21", 0x100080000n],
      ["4.22", 0x80000n],
    ] as const) {
      const xen = machine("aarch64", { release });
      hcall(xen, { x0: 0x84000003, x1: 1, x2: 0x100080000n, x3: 0 }, 0);
      expect(xen.result(1, 0)).toBe(0n);
      expect(reg(xen, "pc", 1, 1)).toBe(pc);
    }
  });

  it("PSCI 0.1 cpu_on (id 2) maps ALREADY_ON to INVALID_PARAMETERS; cpu_off is id 1", () => {
    const xen = machine("aarch64");
    hcall(xen, { x0: 2, x1: 1, x2: 0x80000 }, 0);
    expect(xen.result(1, 0)).toBe(0n);
    hcall(xen, { x0: 2, x1: 1, x2: 0x80000 }, 0);
    expect(xen.result(1, 0)).toBe(-2n);
    hcall(xen, { x0: 1, x1: 0 }, 0, 1, 1);
    expect(xen.domain(1).vcpus[1]!.online).toBe(false);
  });

  it("a 32-bit domain's Thumb entry point sets CPSR.T and clears pc bit 0", () => {
    const xen = machine("aarch32");
    hcall(xen, { r0: 0x84000003, r1: 1, r2: 0x8001, r3: 0 }, 0);
    expect(xen.result(1, 0)).toBe(0n);
    expect(reg(xen, "pc", 1, 1)).toBe(0x8000n);
    expect(xen.domain(1).vcpus[1]!.cpsr & 0x20).toBe(0x20);
  });

  it("PSCI_FEATURES answers per function; ARCH_FEATURES of a non-workaround is NOT_SUPPORTED", () => {
    const xen = machine("aarch64");
    const feat = (id: number) => {
      hcall(xen, { x0: 0x8400000a, x1: id }, 0);
      return xen.result(1, 0);
    };
    expect([0x84000001, 0x84000006, 0x80000000, 0x84000005, 0xc4000008].map(feat)).toEqual([
      0n,
      0n,
      0n,
      -1n,
      -1n,
    ]);
    hcall(xen, { x0: 0x80000001, x1: 0x80000000 }, 0);
    expect(xen.result(1, 0)).toBe(-1n);
    xen.writeRegister(1, 0, "x0", 0x80000001n);
    xen.writeRegister(1, 0, "x1", 0x80008000n);
    expect(xen.execute(1, 0, 0).unmodelled).toMatch(/^psci\/ARM_SMCCC_ARCH_FEATURES_FID/);
  });

  it("service calls: counts, UIDs and revisions of Xen's and the standard service", () => {
    const xen = machine("aarch64");
    hcall(xen, { x0: 0x8600ff00 }, 0);
    expect(xen.result(1, 0)).toBe(-1n); // owner 6: nobody
    hcall(xen, { x0: 0x8500ff00 }, 0);
    expect(reg(xen, "x0")).toBe(3n);
    hcall(xen, { x0: 0x8400ff00 }, 0);
    expect(reg(xen, "x0")).toBe(17n); // 3 + VPSCI_NR_FUNCS (14 in 4.22)
    hcall(xen, { x0: 0x8500ff01 }, 0);
    expect([0, 1, 2, 3].map((i) => reg(xen, `x${i}`))).toEqual([
      0xdc1218a7n,
      0x694398c6n,
      0xd179cf9an,
      0x67e6de8dn,
    ]);
    hcall(xen, { x0: 0x8400ff03 }, 0);
    expect([reg(xen, "x0"), reg(xen, "x1")]).toEqual([0n, 1n]);
  });

  it("an undefined-instruction exception leaves pc (ELR) after the HVC", () => {
    const xen = machine("aarch64");
    xen.writeRegister(1, 0, "pc", 0x1000n);
    expect(hcall(xen, {}, 0x1234).fault).toBe("undef");
    expect(reg(xen, "pc")).toBe(0x1004n);
  });
});

describe("PSCI/SMCCC report each failing check by its id, with PSCI's and SMCCC's names", () => {
  const smc = (xen: ReturnType<typeof machine>, regs: Record<string, number>, dom = 1) =>
    hcall(xen, regs, 0, dom);

  it("vsmccc_handle_call: SMC64 from a 32-bit domain, an ID nobody answers", () => {
    const a32 = machine("aarch32", { trace: true });
    expectCheck(a32, smc(a32, { r0: 0xc4000003 }), "psci.entry.conv64_from_aarch32", { ret: -1n });
    const xen = machine("aarch64", { trace: true });
    expectCheck(xen, smc(xen, { x0: 0x84000005 }), "psci.entry.unknown_function", { ret: -1n });
    expect(REGISTRY.check("psci.entry.unknown_function")?.hypercall).toBe("psci");
  });

  it("CPU_ON: no such vCPU, a Thumb entry for AArch64, a vCPU already on", () => {
    const xen = machine("aarch64", { trace: true });
    const on = (target: number, entry: number) =>
      smc(xen, { x0: 0xc4000003, x1: target, x2: entry, x3: 0 });
    expectCheck(xen, on(7, 0x80000), "psci.cpu_on.target", { ret: -2n });
    expectCheck(xen, on(1, 0x80001), "psci.cpu_on.thumb_aarch64", { ret: -9n });
    on(1, 0x80000);
    expectCheck(xen, on(1, 0x80000), "psci.cpu_on.already_on", { ret: -4n });
  });

  it("AFFINITY_INFO level 4; PSCI_FEATURES of CPU_FREEZE; ARCH_FEATURES of SMCCC_VERSION", () => {
    const xen = machine("aarch64", { trace: true });
    const r = smc(xen, { x0: 0xc4000004, x1: 0, x2: 4 });
    expectCheck(xen, r, "psci.affinity_info.level", { ret: -2n });
    const f = smc(xen, { x0: 0x8400000a, x1: 0x84000005 });
    expectCheck(xen, f, "psci.psci_features.not_supported", { ret: -1n });
    const a = smc(xen, { x0: 0x80000001, x1: 0x80000000 });
    expectCheck(xen, a, "psci.arch_features.not_supported", { ret: -1n });
  });

  it("SYSTEM_SUSPEND (4.22): Thumb entry, the hardware domain, another vCPU online", () => {
    const xen = machine("aarch64", { trace: true, release: "4.22" });
    xen.createDomain({ id: 0, mode: "aarch64" });
    const suspend = (entry: number, dom = 1) => smc(xen, { x0: 0xc400000e, x1: entry, x2: 0 }, dom);
    expectCheck(xen, suspend(0x80001), "psci.system_suspend.thumb_aarch64", { ret: -9n });
    const hw = suspend(0x80000, 0);
    expectCheck(xen, hw, "psci.system_suspend.hardware_domain", { ret: -1n, dom: 0 });
    smc(xen, { x0: 0xc4000003, x1: 1, x2: 0x80000, x3: 0 });
    expectCheck(xen, suspend(0x80000), "psci.system_suspend.vcpus_online", { ret: -3n });
  });
});
