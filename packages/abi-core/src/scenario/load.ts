/**
 * Loading a scenario document: JSON or YAML text into plain values, keeping source positions
 * so every error can point at `line:col`. JSON goes through the YAML parser too (YAML 1.2 is a
 * superset of JSON) after JSON.parse has confirmed it is strict JSON, so both forms get the
 * same positions and the same integer handling (integers arrive as BigInt, so an unsafe
 * literal is reported instead of rounded).
 */
import { isMap, isPair, isScalar, LineCounter, parseDocument } from "yaml";
import type { Document } from "yaml";
import { ScenarioError } from "./error.js";

/** A JSON path as segments: `["steps", 3, "regs", "x99"]`. */
export type PathSeg = string | number;
export type Path = readonly PathSeg[];

export interface Position {
  readonly line: number;
  readonly column: number;
}

/** A loaded document: its value and a way back to where each part was written. */
export interface LoadedDocument {
  readonly file: string;
  readonly value: unknown;
  /** Where the value at `path` starts (or its key, with `key`), when known. */
  locate(path: Path, key?: boolean): Position | undefined;
}

/** `["steps", 3, "regs", "x99"]` -> `steps[3].regs.x99`. */
export function formatPath(path: Path): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out;
}

function isJsonFile(file: string): boolean {
  return file.toLowerCase().endsWith(".json");
}

/** Parse `text` (named `file`, whose extension picks JSON or YAML). Throws ScenarioError. */
export function loadDocument(text: string, file: string): LoadedDocument {
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  if (isJsonFile(file)) {
    try {
      JSON.parse(text);
    } catch (e) {
      const msg = (e as Error).message.split("\n")[0] ?? "invalid JSON";
      throw new ScenarioError(file, "", `invalid JSON: ${msg}`);
    }
  }
  const doc = parseDocument(text, {
    lineCounter,
    intAsBigInt: true,
    prettyErrors: false,
    uniqueKeys: true,
  });
  const err = doc.errors[0];
  if (err !== undefined) {
    const pos = at(err.pos[0]);
    const msg = err.message.split("\n")[0] ?? "syntax error";
    throw new ScenarioError(file, "", `syntax error: ${msg}`, pos);
  }
  const value: unknown = doc.toJS({ maxAliasCount: 100 });
  return {
    file,
    value,
    locate: (path, key) => {
      const range = rangeOf(doc, path, key === true);
      return range === undefined ? undefined : at(range);
    },
  };
}

/** Start offset of the node at `path` (or of its key in the parent mapping). */
function rangeOf(doc: Document, path: Path, key: boolean): number | undefined {
  if (path.length === 0) return doc.contents?.range?.[0];
  if (key) {
    const parent = doc.getIn(path.slice(0, -1), true);
    const last = path[path.length - 1];
    if (isMap(parent)) {
      for (const item of parent.items) {
        if (isPair(item) && isScalar(item.key) && String(item.key.value) === String(last))
          return item.key.range?.[0];
      }
    }
  }
  const node: unknown = doc.getIn(path, true);
  if (node !== null && typeof node === "object" && "range" in node) {
    const r = (node as { range?: [number, number, number] | null }).range;
    if (r) return r[0];
  }
  // Fall back to the nearest ancestor that has a position.
  return path.length > 1 ? rangeOf(doc, path.slice(0, -1), false) : undefined;
}
