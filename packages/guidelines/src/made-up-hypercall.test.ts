/**
 * Issue 12's "done means": a made-up hypercall is one record plus one handler (and, for the
 * docs, its prose in YAML whose facts are placeholders). The table and dispatch, the docs
 * page's data (the catalog entry), `xen-abi show` and the check coverage report pick it up
 * without any other change.
 */
import { describe, expect, it } from "vitest";
import {
  EINVAL,
  EOPNOTSUPP,
  NEWEST_RELEASE,
  Xen,
  type HypercallModelRecord,
} from "@xen-abi/abi-core";
import { checkCoverage } from "@xen-abi/abi-core/coverage";
import { registryWith } from "@xen-abi/abi-core/hypercalls";
import { failCheck, type HypercallHandler } from "@xen-abi/abi-core/machine";
import { buildCatalog } from "./catalog/catalog.js";
import { hypercallSources } from "./catalog/load.js";
import { formatMessage } from "./lint/message.js";
import { showHypercall } from "./render/show.js";

/** The handler: doubles a count of at most 8. */
const do_frob_op: HypercallHandler = (call) => {
  const trace = call.xen.trace;
  if (call.argLo[0] !== 1) return failCheck(trace, "frob_op.entry.cmd_unknown", EOPNOTSUPP);
  const count = call.argLo[1]!;
  if (call.argHi[1] !== 0 || count > 8)
    return failCheck(trace, "frob_op.frob.count_max", EINVAL, "count", count);
  return count * 2;
};

/** The record, with the table row Xen's table does not have (43 is unused in xen.h). */
const FROB_OP: HypercallModelRecord = {
  name: "frob_op",
  subopPrefix: "XEN_FROB_OP_",
  subopArg: 0,
  unknownSubop: "EOPNOTSUPP",
  checks: [
    { id: "frob_op.entry.cmd_unknown", errno: "EOPNOTSUPP", xen: "made up", when: "cmd is not 1." },
  ],
  subops: [
    {
      name: "XEN_FROB_OP_frob",
      number: 1,
      modelled: true,
      args: ["subop", "count"],
      checks: [
        {
          id: "frob_op.frob.count_max",
          errno: "EINVAL",
          xen: "made up",
          when: "count is above 8.",
        },
      ],
    },
  ],
  handlers: { do_frob_op },
  table: {
    name: "frob_op",
    number: 43,
    summary: "Frobnicate a count (made up for a test).",
    status: "active",
    prototypes: [{ from: "4.12", do: "unsigned int cmd, unsigned long count" }],
    rows: [{ from: "4.12", row: "- do - do do" }],
  },
};

const FROB_DOC = `name: frob_op
number: \${frob_op.number}
purpose: Frobnicate a count; made up to show what picks a new hypercall up.
params:
  - { name: cmd, type: unsigned int, direction: in, meaning: The sub-op. }
  - { name: count, type: unsigned long, direction: in, meaning: "How many, at most 8." }
subopPrefix: XEN_FROB_OP_
unknownSubop: \${frob_op.unknown_subop.errno}
subops:
  - name: \${frob_op.frob.name}
    value: \${frob_op.frob.number}
    summary: Double the count.
    errors:
      - errno: \${frob_op.frob.count_max.errno}
        when: count is above 8.
errors:
  - errno: \${frob_op.entry.cmd_unknown.errno}
    when: cmd is not \${frob_op.frob.name}.
`;

const registry = registryWith([FROB_OP]);

