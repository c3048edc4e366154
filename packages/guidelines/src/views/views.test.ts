import { describe, expect, it } from "vitest";
import { loadCatalog } from "../catalog/load.js";
import { showHypercall } from "../render/show.js";
import { siteContent } from "./index.js";
import { scenarioSources } from "./scenarios.js";

const SCENARIO = `name: one call
domains:
  - { id: 1, mode: aarch64 }
steps:
  - op: hypercall
    domain: 1
    regs: { x16: 17, x0: 0 }
`;

describe("site view models", () => {
  const site = siteContent({ scenarios: { "a.yaml": SCENARIO, "bad.yaml": "steps: [" } });
  const argo = site.hypercalls.find((h) => h.row.name === "argo_op")!;

  it("gives each argument the width Xen reads, per Xen build (AArch32 on arm64 reads 64 bits)", () => {
    const rows = argo.modes.filter((m) => m.mode === "aarch32");
    const onArm64 = rows.find((m) => m.xen === "arm64")!.args.find((a) => a.param === "arg3")!;
    const onArm32 = rows.find((m) => m.xen === "arm32")!.args.find((a) => a.param === "arg3")!;
    expect([onArm64.bits, onArm64.xenBits, onArm64.handling]).toEqual([32, 64, "range-checked"]);
    expect([onArm32.bits, onArm32.xenBits]).toEqual([32, 32]);
  });

  it("answers the thread's question for every argument row, and keeps arm64 notes off arm32 rows", () => {
    let rows = 0;
    for (const h of site.hypercalls)
      for (const m of h.modes)
        for (const a of m.args) {
          rows++;
          expect(a.topHalf.length, `${h.row.name} ${m.mode}/${m.xen} ${a.param}`).toBeGreaterThan(
            0,
          );
          if (m.mode === "aarch32" && m.xen === "arm32") {
            expect(a.note).toBeUndefined();
            expect(a.summary).not.toMatch(/arm64|top half/);
          }
        }
    expect(rows).toBeGreaterThan(200);
    const arg3 = (xen: string) =>
      argo.modes
        .find((m) => m.mode === "aarch32" && m.xen === xen)!
        .args.find((a) => a.param === "arg3")!;
    expect(arg3("arm64").note).toContain("top half of x3");
    const pointers = site.hypercalls.flatMap((h) =>
      h.modes
        .filter((m) => m.mode === "aarch32" && m.xen === "arm64")
        .flatMap((m) => m.args.filter((a) => a.handling === "guest-handle")),
    );
    expect(pointers.length).toBeGreaterThan(15);
    for (const p of pointers) {
      expect(p.summary).toContain("top half");
      expect(p.topHalf.map((f) => f.fate)).toContain("zeroed");
    }
  });

  it("says on the AArch32 page what happens to top halves, per Xen", () => {
    const aarch32 = site.modes.find((m) => m.mode === "aarch32")!;
    const fates = aarch32.topHalves.map((t) => [
      t.xen,
      t.args.flatMap((a) => a.facts.map((f) => f.fate)),
    ]);
    expect(fates).toEqual([
      ["arm64", ["dropped", "zeroed", "kept", "zeroed"]],
      ["arm32", ["none", "none"]],
    ]);
  });

  it("uses the catalog's status words, the ones `xen-abi show` prints", () => {
    const catalog = loadCatalog();
    for (const h of site.hypercalls) {
      const e = catalog.byName(h.row.name)!;
      expect(h.row.status).toBe(e.status);
      expect(showHypercall(e.name)).toContain(` ${e.status}`);
    }
  });

  it("prints sub-op names exactly as the header defines them, the prefix once", () => {
    const prefixed = site.hypercalls.filter((h) => h.subopPrefix !== undefined);
    expect(prefixed.length).toBeGreaterThan(10);
    for (const h of prefixed)
      for (const s of h.subops) {
        expect(s.name.startsWith(h.subopPrefix!)).toBe(true);
        expect(s.name.slice(h.subopPrefix!.length).startsWith(h.subopPrefix!)).toBe(false);
      }
    expect(argo.subops.map((s) => s.name)).toContain("XEN_ARGO_OP_register_ring");
  });

  it("links a scenario to the hypercalls it issues and leaves out one that does not parse", () => {
    expect(site.scenarios.map((s) => s.file)).toEqual(["a.yaml"]);
    const xv = site.hypercalls.find((h) => h.row.name === "xen_version")!;
    expect(xv.scenarios).toEqual([{ file: "a.yaml", name: "one call" }]);
    const skipped: string[] = [];
    scenarioSources({ "bad.yaml": "steps: [" }, (f) => skipped.push(f));
    expect(skipped).toEqual(["bad.yaml"]);
  });

  it("lists a document's own scenario examples first, with the titles it gives them", () => {
    const withDocs = siteContent({
      scenarios: { "a.yaml": SCENARIO, "xen-version.yaml": SCENARIO.replace("one call", "two") },
    });
    const xv = withDocs.hypercalls.find((h) => h.row.name === "xen_version")!;
    expect(xv.scenarios).toEqual([
      {
        file: "xen-version.yaml",
        name: "two",
        title: "XENVER_version, extraversion and pagesize from AArch64 and AArch32",
      },
      { file: "a.yaml", name: "one call" },
    ]);
  });
});

