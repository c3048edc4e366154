import { describe, expect, it } from "vitest";
import type { RealBuild } from "./builds.js";
import { compileSteps } from "./compile.js";
import { compareStep, machineResults } from "./diff.js";
import { parseGuestOutput } from "./output.js";
import { finish, machineXen, prepare } from "./run-real.js";

const build: RealBuild = {
  name: "arm64-release",
  arch: "arm64",
  debug: false,
  release: "4.17",
  xen: "4.17.5",
  origin: "test",
  config: { ARGO: false, PV32: false, XSM: true, XSM_SILO_DEFAULT: true, DEBUG: false },
  image: "/nonexistent",
};

const file = `xen: { arch: arm64, release: "4.17", aarch32UpperBits: preserve }
domains:
  - { id: 1, mode: aarch64 }
  - { id: 2, mode: aarch32 }
steps:
  - { op: hypercall, domain: 2, regs: { r12: 17, r0: 0 }, expect: { ret: 0x40011, regs: { x0: "0x40011" } } }
  - op: write
    domain: 2
    addr: "0x3000"
    struct: multicall_entry_t
    fields: { op: 17, "args[0]": "0x100000000" }
  - { op: hypercall, domain: 2, regs: { r12: 13, r0: "0x3000", r1: 1 }, expect: { fault: domain_crash } }
  - { op: hypercall, domain: 2, regs: { r12: 17, r0: 0 }, expect: { fault: domain_crash } }
`;

describe("an AArch32 dom0 on arm64 Xen", () => {
  const p = prepare(file, "a32.yaml", build, 2);

  it("runs in the AArch32 guest, with the top halves QEMU's CPU gives (zero)", () => {
    expect(p.guest).toBe("aarch32");
    expect(p.scenario?.xen.aarch32UpperBits).toBe("zero");
    expect(p.notes).toEqual([
      "aarch32UpperBits: preserve in the file, but QEMU's CPU zeroes the top halves: the machine ran with zero",
    ]);
  });

  const compiled = compileSteps(p.scenario!, "aarch32");
  const regs = (r0: string) => `${r0} ${Array.from({ length: 12 }, () => "0x0").join(" ")}`;

  it("reads r0 as a 32-bit result and judges an x-register's low half through its r", () => {
    const out = parseGuestOutput(
      `@xa BEGIN 0x77b03000 0xd\n@xa S 0x0\n@xa H 0x0 ${regs("0x40011")}\n@xa W 0x1\n@xa END\n`,
    );
    const run = finish(p, compiled, out, undefined, 1);
    const s0 = run.result.steps[0]!;
    expect(s0.ret).toBe("262161");
    expect(s0.regs?.r0).toBe("0x00040011");
    expect(s0.failures).toEqual([]);
    const neg = parseGuestOutput(`@xa S 0x0\n@xa H 0x0 ${regs("0xffffffea")}\n`);
    const bad = finish(p, compiled, neg, undefined, 1).result.steps[0]!;
    expect(bad.ret).toBe("-22");
    expect(bad.failures).toContain("regs.x0: expected low half 0x00040011, got 0xffffffea in r0");
  });

  it("reports the call Xen crashed dom0 on, and every step after it, as fault domain_crash", () => {
    const serial = [
      "@xa BEGIN 0x77b03000 0xd",
      "@xa S 0x0",
      `@xa H 0x0 ${regs("0x40011")}`,
      "@xa W 0x1",
      "(XEN) d0v0: multicall argument 0 is not 32-bit clean 100000000",
      "(XEN) domain_crash called from arch/arm/traps.c:1469",
      "(XEN) Hardware Dom0 crashed: rebooting machine in 5 seconds.",
    ].join("\n");
    const out = parseGuestOutput(serial);
    const run = finish(p, compiled, out, out.trouble, 1);
    const [s0, , s2, s3] = run.result.steps;
    expect(s0?.fault).toBe("none");
    expect([s2?.fault, s3?.fault]).toEqual(["domain_crash", "domain_crash"]);
    expect(run.result.ok).toBe(true);
    // The machine crashes the AArch32 domain on that entry too (check_multicall_32bit_clean).
    const machine = machineResults(p);
    expect(compareStep(machine.get(2), s2!, "aarch32")).toEqual({ kind: "agree" });
    expect(compareStep({ ...machine.get(2)!, fault: "none" }, s2!, "aarch32")).toEqual({
      kind: "differ",
      what: ["fault: machine none, real domain_crash"],
    });
  });

  it("says a crash without the guest's own trouble is no result", () => {
    const out = parseGuestOutput(`@xa S 0x0\n@xa H 0x0 ${regs("0x40011")}\n@xa W 0x1\n`);
    const s2 = finish(p, compiled, out, "the guest stopped", 1).result.steps[2]!;
    expect(s2.fault).toBeUndefined();
    expect(s2.failures[0]).toMatch(/no result from real Xen: the guest stopped/);
  });
});

describe("machineXen", () => {
  it("boots real Xen with the module the file names by key, and tells the machine SILO's default", () => {
    const dummy = machineXen({ xsm: "dummy", cmdline: "argo=1" }, build, 1, false).xen;
    expect(dummy.cmdline).toMatch(/ argo=1 xsm=dummy$/);
    const none = machineXen({ cmdline: "argo=1" }, build, 1, false).xen;
    expect(none.xsm).toBe("silo");
    expect(none.cmdline).toMatch(/ argo=1$/);
    expect(none.config).toEqual({ ARGO: false });
  });
});
