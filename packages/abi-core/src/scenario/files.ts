/**
 * The file-system entry points of the scenario runner (Node only): the package exports them
 * from `@xen-abi/abi-core/node` so the main entry stays importable in a browser bundle.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { ScenarioError } from "./error.js";
import { parseScenario } from "./parse.js";
import { runScenario, type RunOptions, type ScenarioResult } from "./run.js";
import type { Scenario } from "./schema.js";

/** Read and validate a scenario file. Throws ScenarioError when unreadable or invalid. */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === "ENOENT"
        ? "no such file"
        : err.code === "EISDIR"
          ? "is a directory with no .yaml, .yml or .json files"
          : err.code === "EACCES"
            ? "permission denied"
            : (err.code ?? err.message);
    throw new ScenarioError(path, "", `cannot read: ${why}`);
  }
  return parseScenario(text, path);
}

/** Read, validate and run a scenario file. Throws ScenarioError when unreadable or invalid. */
export function runScenarioFile(path: string, opts: RunOptions = {}): ScenarioResult {
  return runScenario(loadScenarioFile(path), opts);
}

const SCENARIO_EXT = /\.(ya?ml|json)$/i;

/**
 * The scenario files a command line names: a file as given, a directory as every .yaml, .yml
 * and .json file directly inside it, sorted by name. A path that does not exist, or a
 * directory without scenarios, is returned as given, so reading it reports the error.
 */
export function expandScenarioPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      // Missing or unreadable: leave it to loadScenarioFile's message.
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const sep = p.endsWith("/") ? "" : "/";
    const names = readdirSync(p)
      .filter((n) => SCENARIO_EXT.test(n))
      .sort();
    if (names.length === 0) out.push(p);
    for (const n of names) out.push(`${p}${sep}${n}`);
  }
  return out;
}
