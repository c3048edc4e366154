/**
 * A machine's trace recorder: the dispatcher's frequent events (entry, number, narrowing,
 * handler, result, poison) kept as numbers in one growing Uint32Array, with the strings and
 * objects they name in one array beside it, so a traced hypercall allocates nothing once the
 * log has grown to its working size. Events become TraceEvents only when someone reads them
 * (TraceLog.format). Rare events (a failed check, a note, a fault) are pushed as formatted
 * objects, as an array sink would take them.
 *
 * One log per machine (Xen's `trace` option): never shared, so a policy hook that runs
 * another machine mid-call writes into that machine's log.
 */
import { registersFor, type GuestMode, type XenArch } from "../abi/modes.js";
import { errnoName } from "./errno.js";
import { hex, type TraceEvent } from "./trace.js";

/** One parameter's narrowing, as a trace shows it: constant per (handler, parameter, mode). */
export interface NarrowTrace {
  readonly index: number;
  readonly register: string;
  readonly param: string;
  readonly ctype: string;
  readonly narrow: unknown;
  readonly describe: (narrow: never, bits: 32 | 64, lost: boolean) => string;
}

/** Value events: which TraceEvent kind they become. */
export const enum ValueKind {
  Number = 0,
  Result = 1,
  Poison = 2,
}
const VALUE_KINDS = ["number", "result", "poison"] as const;

// Event tags, the first word of each record. Records (words | refs):
/** [OBJ] | [event]: an already formatted TraceEvent. */
const OBJ = 1;
/** [VALUE, kind, lo, hi, bits, hasErrno, ret] | [register]. */
const VALUE = 2;
/** [ENTRY, imm + 1, nwords, ...words] | [mode, arch, instruction]. */
const ENTRY = 3;
/** [NARROW, rawLo, rawHi, lo, hi, bits, lost] | [NarrowTrace]. */
const NARROW = 4;
/** [HANDLER, nargs, modelled] | [name, note]. */
const HANDLER = 5;

/** Where a log stood: word and reference counts (TraceLog.mark). */
export interface TraceMark {
  readonly words: number;
  readonly refs: number;
}

/** The events one call recorded: [from, to) of `log`'s records. Format with `format()`. */
export class TraceSpan {
  constructor(
    readonly log: TraceLog,
    readonly fromWord: number,
    readonly toWord: number,
    readonly fromRef: number,
  ) {}

  format(): TraceEvent[] {
    return this.log.format(this.fromWord, this.toWord, this.fromRef);
  }
}

export class TraceLog {
  private w = new Uint32Array(1024);
  private n = 0;
  private refs: unknown[] = new Array<unknown>(256).fill(null);
  private r = 0;

  /**
   * @param keep Keep every call's events for the log's life (a scenario run shows each
   *   step's trace afterwards); else each call starts the log afresh (`begin`).
   */
  constructor(readonly keep = false) {}

  /** A call starts: forget the last call's events unless the log keeps them. */
  begin(): void {
    if (!this.keep) {
      this.n = 0;
      this.r = 0;
    }
  }

  /** Words recorded so far (a span's bound). */
  get wordCount(): number {
    return this.n;
  }

  /** References recorded so far (a span's first reference). */
  get refCount(): number {
    return this.r;
  }

  /** Room for `k` more words. */
  private room(k: number): Uint32Array {
    if (this.n + k > this.w.length) {
      const bigger = new Uint32Array(Math.max(2 * this.w.length, this.n + k));
      bigger.set(this.w.subarray(0, this.n));
      this.w = bigger;
    }
    return this.w;
  }

  private ref(x: unknown): void {
    if (this.r < this.refs.length) this.refs[this.r++] = x;
    else {
      this.refs.push(x);
      this.r++;
    }
  }

  /** A formatted event (rare paths: checks, notes, faults, traps). Arrays take these too. */
  push(e: TraceEvent): void {
    const w = this.room(1);
    w[this.n++] = OBJ;
    this.ref(e);
  }

  /** A register value: a number, a result (its errno named when `ret` is one) or a poison. */
  value(kind: ValueKind, register: string, lo: number, hi: number, bits: 32 | 64, ret: number) {
    const w = this.room(7);
    const n = this.n;
    w[n] = VALUE;
    w[n + 1] = kind;
    w[n + 2] = lo;
    w[n + 3] = hi;
    w[n + 4] = bits;
    // Only an int32 result can be an errno (ERRNO_NAMES is small).
    const small = ret === (ret | 0);
    w[n + 5] = small ? 1 : 0;
    w[n + 6] = small ? ret : 0;
    this.n = n + 7;
    this.ref(register);
  }

