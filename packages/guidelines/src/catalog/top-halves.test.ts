import { describe, expect, it } from "vitest";
import { hypercallByName } from "@xen-abi/abi-core";
import { probeReleases, probeSubop, topHalfFacts } from "./top-halves.js";

const n = (name: string) => hypercallByName(name)!.number;
const facts = (
  name: string,
  index: number,
  mode: "aarch32" | "aarch64" | "pv32",
  arch: "arm64" | "arm32" | "x86_64",
) => topHalfFacts(n(name), index, mode, arch).map((f) => `${f.releases} ${f.fate}: ${f.text}`);

describe("bits above an argument's width, found by running the machine", () => {
  it("runs every x.y.0 and the point releases that switch a behaviour (4.16.1)", () => {
    const rs = probeReleases();
    expect(rs).toContain("4.12.0");
    expect(rs).toContain("4.16.1");
    expect(rs).toContain("4.22.0");
    expect(rs).not.toContain("4.16.2");
  });

  it("AArch32 on arm64: a stale top half reaches argo_op's range check until 4.16.0", () => {
    expect(facts("argo_op", 3, "aarch32", "arm64")).toEqual([
      "4.12.0-4.16.0 kept: they reach the handler: -EINVAL instead of -EOPNOTSUPP (check argo_op.entry.arg_above_32bit) (run as XEN_ARGO_OP_register_ring)",
      "4.16.1-4.22.0 zeroed: Xen zeroes the top half of x3 on entry",
    ]);
  });

  it("AArch32 on arm64: a guest handle's stale top half is part of the address until 4.16.0", () => {
    const f = topHalfFacts(n("xen_version"), 1, "aarch32", "arm64");
    expect(f.map((x) => [x.releases, x.fate])).toEqual([
      ["4.12.0-4.16.0", "kept"],
      ["4.16.1-4.22.0", "zeroed"],
    ]);
    expect(f[0]!.text).toContain("as part of the guest address");
  });

  it("probes a pointer with a sub-op that reads it, not sub-op 0 (XENVER_version ignores it)", () => {
    expect(probeSubop(n("xen_version"), 1)).toEqual({
      arg: 0,
      number: 1,
      name: "XENVER_extraversion",
    });
    expect(probeSubop(n("sched_op"), 1)?.name).toBe("SCHEDOP_shutdown");
    expect(probeSubop(n("xen_version"), 0)).toBeUndefined(); // the sub-op argument itself
    expect(probeSubop(n("multicall"), 0)).toBeUndefined(); // no sub-ops
    // The thread's case: a stale top half in x1 turns extraversion's copy into -EFAULT.
    expect(facts("xen_version", 1, "aarch32", "arm64")[0]).toBe(
      "4.12.0-4.16.0 kept: they reach the handler as part of the guest address: -EFAULT instead of 0 (check xen_version.extraversion.copy_out) (run as XENVER_extraversion)",
    );
  });

  it("AArch32 on arm32 and 32-bit x86 have no bits above a 32-bit argument", () => {
    expect(facts("argo_op", 3, "aarch32", "arm32")).toEqual([
      "4.12.0-4.22.0 none: the argument fills the 32-bit register",
    ]);
    expect(facts("xen_version", 1, "pv32", "x86_64")).toEqual([
      "4.12.0-4.22.0 none: the argument fills the 32-bit register",
    ]);
  });

  it("AArch64: the cast to unsigned int drops cmd's top half silently", () => {
    expect(facts("argo_op", 0, "aarch64", "arm64")).toEqual([
      "4.12.0-4.22.0 dropped: the cast to unsigned int drops them silently (0xffffffff00000000 becomes 0x0)",
    ]);
  });
});
