/**
 * @xen-abi/guidelines/node: the file-system side. Lint files and directories (including the
 * checks that need files: scenario examples exist, every hypercall in a data directory has a
 * document), load a catalog from a directory, read scenario expectations, write the JSON
 * Schemas. Everything else is in the browser-safe main entry.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { NEWEST_RELEASE, type ReleaseRef } from "@xen-abi/abi-core";
import { buildCatalog, type Catalog } from "./catalog/catalog.js";
import { lintText } from "./lint/lint-file.js";
import { sortMessages, type LintMessage } from "./lint/message.js";
import { parseYamlSource } from "./yaml/source.js";
import { JSON_SCHEMAS } from "./schema/json-schema.js";

export * from "./index.js";

/** The package directory (holds data/ and schema/). */
export const PACKAGE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The repository root: the nearest ancestor of `from` with an examples/scenarios folder. */
export function findRepoRoot(from: string = PACKAGE_DIR): string | undefined {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, "examples", "scenarios"))) return dir;
    const up = dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
}

/** Files to lint: each path, or the .yaml/.yml/.json files under a directory (sorted, recursive). */
export function expandLintPaths(paths: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) {
      for (const e of readdirSync(p).sort()) walk(join(p, e));
    } else if (/\.(ya?ml|json)$/.test(p)) out.push(p);
  };
  for (const p of paths) {
    if (!existsSync(p)) throw new Error(`${p}: no such file or directory`);
    if (statSync(p).isDirectory()) walk(p);
    else out.push(p);
  }
  return out;
}

function scenarioChecks(file: string, text: string, root: string | undefined): LintMessage[] {
  const src = parseYamlSource(text, file);
  const examples =
    (src.value as { examples?: { kind?: string; path?: string }[] } | undefined)?.examples ?? [];
  const out: LintMessage[] = [];
  examples.forEach((ex, i) => {
    if (ex?.kind !== "scenario" || typeof ex.path !== "string") return;
    if (root === undefined || !existsSync(join(root, ex.path))) {
      out.push(
        src.at(
          ["examples", i, "path"],
          "missing-example-file",
          `scenario ${ex.path} does not exist`,
        ),
      );
    }
  });
  return out;
}

export interface LintFilesOptions {
  /** Repository root for scenario example paths (default: found from the files). */
  readonly root?: string;
}

/**
 * Lint files and directories. Paths in messages are as given. A directory holding hypercall
 * documents is also checked as a set against abi-core's table.
 */
export function lintFiles(paths: readonly string[], opts: LintFilesOptions = {}): LintMessage[] {
  const messages: LintMessage[] = [];
  for (const file of expandLintPaths(paths)) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      messages.push({
        file,
        line: 1,
        column: 1,
        ruleId: "unreadable",
        message: (e as Error).message,
        severity: "error",
      });
      continue;
    }
    const res = lintText(text, file.split("\\").join("/"));
    messages.push(...res.messages);
    if (res.kind === "hypercall")
      messages.push(
        ...scenarioChecks(file, text, opts.root ?? findRepoRoot(dirname(resolve(file)))),
      );
  }
  for (const p of paths) {
    if (existsSync(p) && statSync(p).isDirectory() && /(^|[/\\])hypercalls[/\\]?$/.test(p)) {
      const set = buildCatalog(readDir(p));
      messages.push(...set.messages.filter((m) => m.ruleId === "missing-doc"));
    }
  }
  return sortMessages(messages);
}

function readDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort())
    if (/\.ya?ml$/.test(f)) out[join(dir, f)] = readFileSync(join(dir, f), "utf8");
  return out;
}

/** A catalog from a directory of hypercall documents instead of the bundled ones. */
export function loadCatalogFromDir(dir: string, release: ReleaseRef = NEWEST_RELEASE): Catalog {
  return buildCatalog(readDir(dir), release);
}

/** The data files on disk, by path relative to the package (what the bundle must equal). */
export function readDataFiles(dir: string = join(PACKAGE_DIR, "data")): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name))
        out[relative(PACKAGE_DIR, p).split("\\").join("/")] = readFileSync(p, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** Every `expect.ret` of a scenario file's hypercall steps, as numbers (hex and decimal strings parsed). */
export function scenarioExpectedRets(file: string): number[] {
  const doc = parse(readFileSync(file, "utf8")) as {
    steps?: { op?: string; expect?: { ret?: unknown } }[];
  } | null;
  const out: number[] = [];
  for (const s of doc?.steps ?? []) {
    const r = s?.expect?.ret;
    if (typeof r === "number") out.push(r);
    else if (typeof r === "string" && /^-?(0x[0-9a-f]+|\d+)$/i.test(r.trim())) {
      const t = r.trim();
      out.push(t.startsWith("-") ? -Number(t.slice(1)) : Number(t));
    }
  }
  return out;
}

/** Write schema/*.schema.json (the build runs this). */
export function writeJsonSchemas(dir: string = join(PACKAGE_DIR, "schema")): string[] {
  mkdirSync(dir, { recursive: true });
  return Object.entries(JSON_SCHEMAS).map(([name, schema]) => {
    const p = join(dir, name);
    writeFileSync(p, `${JSON.stringify(schema, null, 2)}\n`);
    return p;
  });
}
