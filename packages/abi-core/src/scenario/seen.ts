/**
 * What the steps saw, kept as numbers and formatted only when a report reads it: the
 * register files after each hypercall step, which registers a step changed, and the fields
 * that compute their value on first read.
 */
import type { RegisterDef } from "../abi/modes.js";
import { hex } from "../machine/trace.js";
import type { TraceSpan } from "../machine/trace-log.js";
import type { StepResult } from "./result.js";

/**
 * Give `obj[key]` a value computed on first read (then kept): what a step saw is kept as
 * numbers and formatted only when a report shows it. Enumerable, so JSON and spreads see it.
 */
export function lazyField<T extends object, K extends keyof T>(
  obj: T,
  key: K,
  make: () => T[K],
): void {
  Object.defineProperty(obj, key, {
    configurable: true,
    enumerable: true,
    get() {
      const value = make();
      Object.defineProperty(obj, key, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
      return value;
    },
    set(value: T[K]) {
      Object.defineProperty(obj, key, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    },
  });
}

export function changedRegs(
  before: Record<string, string>,
  after: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(after)) if (before[k] !== v) out[k] = v;
  return out;
}

/**
 * The registers of `defs` whose words differ between `before` and `after` (register files as
 * words), new values as hex at full width: only what changed is formatted.
 */
export function changedWords(
  before: Uint32Array,
  after: Uint32Array,
  defs: readonly RegisterDef[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const def of defs) {
    const i = def.slot * 2;
    const lo = after[i]!;
    const hi = def.bits === 64 ? after[i + 1]! : 0;
    if (lo !== before[i] || (def.bits === 64 && hi !== before[i + 1]))
      out[def.name] = hex(lo, hi, def.bits);
  }
  return out;
}

/**
 * What the hypercall steps saw, kept as numbers until the steps are read: each step's
 * register file after the call (copied into one growing array) and its trace span.
 */
export class SeenLog {
  private words = new Uint32Array(4096);
  private n = 0;
  readonly steps: StepResult[] = [];
  readonly at: number[] = [];
  readonly defs: (readonly RegisterDef[])[] = [];
  readonly spans: (TraceSpan | null)[] = [];

  add(r: StepResult, regs: Uint32Array, defs: readonly RegisterDef[], span: TraceSpan | null) {
    const k = regs.length;
    if (this.n + k > this.words.length) {
      const bigger = new Uint32Array(2 * (this.n + k));
      bigger.set(this.words.subarray(0, this.n));
      this.words = bigger;
    }
    this.words.set(regs, this.n);
    this.steps.push(r);
    this.at.push(this.n);
    this.defs.push(defs);
    this.spans.push(span);
    this.n += k;
  }

  /** The registers step i saw, by name, lower-case hex at full width. */
  regs(i: number): Record<string, string> {
    const w = this.words;
    const at = this.at[i]!;
    const out: Record<string, string> = {};
    for (const def of this.defs[i]!) {
      const lo = w[at + def.slot * 2]!;
      const hi = def.bits === 64 ? w[at + def.slot * 2 + 1]! : 0;
      out[def.name] = hex(lo, hi, def.bits);
    }
    return out;
  }
}