  /** The entry snapshot: a copy of the register file, named by (mode, arch) when shown. */
  entry(mode: GuestMode, arch: XenArch, instruction: string, imm: number, words: Uint32Array) {
    const k = words.length;
    const w = this.room(3 + k);
    const n = this.n;
    w[n] = ENTRY;
    w[n + 1] = imm + 1;
    w[n + 2] = k;
    w.set(words, n + 3);
    this.n = n + 3 + k;
    this.ref(mode);
    this.ref(arch);
    this.ref(instruction);
  }

  /** One argument's narrowing: raw register halves, narrowed halves, whether bits were lost. */
  narrow(
    t: NarrowTrace,
    rawLo: number,
    rawHi: number,
    lo: number,
    hi: number,
    bits: 32 | 64,
    lost: boolean,
  ): void {
    const w = this.room(7);
    const n = this.n;
    w[n] = NARROW;
    w[n + 1] = rawLo;
    w[n + 2] = rawHi;
    w[n + 3] = lo;
    w[n + 4] = hi;
    w[n + 5] = bits;
    w[n + 6] = lost ? 1 : 0;
    this.n = n + 7;
    this.ref(t);
  }

  /** Which handler ran (or none), with a note where the trace explains why. */
  handler(name: string, nargs: number, modelled: boolean, note: string | undefined): void {
    const w = this.room(3);
    const n = this.n;
    w[n] = HANDLER;
    w[n + 1] = nargs;
    w[n + 2] = modelled ? 1 : 0;
    this.n = n + 3;
    this.ref(name);
    this.ref(note);
  }

  /** Every event recorded since the log last started afresh. */
  events(): TraceEvent[] {
    return this.format(0, this.n, 0);
  }

  /** Format the records in words [from, to), whose references start at `fromRef`. */
  format(from: number, to: number, fromRef: number): TraceEvent[] {
    const w = this.w;
    const refs = this.refs;
    const out: TraceEvent[] = [];
    let i = from;
    let r = fromRef;
    while (i < to) {
      switch (w[i]) {
        case OBJ:
          out.push(refs[r++] as TraceEvent);
          i += 1;
          break;
        case VALUE: {
          const kind = VALUE_KINDS[w[i + 1]!]!;
          const register = refs[r++] as string;
          const value = hex(w[i + 2]!, w[i + 3]!, w[i + 4] as 32 | 64);
          const errno = kind === "result" && w[i + 5] === 1 ? errnoName(w[i + 6]! | 0) : undefined;
          out.push(
            kind !== "result"
              ? { kind, register, value }
              : errno === undefined
                ? { kind: "result", register, value }
                : { kind: "result", register, value, errno },
          );
          i += 7;
          break;
        }
        case ENTRY: {
          const imm = w[i + 1]! - 1;
          const k = w[i + 2]!;
          const words = w.subarray(i + 3, i + 3 + k);
          const mode = refs[r] as GuestMode;
          const arch = refs[r + 1] as XenArch;
          const instruction = refs[r + 2] as string;
          r += 3;
          const regs: Record<string, string> = {};
          for (const d of registersFor(mode, arch))
            regs[d.name] = hex(
              words[d.slot * 2]!,
              d.bits === 64 ? words[d.slot * 2 + 1]! : 0,
              d.bits,
            );
          out.push(
            imm >= 0
              ? { kind: "entry", mode, instruction, imm, regs }
              : { kind: "entry", mode, instruction, regs },
          );
          i += 3 + k;
          break;
        }
        case NARROW: {
          const t = refs[r++] as NarrowTrace;
          const bits = w[i + 5] as 32 | 64;
          out.push({
            kind: "narrow",
            index: t.index,
            register: t.register,
            param: t.param,
            ctype: t.ctype,
            raw: hex(w[i + 1]!, w[i + 2]!, bits),
            value: hex(w[i + 3]!, w[i + 4]!, bits),
            how: t.describe(t.narrow as never, bits, w[i + 6] === 1),
          });
          i += 7;
          break;
        }
        case HANDLER: {
          const name = refs[r] as string;
          const note = refs[r + 1] as string | undefined;
          r += 2;
          const nargs = w[i + 1]!;
          const modelled = w[i + 2] === 1;
          out.push(
            note === undefined
              ? { kind: "handler", name, nargs, modelled }
              : { kind: "handler", name, nargs, modelled, note },
          );
          i += 3;
          break;
        }
        default:
          throw new Error(`trace log: no record at word ${i}`);
      }
    }
    return out;
  }
}
