import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import { handlersOff } from "../machine/config.js";

describe("build config", () => {
  it("ARGO: false leaves argo_op's handlers out", () => {
    expect([...handlersOff({ ARGO: false })].sort()).toEqual(["compat_argo_op", "do_argo_op"]);
    expect(handlersOff({ ARGO: true }).size).toBe(0);
  });

  it("a build without CONFIG_ARGO answers argo_op with -ENOSYS, before any Argo check", () => {
    for (const [config, want] of [
      [{}, -95n], // built, not enabled: -EOPNOTSUPP
      [{ ARGO: false }, -38n],
    ] as const) {
      const xen = new Xen({ arch: "arm64", release: "4.17", config });
      xen.createDomain({ id: 1, mode: "aarch64" });
      xen.writeRegister(1, 0, "x16", 39n);
      xen.writeRegister(1, 0, "x0", 99n);
      xen.execute(1, 0);
      expect(xen.result(1, 0)).toBe(want);
    }
  });

  it("PV32: false has no pv32 domains", () => {
    const xen = new Xen({ arch: "x86_64", config: { PV32: false } });
    expect(() => xen.createDomain({ id: 1, mode: "pv32" })).toThrow(/PV32/);
    expect(() => xen.createDomain({ id: 2, mode: "pv64" })).not.toThrow();
  });
});
