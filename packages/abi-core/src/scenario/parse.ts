/**
 * Text to a validated scenario, and the file-system entry points. File access goes through
 * `process.getBuiltinModule` so this module (and the package's barrel) stays importable in a
 * browser bundle, where only the text entry points are used.
 */
import type * as NodeFs from "node:fs";
import { ScenarioError } from "./error.js";
import { loadDocument } from "./load.js";
import { runScenario } from "./run.js";
import type { RunOptions, ScenarioResult } from "./run.js";
import type { Scenario } from "./schema.js";
import { scenarioStructs } from "./struct-codec.js";
import type { ScenarioStructs } from "./structs.js";
import { validateScenario } from "./validate.js";

/** Parse and validate scenario text; `file` names it in errors and picks JSON (`.json`) or YAML. */
export function parseScenario(
  text: string,
  file: string,
  structs: ScenarioStructs = scenarioStructs,
): Scenario {
  return validateScenario(loadDocument(text, file), structs);
}

type Fs = typeof NodeFs;

function fs(): Fs {
  const mod = globalThis.process?.getBuiltinModule?.("node:fs") as Fs | undefined;
  if (mod === undefined) throw new Error("reading scenario files needs Node.js");
  return mod;
}

/** Read and validate a scenario file. Throws ScenarioError when unreadable or invalid. */
export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = fs().readFileSync(path, "utf8");
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
  const f = fs();
  for (const p of paths) {
    let isDir = false;
    try {
      isDir = f.statSync(p).isDirectory();
    } catch {
      // Missing or unreadable: leave it to loadScenarioFile's message.
    }
    if (!isDir) {
      out.push(p);
      continue;
    }
    const sep = p.endsWith("/") ? "" : "/";
    const names = f
      .readdirSync(p)
      .filter((n) => SCENARIO_EXT.test(n))
      .sort();
    if (names.length === 0) out.push(p);
    for (const n of names) out.push(`${p}${sep}${n}`);
  }
  return out;
}