describe("the Arm mode pages' SMCCC/PSCI functions", () => {
  it("name every result as PSCI and SMCCC name it, never as an errno", async () => {
    const { modePage } = await import("./mode.js");
    expect(modePage("pv64").smccc).toBeNull();
    const s = modePage("aarch64").smccc!;
    const cpuOn = s.functions.find((f) => f.fid === "0x84000003")!;
    expect(cpuOn.modelled).toBe(true);
    expect(cpuOn.checks.map((c) => [c.id, c.result, c.value])).toEqual([
      ["psci.cpu_on.target", "INVALID_PARAMETERS", -2],
      ["psci.cpu_on.thumb_aarch64", "INVALID_ADDRESS", -9],
      ["psci.cpu_on.already_on", "ALREADY_ON", -4],
      ["psci.cpu_on.context", "DENIED", -3],
    ]);
    expect(s.entryChecks.map((c) => c.result)).toEqual(["NOT_SUPPORTED", "NOT_SUPPORTED"]);
    const text = JSON.stringify(s);
    expect(text).not.toMatch(/-E[A-Z]{3,}|"E(PERM|NOENT|INVAL)"/);
  });
});

describe("each hypercall page says which sub-ops the machine runs", () => {
  const site = siteContent({ scenarios: {} });
  const page = (name: string) => site.hypercalls.find((h) => h.row.name === name)!;

  it("from the machine's records: sched_op runs six sub-ops, poll and pin_override are unmodelled", () => {
    const m = page("sched_op").model;
    expect(m.handled).toBe(true);
    expect(m.runs.map((s) => s.name)).toEqual([
      "SCHEDOP_yield",
      "SCHEDOP_block",
      "SCHEDOP_shutdown",
      "SCHEDOP_remote_shutdown",
      "SCHEDOP_shutdown_code",
      "SCHEDOP_watchdog",
    ]);
    expect(m.unmodelled.map((s) => s.name)).toEqual(["SCHEDOP_poll", "SCHEDOP_pin_override"]);
    const poll = page("sched_op").subops.find((s) => s.name === "SCHEDOP_poll");
    expect(poll?.modelled).toBe(false);
    expect(page("sched_op").subops.find((s) => s.name === "SCHEDOP_yield")?.modelled).toBe(true);
  });

  it("xen_version's *2 sub-ops carry their release; a hypercall with no record is not handled", () => {
    const xv = page("xen_version").model;
    expect(xv.runs.find((s) => s.name === "XENVER_commandline2")?.since).toBe("4.20.0");
    expect(xv.unmodelled.map((s) => s.name)).toEqual(["XENVER_build_id"]);
    expect(page("multicall").model).toEqual({ handled: true, runs: [], unmodelled: [] });
    const none = site.hypercalls.find((h) => !h.model.handled)!;
    expect(none.model.runs).toEqual([]);
    expect(none.subops.every((s) => !s.modelled)).toBe(true);
  });
});
