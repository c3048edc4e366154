import { describe, expect, it } from "vitest";
import { EINVAL } from "../machine/errno.js";
import { failCheck, passCheck, type TraceEvent } from "../machine/trace.js";
import { hypercallByName } from "../table/hypercalls.js";
import type { HypercallRecord } from "./record.js";
import { HANDLERS } from "./index.js";
import { RECORDS, REGISTRY, makeRegistry, registryWith } from "./registry.js";

const noop = () => 0;

describe("the registry of hypercall records", () => {
  it("joins every record to the table by name, and dispatches each record's handlers", () => {
    for (const r of RECORDS) expect(hypercallByName(r.name)?.name, r.name).toBe(r.name);
    for (const r of RECORDS)
      for (const [fn, h] of Object.entries(r.handlers)) expect(HANDLERS[fn], fn).toBe(h);
    expect(Object.keys(HANDLERS).sort()).toEqual(
      RECORDS.flatMap((r) => Object.keys(r.handlers)).sort(),
    );
  });

  it("lists argo_op's checks in Xen's order, each found by its id", () => {
    const ids = REGISTRY.checks.filter((c) => c.hypercall === "argo_op").map((c) => c.check.id);
    expect(ids.slice(0, 6)).toEqual([
      "argo_op.entry.arg_above_32bit",
      "argo_op.entry.not_enabled",
      "argo_op.entry.xsm_enable",
      "argo_op.entry.cmd_unknown",
      "argo_op.register_ring.npages_max",
      "argo_op.register_ring.gfn_handle",
    ]);
    expect(new Set(ids).size).toBe(ids.length);
    const ref = REGISTRY.check("argo_op.register_ring.npages_max")!;
    expect([ref.hypercall, ref.subop, ref.check.errno]).toEqual([
      "argo_op",
      "XEN_ARGO_OP_register_ring",
      "EINVAL",
    ]);
    expect(REGISTRY.check("argo_op.register_ring.nope")).toBeUndefined();
  });

  it("resolves placeholder facts from the records and the table", () => {
    expect(REGISTRY.fact("argo_op.number")).toBe(39);
    expect(REGISTRY.fact("argo_op.register_ring.name")).toBe("XEN_ARGO_OP_register_ring");
    expect(REGISTRY.fact("argo_op.notify.number")).toBe(4);
    expect(REGISTRY.fact("argo_op.notify.nent_max.errno")).toBe("EACCES");
    expect(REGISTRY.fact("argo_op.entry.not_enabled.errno")).toBe("EOPNOTSUPP");
    expect(REGISTRY.fact("argo_op.unknown_subop.errno")).toBe("EOPNOTSUPP");
    for (const bad of [
      "argo_op.register_ring",
      "argo_op.nope.name",
      "nope.number",
      "argo_op.x.y.z.w",
    ])
      expect(REGISTRY.fact(bad), bad).toBeUndefined();
  });

  it("rejects records that break the rules, naming what is wrong", () => {
    const base: HypercallRecord = { name: "argo_op", checks: [], subops: [], handlers: {} };
    const chk = (id: string) => ({ id, errno: "EINVAL", xen: "x.c: f", when: "w" });
    expect(() => makeRegistry([base, base])).toThrow(/argo_op has two records/);
    expect(() => makeRegistry([{ ...base, name: "no_such_op" }])).toThrow(
      /no_such_op is not a hypercall in the table/,
    );
    expect(() => makeRegistry([{ ...base, checks: [chk("argo_op.sendv.x")] }])).toThrow(
      /must be 'argo_op.entry.<what>'/,
    );
    expect(() =>
      makeRegistry([{ ...base, checks: [chk("argo_op.entry.a"), chk("argo_op.entry.a")] }]),
    ).toThrow(/used twice/);
    const subop = { name: "XEN_ARGO_OP_x", number: 1, modelled: true, checks: [] };
    expect(() =>
      makeRegistry([
        {
          ...base,
          subopPrefix: "XEN_ARGO_OP_",
          subops: [subop, { ...subop, name: "XEN_ARGO_OP_y" }],
        },
      ]),
    ).toThrow(/number 1 is not a fresh integer/);
    expect(() =>
      makeRegistry([{ ...base, subopPrefix: "XEN_", subops: [{ ...subop, name: "OTHER" }] }]),
    ).toThrow(/does not start with XEN_/);
    expect(() =>
      makeRegistry([
        base,
        { name: "xen_version", checks: [], subops: [], handlers: { h: noop } },
        { name: "sched_op", checks: [], subops: [], handlers: { h: noop } },
      ]),
    ).toThrow(/handler h is in two records/);
  });

  it("registryWith adds a record or replaces one of the same name", () => {
    expect(registryWith([])).toBe(REGISTRY);
    const r = registryWith([
      { name: "argo_op", checks: [], subops: [], handlers: { do_argo_op: noop } },
    ]);
    expect(r.handlers.do_argo_op).toBe(noop);
    expect(r.handlers.compat_argo_op).toBeUndefined();
    expect(r.handlers.do_xen_version).toBe(HANDLERS.do_xen_version);
  });
});

describe("the trace's check events", () => {
  it("record the id, the errno's name and the narrowed value, and return -errno", () => {
    const trace: TraceEvent[] = [];
    expect(failCheck(trace, "demo_op.frob.npages_max", EINVAL, "npage", 4097)).toBe(-EINVAL);
    expect(passCheck(trace, "demo_op.entry.xsm_enable", -13)).toBe(-13);
    expect(passCheck(trace, "demo_op.entry.xsm_enable", 0)).toBe(0);
    expect(trace).toEqual([
      {
        kind: "check",
        id: "demo_op.frob.npages_max",
        errno: "EINVAL",
        values: { npage: "0x00001001" },
      },
      { kind: "check", id: "demo_op.entry.xsm_enable", errno: "EACCES" },
    ]);
  });
  it("are not recorded when tracing is off", () => {
    expect(failCheck(null, "argo_op.entry.not_enabled", EINVAL)).toBe(-EINVAL);
  });
});
