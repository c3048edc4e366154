import { describe, expect, it } from "vitest";
import { diffReleaseCommand } from "./diff-release.js";

describe("xen-abi diff-release", () => {
  // 4.18 -> 4.19 listed only compat_set_timer_op's prototype, though the machine answers
  // HVM_PARAM_ALTP2M and a 32-bit PV PAE L3 above 4 GiB differently there.
  it("names the checks one release makes and the other not, with what fails them", () => {
    const out = diffReleaseCommand("4.18", "4.19");
    expect(out.stdout).toContain(
      "check        hvm_op.set_param.read_only (x86_64): none -> EEXIST\n               HVM_PARAM_ALTP2M is read-only.",
    );
    expect(out.stdout).toContain(
      "check        vcpu_op.initialise.pv32_l3_above_4g (x86_64): none -> ERANGE",
    );
  });

  it("names the AArch32 top-half backport between 4.16.0 and 4.16.1, and nothing else", () => {
    const out = diffReleaseCommand("4.16", "4.16.1");
    expect(out.status).toBe(0);
    expect(out.stdout.split("\n")[0]).toBe("4.16.0 -> 4.16.1: 1 difference");
    expect(out.stdout).toContain("behaviour    armZeroAarch32TopHalves: no -> yes");
    expect(out.stdout).toContain("04c7cc2b79 stable-4.16, first in 4.16.1");
  });

  it("lists table, prototype, struct, behaviour and check differences between lines", () => {
    const out = diffReleaseCommand("4.12", "4.22", { json: true });
    const d = JSON.parse(out.stdout) as {
      entries: { kind: string; subject: string; guest?: string; a: string; b: string }[];
    };
    const kinds = new Set(d.entries.map((e) => e.kind));
    expect(kinds).toEqual(new Set(["availability", "prototype", "struct", "behaviour", "check"]));
    expect(d.entries).toContainEqual(
      expect.objectContaining({
        kind: "availability",
        subject: "xenoprof_op",
        guest: "pv64",
        b: "none",
      }),
    );
    // A one-argument handler reads "1 arg" (tmem_op, gone by 4.22).
    expect(d.entries).toContainEqual(
      expect.objectContaining({ subject: "tmem_op", guest: "pv32", a: "do_tmem_op, 1 arg" }),
    );
    expect(out.stdout).not.toMatch(/\b1 args\b/);
    expect(d.entries.filter((e) => e.kind === "behaviour").map((e) => e.subject)).toEqual([
      "armZeroAarch32TopHalves",
      "generatedDispatch",
      "argoSendvEagain",
      "argoSendvZeroExtends",
      "physmapBatchRes0",
      "acquireResourceCallerCheck",
      "gnttabCopyPinnedCheck",
      "vcpuInfoAlignCheck",
      "evtchn2lLimitPerShinfo",
    ]);
  });

  it("exits 2 on an unknown release", () => {
    const out = diffReleaseCommand("4.16", "5.0");
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/^xen-abi diff-release: unknown release '5.0'/);
  });
});
