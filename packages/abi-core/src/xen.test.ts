import { describe, expect, it } from "vitest";
import { MODELLED_HANDLERS, Xen, XenError } from "./xen.js";
import { HYPERCALLS } from "./table/hypercalls.js";

describe("Xen (the machine's face)", () => {
  it("refuses domains that cannot exist, with XenError", () => {
    const xen = new Xen({ arch: "arm64" });
    expect(() => xen.createDomain({ id: 0x7ff0, mode: "aarch64" })).toThrow(XenError);
    expect(() => xen.createDomain({ id: 1, mode: "pv64" })).toThrow(/cannot run on arm64/);
    xen.createDomain({ id: 1, mode: "aarch64" });
    expect(() => xen.createDomain({ id: 1, mode: "aarch64" })).toThrow(/already exists/);
    expect(() => new Xen({ arch: "arm32" }).createDomain({ id: 2, mode: "aarch64" })).toThrow(
      /cannot run/,
    );
  });

  it("destroys a domain", () => {
    const xen = new Xen();
    xen.createDomain({ id: 1, mode: "aarch64" });
    xen.destroyDomain(1);
    expect(() => xen.domain(1)).toThrow(/no domain 1/);
    expect(() => xen.execute(1, 0)).toThrow(XenError);
  });

  it("reads registers at the name's width and results signed at the guest's width", () => {
    const xen = new Xen({ arch: "x86_64" });
    xen.createDomain({ id: 1, mode: "pv32" });
    xen.writeRegister(1, 0, "eax", -1n);
    expect(xen.readRegister(1, 0, "eax")).toBe(0xffffffffn);
    expect(xen.result(1, 0)).toBe(-1n);
    expect(() => xen.writeRegister(1, 0, "rax", 0n)).toThrow(
      /unknown register 'rax' for a pv32 vCPU; its registers: eax, /,
    );
  });

  it("traces every step of a dispatch when asked, and nothing otherwise", () => {
    const on = new Xen({ trace: true, debug: true });
    on.createDomain({ id: 1, mode: "aarch64" });
    on.writeRegister(1, 0, "x16", 17n);
    const kinds = on.execute(1, 0).trace!.map((e) => e.kind);
    expect(kinds).toEqual([
      "entry",
      "trap",
      "number",
      "narrow",
      "narrow",
      "handler",
      "result",
      "poison",
      "poison",
    ]);
    const off = new Xen();
    off.createDomain({ id: 1, mode: "aarch64" });
    expect(off.execute(1, 0).trace).toBeNull();
  });

  it("records the failing check's id in the trace", () => {
    const xen = new Xen({ trace: true });
    xen.createDomain({ id: 1, mode: "aarch64" });
    xen.writeRegister(1, 0, "x16", 39n); // argo_op, Argo not enabled
    xen.writeRegister(1, 0, "x0", 4n);
    const checks = xen.execute(1, 0).trace!.filter((e) => e.kind === "check");
    expect(checks).toEqual([
      { kind: "check", id: "argo_op.entry.not_enabled", errno: "EOPNOTSUPP" },
    ]);
  });

  it("says which handlers it models; each is a real handler name in the table", () => {
    const names = new Set(
      HYPERCALLS.flatMap((h) =>
        ["do", "compat", "hvm", "do_arm"].map((p) => `${p}_${h.name}`),
      ).concat(HYPERCALLS.map((h) => `dep_${h.name}`)),
    );
    expect(MODELLED_HANDLERS).toContain("do_argo_op");
    for (const n of MODELLED_HANDLERS) expect(names.has(n), n).toBe(true);
  });

  it("marks unmodelled hypercalls in the trace", () => {
    const xen = new Xen({ trace: true });
    xen.createDomain({ id: 1, mode: "aarch64" });
    xen.writeRegister(1, 0, "x16", 21n); // vm_assist
    const h = xen.execute(1, 0).trace!.find((e) => e.kind === "handler");
    expect(h).toMatchObject({ name: "do_vm_assist", modelled: false });
  });
});
