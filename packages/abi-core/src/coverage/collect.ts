/**
 * Node-only: gather the coverage evidence of a checkout — every `*.test.ts` under packages/
 * and apps/, and the example scenarios run with tracing on.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { runScenarioFile } from "../scenario/files.js";
import type { Registry } from "../hypercalls/registry.js";
import {
  checkCoverage,
  checkIdsInTrace,
  type CheckCoverageRow,
  type CoverageEvidence,
} from "./checks.js";

function walk(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === "node_modules" || e.name === "dist" || e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, keep, out);
    else if (keep(e.name)) out.push(p);
  }
  return out.sort();
}

/** The evidence in the repository at `root`. */
export function collectEvidence(root: string): CoverageEvidence {
  const tests: Record<string, string> = {};
  for (const top of ["packages", "apps"])
    for (const f of walk(join(root, top), (n) => n.endsWith(".test.ts")))
      tests[relative(root, f)] = readFileSync(f, "utf8");
  const scenarios: Record<string, string[]> = {};
  for (const f of walk(join(root, "examples", "scenarios"), (n) => /\.ya?ml$/.test(n))) {
    const result = runScenarioFile(f, { trace: true });
    scenarios[relative(root, f)] = result.steps.flatMap((s) => checkIdsInTrace(s.trace ?? []));
  }
  return { tests, scenarios };
}

/** The report's rows for the repository at `root`. */
export function repositoryCoverage(root: string, registry: Registry): CheckCoverageRow[] {
  return checkCoverage(registry, collectEvidence(root));
}
