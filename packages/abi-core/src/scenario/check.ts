/**
 * Small typed readers over a loaded document: each either returns the value in the shape
 * asked for or throws a ScenarioError naming the file, position and JSON path.
 */
import { ScenarioError } from "./error.js";
import { formatPath } from "./load.js";
import type { LoadedDocument, Path } from "./load.js";
import { describe, parseNumberForm, toUnsigned } from "./numbers.js";

export type Mapping = Record<string, unknown>;

/** "a", "b" or "c" */
export function oneOf(values: readonly string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

export class Checker {
  constructor(readonly doc: LoadedDocument) {}

  fail(path: Path, reason: string, atKey = false): never {
    throw new ScenarioError(this.doc.file, formatPath(path), reason, this.doc.locate(path, atKey));
  }

  /** A mapping whose keys are all in `allowed` (`what` names it in messages: "a write step"). */
  mapping(v: unknown, path: Path, allowed: readonly string[], what: string): Mapping {
    if (v === null || typeof v !== "object" || Array.isArray(v))
      this.fail(path, `expected a mapping, got ${describe(v)}`);
    const m = v as Mapping;
    for (const k of Object.keys(m)) {
      if (!allowed.includes(k))
        this.fail([...path, k], `unknown key for ${what} (expected ${oneOf(allowed)})`, true);
    }
    return m;
  }

  list(v: unknown, path: Path): readonly unknown[] {
    if (!Array.isArray(v)) this.fail(path, `expected a list, got ${describe(v)}`);
    return v;
  }

  required(m: Mapping, key: string, path: Path, what: string): unknown {
    if (m[key] === undefined || m[key] === null) this.fail([...path, key], `${what} needs ${key}`);
    return m[key];
  }

  string(v: unknown, path: Path): string {
    if (typeof v !== "string") this.fail(path, `expected a string, got ${describe(v)}`);
    return v;
  }

  boolean(v: unknown, path: Path): boolean {
    if (typeof v !== "boolean") this.fail(path, `expected true or false, got ${describe(v)}`);
    return v;
  }

  choice<T extends string>(v: unknown, path: Path, values: readonly T[], what: string): T {
    if (typeof v !== "string" || !(values as readonly string[]).includes(v))
      this.fail(path, `unknown ${what} ${JSON.stringify(v)} (expected ${oneOf(values)})`);
    return v as T;
  }

  /** Any number form, unchecked range. */
  number(v: unknown, path: Path): bigint {
    const r = parseNumberForm(v);
    if (!r.ok) this.fail(path, r.reason);
    return r.value;
  }

  /** A number in [min, max], as a JS number (`what` describes the range: "a domid"). */
  int(v: unknown, path: Path, min: number, max: number, what: string): number {
    const n = this.number(v, path);
    if (n < BigInt(min) || n > BigInt(max))
      this.fail(path, `${v} does not fit ${what} (${hexOrDec(min)}..${hexOrDec(max)})`);
    return Number(n);
  }

  /** A number at `bits` width, unsigned (negative: two's complement). */
  sized(v: unknown, path: Path, bits: number, what: string): bigint {
    const n = this.number(v, path);
    const u = toUnsigned(n, bits);
    if (u === undefined) this.fail(path, `${v} does not fit ${what}`);
    return u;
  }
}

function hexOrDec(n: number): string {
  return n > 0xfff ? `0x${n.toString(16)}` : String(n);
}
