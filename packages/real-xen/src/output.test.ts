import { describe, expect, it } from "vitest";
import { parseGuestOutput } from "./output.js";

describe("parseGuestOutput", () => {
  it("reads the guest's lines among Xen's, even glued to console text", () => {
    const out = parseGuestOutput(
      [
        "(XEN) Xen version 4.17.7",
        "@xa BEGIN 0x70042000 0x1f",
        "@xa H 0x0 0x40011 0x5",
        "hello@xa W 0x1",
        "@xa R 0x2 0102",
        "@xa R+ 0x2 03",
        "@xa END",
      ].join("\n"),
    );
    expect(out.window).toBe(0x70042000n);
    expect(out.steps.get(0)).toEqual({ kind: "H", regs: [0x40011n, 5n] });
    expect(out.steps.get(1)).toEqual({ kind: "W" });
    expect(out.steps.get(2)).toEqual({ kind: "R", bytes: new Uint8Array([1, 2, 3]) });
    expect(out.ended).toBe(true);
    expect(out.trouble).toBeUndefined();
  });

  it("joins a guest line that a Xen console line interrupted", () => {
    const out = parseGuestOutput(
      [
        "@xa BEGIN 0x1 0x10",
        "@xa H 0x3 0x0 0xffffffff801(XEN) d0v0 Hardware Dom0 crashed: not really",
        "2345 0x7",
        "@xa H 0x4 0x5(XEN) grant_table.c:1234: d0v0 bad ref",
        "",
        "@xa END",
      ].join("\n"),
    );
    expect(out.steps.get(3)).toEqual({ kind: "H", regs: [0n, 0xffffffff8012345n, 7n] });
    expect(out.steps.get(4)).toEqual({ kind: "H", regs: [5n] });
    expect(out.ended).toBe(true);
    // Xen's line still counts when it reports trouble.
    expect(out.trouble).toMatch(/Dom0 crashed/);
  });

  it("notices a crash", () => {
    const out = parseGuestOutput(
      "@xa BEGIN 0x1 0x10\n(XEN) Hardware Dom0 crashed: rebooting machine in 5 seconds.\n",
    );
    expect(out.ended).toBe(false);
    expect(out.trouble).toMatch(/Dom0 crashed/);
  });
});

describe("parseGuestOutput with several scenarios in one boot", () => {
  it("files each line under the scenario whose S line came before it", () => {
    const out = parseGuestOutput(
      [
        "@xa BEGIN 0x1000000 0x1f",
        "@xa S 0x0",
        "@xa H 0x0 0x1",
        "@xa S 0x1",
        "@xa H 0x0 0x2",
        "@xa R 0x1 ff",
      ].join("\n"),
    );
    expect(out.started).toEqual([0, 1]);
    expect(out.scenarios.get(0)?.get(0)).toEqual({ kind: "H", regs: [1n] });
    expect(out.scenarios.get(1)?.get(0)).toEqual({ kind: "H", regs: [2n] });
    expect(out.scenarios.get(1)?.get(1)).toEqual({ kind: "R", bytes: new Uint8Array([255]) });
    expect(out.ended).toBe(false);
  });

  it("names Xen's reason when Xen crashed dom0, and nothing when Xen itself panicked", () => {
    const crash = parseGuestOutput(
      [
        "@xa BEGIN 0x77b03000 0xd",
        "@xa S 0x0",
        "@xa W 0x0",
        "(XEN) d0v0: multicall argument 0 is not 32-bit clean 100000000",
        "(XEN) domain_crash called from arch/arm/traps.c:1469",
        "(XEN) Domain 0 (vcpu#0) crashed on cpu#0:",
        "(XEN) Hardware Dom0 crashed: rebooting machine in 5 seconds.",
      ].join("\n"),
    );
    expect(crash.domainCrash).toBe(
      "(XEN) d0v0: multicall argument 0 is not 32-bit clean 100000000",
    );
    expect(crash.trouble).toMatch(/Hardware Dom0 crashed/);
    const bare = parseGuestOutput("@xa BEGIN 0x1 0x1\n(XEN) Domain 0 (vcpu#0) crashed on cpu#0:");
    expect(bare.domainCrash).toBe("(XEN) Domain 0 (vcpu#0) crashed on cpu#0:");
    const panic = parseGuestOutput(
      "(XEN) Hardware Dom0 crashed: rebooting\n(XEN) Panic on CPU 0:\n(XEN) FATAL TRAP",
    );
    expect(panic.domainCrash).toBeUndefined();
  });
});
