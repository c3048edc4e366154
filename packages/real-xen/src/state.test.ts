import { describe, expect, it } from "vitest";
import type { RealBuild } from "./builds.js";
import { argoEnabled, callLeavesState } from "./state.js";

const build = (arch: "x86_64" | "arm64", argo: boolean): RealBuild => ({
  name: arch === "x86_64" ? "x86_64-debug" : "arm64-debug",
  arch,
  debug: true,
  release: "4.17",
  xen: "4.17.5",
  origin: "",
  config: { ARGO: argo, PV32: false, XSM: false, XSM_SILO_DEFAULT: false, DEBUG: true },
  image: "",
});
const arm = build("arm64", true);
const leaves = (nr: bigint, a0: bigint, imm?: number, b = arm, cmdline = "argo=1", vcpus = 2) =>
  callLeavesState(
    { nr, args: [a0], ...(imm !== undefined && { imm }) },
    { build: b, cmdline, vcpus },
  );

describe("callLeavesState", () => {
  it("lets xen_version, console_io, sched_op yield, PSCI queries and unknown numbers share", () => {
    expect(leaves(17n, 0n)).toBe(false);
    expect(leaves(18n, 0n)).toBe(false);
    expect(leaves(29n, 0xffffffff00000000n)).toBe(false);
    expect(leaves(0n, 0x84000000n, 0)).toBe(false);
    expect(leaves(64n, 0n)).toBe(false);
    expect(leaves(63n, 0n)).toBe(false); // no handler on either architecture
    expect(leaves(0n, 0xc4000003n, 0, arm, "", 1)).toBe(false); // CPU_ON with one vCPU
  });

  it("ends the boot after an Argo call only where Argo is built and enabled", () => {
    expect(leaves(39n, 1n)).toBe(true);
    expect(leaves(39n, 1n, undefined, build("arm64", false))).toBe(false);
    expect(leaves(39n, 1n, undefined, arm, "argo=no")).toBe(false);
    expect(argoEnabled("loglvl=all argo=1,mac-permissive=1")).toBe(true);
  });

  it("ends the boot after PSCI CPU_ON, event channels, memory_op, sched_op block", () => {
    expect(leaves(0n, 0xc4000003n, 0)).toBe(true);
    expect(leaves(32n, 6n)).toBe(true);
    expect(leaves(12n, 1n)).toBe(true);
    expect(leaves(29n, 1n)).toBe(true);
  });
});
