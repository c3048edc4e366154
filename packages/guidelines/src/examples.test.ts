/**
 * Every example in the data runs here: TypeScript snippets as async function bodies receiving
 * @xen-abi/abi-core, scenario files through abi-core's runner. And the check that every error
 * documented for a modelled hypercall is triggered by some example (argo_op: sub-ops' too).
 */
import { describe, expect, it } from "vitest";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as abi from "@xen-abi/abi-core";
import { runScenarioFile } from "@xen-abi/abi-core/node";
import { loadCatalog } from "./catalog/load.js";
import { findRepoRoot, scenarioExpectedRets } from "./node.js";
import type { TsExampleDoc } from "./schema/hypercall-doc.js";

const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor as new (
  ...args: string[]
) => (m: typeof abi) => Promise<unknown>;

async function runSnippet(ex: TsExampleDoc): Promise<unknown> {
  // JSON round trip: what the site shows is what is compared.
  return JSON.parse(JSON.stringify(await new AsyncFunction("abi", ex.code)(abi))) as unknown;
}

const root = findRepoRoot()!;
const catalog = loadCatalog();

describe("examples", () => {
  for (const e of catalog.entries) {
    for (const ex of e.doc.examples) {
      if (ex.kind === "typescript") {
        it(`${e.name}/${ex.id}`, async () => {
          expect(await runSnippet(ex)).toEqual(ex.expect);
        });
      } else {
        it(`${e.name}/${ex.id} (${ex.path})`, () => {
          const file = join(root, ex.path);
          expect(existsSync(file), file).toBe(true);
          const result = runScenarioFile(file);
          expect(result.ok, abi.formatFileText(result)).toBe(true);
        });
      }
    }
  }
});

/** Negative values a list of examples returns or expects. */
function negatives(v: unknown, out: Set<number>): Set<number> {
  if (typeof v === "number" && v < 0) out.add(v);
  else if (Array.isArray(v)) v.forEach((x) => negatives(x, out));
  else if (v !== null && typeof v === "object") Object.values(v).forEach((x) => negatives(x, out));
  return out;
}

/** Negative values the examples of a hypercall's page return or expect, with its own scenarios. */
function triggeredBy(name: string): Set<number> {
  const doc = catalog.byName(name)!.doc;
  const triggered = new Set<number>();
  for (const ex of doc.examples) {
    if (ex.kind === "typescript") negatives(ex.expect, triggered);
    else scenarioExpectedRets(join(root, ex.path)).forEach((r) => r < 0 && triggered.add(r));
  }
  // Scenarios named after the hypercall count too (examples/scenarios/argo-*.yaml for argo_op).
  const prefix = name === "argo_op" ? "argo-" : `${name.replace(/_/g, "-")}`;
  const dir = join(root, "examples", "scenarios");
  for (const f of readdirSync(dir).filter((n) => n.startsWith(prefix) && /\.ya?ml$/.test(n))) {
    for (const r of scenarioExpectedRets(join(dir, f))) if (r < 0) triggered.add(r);
  }
  return triggered;
}

function expectTriggered(triggered: Set<number>, names: readonly string[]): void {
  for (const name of names) {
    it(`-${name}`, () => {
      const value = (abi as unknown as Record<string, number>)[name];
      expect(typeof value, `${name} is an abi-core errno constant`).toBe("number");
      expect([...triggered], `no example returns -${name}`).toContain(-value!);
    });
  }
}

describe("argo_op: every documented error is triggered by an example", () => {
  const argo = catalog.byName("argo_op")!;
  const documented = [
    ...argo.doc.errors,
    ...(argo.doc.subops ?? []).flatMap((s) => s.errors ?? []),
  ];
  const names = [
    ...new Set(documented.filter((e) => e.untestable === undefined).map((e) => e.errno)),
  ];
  expectTriggered(triggeredBy("argo_op"), names);
  it("marks only allocation failures untestable", () => {
    expect([
      ...new Set(documented.filter((e) => e.untestable !== undefined).map((e) => e.errno)),
    ]).toEqual(["ENOMEM"]);
  });
});

/** Every hypercall the machine models (its record, and multicall from dispatch/). */
const MODELLED = [...new Set([...abi.REGISTRY.records.map((r) => r.name), "multicall"])].filter(
  (n) => n !== "argo_op" && catalog.byName(n) !== undefined && !n.endsWith("_compat"),
);

describe("every modelled hypercall: each documented top-level error is triggered by an example", () => {
  it("covers xen_version, console_io, sched_op and multicall", () => {
    expect([...MODELLED].sort()).toEqual(
      expect.arrayContaining(["console_io", "multicall", "sched_op", "xen_version"]),
    );
  });
  for (const name of MODELLED) {
    describe(name, () => {
      const doc = catalog.byName(name)!.doc;
      const names = [
        ...new Set(doc.errors.filter((e) => e.untestable === undefined).map((e) => e.errno)),
      ];
      expectTriggered(triggeredBy(name), names);
    });
  }
});
