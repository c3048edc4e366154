/**
 * Every example in the data runs here: TypeScript snippets as async function bodies receiving
 * @xen-abi/abi-core, scenario files through abi-core's runner. And the check that every error
 * documented for argo_op is triggered by some example.
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

describe("argo_op: every documented error is triggered by an example", () => {
  const argo = catalog.byName("argo_op")!;
  const triggered = new Set<number>();
  for (const ex of argo.doc.examples) {
    if (ex.kind === "typescript") negatives(ex.expect, triggered);
    else scenarioExpectedRets(join(root, ex.path)).forEach((r) => r < 0 && triggered.add(r));
  }
  // The colleague-written argo scenarios count too (examples/scenarios/argo-*.yaml).
  const dir = join(root, "examples", "scenarios");
  for (const f of readdirSync(dir).filter((n) => /^argo-.*\.ya?ml$/.test(n))) {
    for (const r of scenarioExpectedRets(join(dir, f))) if (r < 0) triggered.add(r);
  }
  const documented = [
    ...argo.doc.errors,
    ...(argo.doc.subops ?? []).flatMap((s) => s.errors ?? []),
  ];
  const names = [
    ...new Set(documented.filter((e) => e.untestable === undefined).map((e) => e.errno)),
  ];
  for (const name of names) {
    it(`-${name}`, () => {
      const value = (abi as unknown as Record<string, number>)[name];
      expect(typeof value, `${name} is an abi-core errno constant`).toBe("number");
      expect([...triggered], `no example returns -${name}`).toContain(-value!);
    });
  }
  it("marks only allocation failures untestable", () => {
    expect([
      ...new Set(documented.filter((e) => e.untestable !== undefined).map((e) => e.errno)),
    ]).toEqual(["ENOMEM"]);
  });
});