describe("a made-up hypercall: one record plus one handler", () => {
  it("the table and dispatch: number 43 calls do_frob_op, and its checks are traced by id", () => {
    expect(registry.hypercall("frob_op")?.number).toBe(43);
    const xen = new Xen({ trace: true, records: [FROB_OP] });
    xen.createDomain({ id: 1, mode: "aarch64" });
    const call = (x0: bigint, x1: bigint) => {
      xen.writeRegister(1, 0, "x16", 43n);
      xen.writeRegister(1, 0, "x0", x0);
      xen.writeRegister(1, 0, "x1", x1);
      const trace = xen.execute(1, 0).trace!;
      return { ret: xen.result(1, 0), trace };
    };
    const ok = call(1n, 3n);
    expect(ok.ret).toBe(6n);
    expect(ok.trace).toContainEqual({
      kind: "handler",
      name: "do_frob_op",
      nargs: 2,
      modelled: true,
    });
    const big = call(1n, 9n);
    expect(big.ret).toBe(-22n);
    expect(big.trace.filter((e) => e.kind === "check")).toEqual([
      {
        kind: "check",
        id: "frob_op.frob.count_max",
        errno: "EINVAL",
        values: { count: "0x00000009" },
      },
    ]);
    const bad = call(2n, 0n);
    expect(bad.ret).toBe(-95n);
    expect(bad.trace.filter((e) => e.kind === "check")).toEqual([
      { kind: "check", id: "frob_op.entry.cmd_unknown", errno: "EOPNOTSUPP" },
    ]);
    // A machine without the record has no hypercall 43.
    const plain = new Xen();
    plain.createDomain({ id: 1, mode: "aarch64" });
    plain.writeRegister(1, 0, "x16", 43n);
    plain.execute(1, 0);
    expect(plain.result(1, 0)).toBe(-38n);
  });

  it("the docs page's data: a catalog entry with the record's facts in place of the placeholders", () => {
    const sources = { ...hypercallSources(), "data/hypercalls/frob_op.yaml": FROB_DOC };
    const catalog = buildCatalog(sources, NEWEST_RELEASE, registry);
    expect(catalog.messages.map(formatMessage)).toEqual([]);
    const e = catalog.byName("frob_op")!;
    expect([e.number, e.summary, e.availability.arm, e.availability.pv32]).toEqual([
      43,
      "Frobnicate a count (made up for a test).",
      "do",
      null,
    ]);
    expect(e.params.map((p) => `${p.type} ${p.name}`)).toEqual([
      "unsigned int cmd",
      "unsigned long count",
    ]);
    expect(e.doc.subops!.map((s) => [s.name, s.value, s.errors![0]!.errno])).toEqual([
      ["XEN_FROB_OP_frob", 1, "EINVAL"],
    ]);
    // The placeholder also ties the error to its check (kept in the releases that make it).
    expect(e.doc.errors[0]).toEqual({
      errno: "EOPNOTSUPP",
      when: "cmd is not XEN_FROB_OP_frob.",
      check: "frob_op.entry.cmd_unknown",
    });
    // Without the record, the document's placeholders name nothing.
    expect(buildCatalog(sources).messages.map((m) => m.ruleId)).toContain("unknown-placeholder");
  });

  it("`xen-abi show` shows it", () => {
    const catalog = buildCatalog(
      { ...hypercallSources(), "data/hypercalls/frob_op.yaml": FROB_DOC },
      NEWEST_RELEASE,
      registry,
    );
    const text = showHypercall("frob_op", NEWEST_RELEASE, catalog)!;
    expect(text).toContain("frob_op (__HYPERVISOR_frob_op = 43 (0x2b))  stable");
    expect(text).toContain("long do_frob_op(unsigned int cmd, unsigned long count)");
    expect(text).toContain(" 1 (0x1) XEN_FROB_OP_frob: Double the count.");
    expect(showHypercall("43", NEWEST_RELEASE, catalog)).toBe(text);
    expect(showHypercall("frob_op")).toBeUndefined();
  });

  it("the coverage report lists its checks, covered by the tests that assert them", () => {
    const thisTest = `expect(trace).toEqual([{ kind: "check", id: "frob_op.frob.count_max" }]);`;
    const rows = checkCoverage(registry, { tests: { "made-up.test.ts": thisTest }, scenarios: {} });
    expect(
      rows.filter((r) => r.hypercall === "frob_op").map((r) => [r.id, r.subop, r.errno, r.tests]),
    ).toEqual([
      ["frob_op.entry.cmd_unknown", undefined, "EOPNOTSUPP", []],
      ["frob_op.frob.count_max", "XEN_FROB_OP_frob", "EINVAL", ["made-up.test.ts"]],
    ]);
  });
});
