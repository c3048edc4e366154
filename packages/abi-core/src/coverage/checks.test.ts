import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { REGISTRY, registryWith } from "../hypercalls/registry.js";
import type { HypercallRecord } from "../hypercalls/record.js";
import { checkCoverage, checkIdsAsserted, formatCoverage, uncoveredChecks } from "./checks.js";
import { repositoryCoverage } from "./collect.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../../..");

describe("check coverage", () => {
  it("every documented, testable check has a test or an example scenario that makes it fail", () => {
    const rows = repositoryCoverage(ROOT, REGISTRY);
    expect(rows.length).toBe(REGISTRY.checks.length);
    const missing = uncoveredChecks(rows).map((r) => `${r.id} (-${r.errno})`);
    // Run `npm run coverage:checks` for the whole table.
    expect(missing, "checks no test or scenario makes fail").toEqual([]);
  }, 120_000); // runs every example scenario with tracing on

  it("counts a test only where it asserts the trace's check id", () => {
    const text = `
      expectCheck(h, h.op(d, 1, 2, 3, 4, 0), EINVAL, "argo_op.register_ring.npages_max");
      expectCheck(
        h,
        h.op(d, 1, 2, 3, 4, 0),
        EFAULT,
        "argo_op.register_ring.copy_reg",
      );
      expect(trace).toEqual([{ kind: "check", id: "argo_op.sendv.no_ring", errno: "ECONNREFUSED" }]);
      expectOpCheck(w.op(11, 1, A), "vcpu_op.send_nmi.arg");
      expect(REGISTRY.check("argo_op.notify.nent_max")).toBeDefined();`;
    expect([...checkIdsAsserted(text)].sort()).toEqual([
      "argo_op.register_ring.copy_reg",
      "argo_op.register_ring.npages_max",
      "argo_op.sendv.no_ring",
      "vcpu_op.send_nmi.arg",
    ]);
  });

  it("lists each check with its tests and scenarios, and the uncovered ones", () => {
    const demo: HypercallRecord = {
      name: "demo_op",
      subopPrefix: "DEMO_OP_",
      checks: [{ id: "demo_op.entry.off", errno: "ENOSYS", xen: "x.c: f", when: "off" }],
      subops: [
        {
          name: "DEMO_OP_frob",
          number: 1,
          modelled: true,
          checks: [
            { id: "demo_op.frob.bad", errno: "EINVAL", xen: "x.c: f", when: "bad" },
            {
              id: "demo_op.frob.nomem",
              errno: "ENOMEM",
              xen: "x.c: f",
              when: "-",
              untestable: "no",
            },
          ],
        },
      ],
      handlers: {},
      table: {
        name: "demo_op",
        number: 43,
        summary: "Demo.",
        status: "active",
        prototypes: [{ from: "4.12", do: "unsigned int cmd" }],
        rows: [{ from: "4.12", row: "do do do do do" }],
      },
    };
    const rows = checkCoverage(registryWith([demo]), {
      tests: { "a.test.ts": `expectCheck(h, rc, EINVAL, "demo_op.frob.bad")` },
      scenarios: { "s.yaml": ["demo_op.frob.bad"] },
    }).filter((r) => r.hypercall === "demo_op");
    expect(rows.map((r) => [r.id, r.subop, r.errno, r.tests, r.scenarios])).toEqual([
      ["demo_op.entry.off", undefined, "ENOSYS", [], []],
      ["demo_op.frob.bad", "DEMO_OP_frob", "EINVAL", ["a.test.ts"], ["s.yaml"]],
      ["demo_op.frob.nomem", "DEMO_OP_frob", "ENOMEM", [], []],
    ]);
    expect(uncoveredChecks(rows).map((r) => r.id)).toEqual(["demo_op.entry.off"]);
    const text = formatCoverage(rows);
    expect(text).toContain("demo_op.frob.bad");
    expect(text).toMatch(/demo_op\.entry\.off +-ENOSYS +NOT COVERED/);
    expect(text).toContain("3 checks, 2 testable, 1 covered, 1 not covered");
  });
});
