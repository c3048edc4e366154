import { describe, expect, it } from "vitest";
import { toDom0 } from "./dom0.js";

const doc = {
  xen: { arch: "arm64", cmdline: "argo=1" },
  domains: [
    { id: 1, mode: "aarch64" },
    { id: 2, mode: "aarch32" },
  ],
  steps: [
    {
      op: "write",
      domain: 1,
      addr: "0x1000",
      struct: "xen_argo_register_ring_t",
      fields: { aport: 1, partner_id: 1, len: 4032 },
    },
    { op: "hypercall", domain: 1, regs: { x16: 39, x0: 1, x1: "0x1000" }, expect: { ret: 0 } },
    { op: "hypercall", domain: 2, regs: { r12: 17, r0: 0 } },
    { op: "hypercall", domain: 1, imm: "0x1", regs: { x16: 17 } },
    {
      op: "read",
      domain: 1,
      addr: "0x2000",
      length: 16,
      struct: "x",
      expect: { fields: { "source.domain_id": 1, len: 1 } },
    },
    { op: "virqs", domain: 1, expect: { pending: [11] } },
  ],
};

describe("toDom0", () => {
  it("makes the first domain dom0 and rewrites its id where it is a domain id", () => {
    const r = toDom0(doc, "arm64");
    if (typeof r === "string") throw new Error(r);
    expect(r.fromDomain).toBe(1);
    expect(r.doc.domains).toEqual([{ id: 0, mode: "aarch64" }]);
    const steps = r.doc.steps as Record<string, unknown>[];
    expect(steps.map((s) => s.domain)).toEqual([0, 0, 0]);
    expect(steps[0]?.fields).toEqual({ aport: 1, partner_id: 0, len: 4032 });
    // A non-domid field keeps its value even when it equals the domain id.
    expect((steps[2]?.expect as { fields: unknown }).fields).toEqual({
      "source.domain_id": 0,
      len: 1,
    });
    expect(r.origIndex).toEqual([0, 1, 4]);
  });

  it("reports each step it cannot run with why", () => {
    const r = toDom0(doc, "arm64");
    if (typeof r === "string") throw new Error(r);
    expect(r.skipped.map((s) => [s.index, s.why])).toEqual([
      [2, "needs domain 2: real Xen here runs dom0 only"],
      [3, "hvc #1: the test guest has no exception vectors for the undef"],
      [5, "the test guest binds no event channels or VIRQs"],
    ]);
  });

  it("skips a call whose struct names another domain of the scenario", () => {
    const r = toDom0(
      {
        domains: [
          { id: 1, mode: "aarch64" },
          { id: 2, mode: "aarch64" },
        ],
        steps: [
          {
            op: "write",
            domain: 1,
            addr: "0x1200",
            struct: "evtchn_alloc_unbound_t",
            fields: { dom: "0x7ff0", remote_dom: 2 },
          },
          { op: "hypercall", domain: 1, regs: { x16: 32, x0: 6, x1: "0x1200" } },
          { op: "write", domain: 1, addr: "0x1200", struct: "evtchn_alloc_unbound_t", fields: {} },
          { op: "hypercall", domain: 1, regs: { x16: 32, x0: 6, x1: "0x1200" } },
        ],
      },
      "arm64",
    );
    if (typeof r === "string") throw new Error(r);
    expect(r.skipped.map((s) => [s.index, s.why])).toEqual([
      [1, "names domain 2: real Xen here runs dom0 only"],
    ]);
    expect(r.origIndex).toEqual([0, 2, 3]);
  });

  it("refuses guests it has no test guest for", () => {
    expect(
      toDom0({ xen: { arch: "x86_64" }, domains: [{ id: 1, mode: "hvm64" }], steps: [] }, "x86_64"),
    ).toMatch(/HVM/);
    expect(
      toDom0({ domains: [{ id: 1, mode: "aarch64", argo: false }], steps: [] }, "arm64"),
    ).toMatch(/FLASK/);
  });

  it("runs an AArch32 domain as an AArch32 dom0, its own sp and lr kept", () => {
    const r = toDom0(doc, "arm64", 2);
    if (typeof r === "string") throw new Error(r);
    expect(r.fromDomain).toBe(2);
    expect(r.doc.domains).toEqual([{ id: 0, mode: "aarch32" }]);
    expect(r.origIndex).toEqual([2]);
    expect((r.doc.steps as Record<string, unknown>[])[0]?.regs).toEqual({ r12: 17, r0: 0 });
    const lr = toDom0(
      {
        domains: [{ id: 1, mode: "aarch32" }],
        steps: [{ op: "hypercall", domain: 1, regs: { r12: 17, r14: "0x1000" } }],
      },
      "arm64",
    );
    if (typeof lr === "string") throw new Error(lr);
    expect(lr.skipped.map((s) => s.why)).toEqual(["sets r14, which the test guest keeps"]);
  });
});
