import type { RegisterDef } from "../abi/modes.js";
import { ERRNO_NAMES, errnoName } from "./errno.js";

/**
 * Structured trace of one dispatch, for the site and `--json`: what Xen read, how it narrowed
 * each argument, which handler ran, what it returned and what the debug build poisoned.
 * Values are lower-case hex strings at full register width so the trace is plain JSON.
 *
 * The dispatcher records the frequent events as numbers (RawTraceEvent: register halves and
 * references to strings it already has) and formatTrace() turns them into TraceEvents only
 * when someone looks, so a traced hypercall formats nothing.
 */
export type TraceEvent =
  | { kind: "entry"; mode: string; instruction: string; imm?: number; regs: Record<string, string> }
  | { kind: "zero-top-halves"; registers: string; reason: string }
  | { kind: "trap"; action: "hypercall" | "smccc" | "undef"; reason: string }
  | { kind: "number"; register: string; value: string; name?: string }
  | {
      kind: "narrow";
      index: number;
      register: string;
      param: string;
      ctype: string;
      raw: string;
      value: string;
      how: string;
    }
  | { kind: "handler"; name: string; nargs: number; modelled: boolean; note?: string }
  | { kind: "note"; text: string }
  | { kind: "result"; register: string; value: string; errno?: string }
  | { kind: "poison"; register: string; value: string }
  | { kind: "continuation"; op: number; pc: string }
  | { kind: "fault"; fault: "undef" | "domain_crash"; reason: string }
  /**
   * A handler's check failed: `id` is the CheckRecord's stable id
   * (`argo_op.register_ring.npages_max`), `errno` what the guest gets (`EINVAL`), `values` the
   * narrowed values the check looked at, where they help (`{ npage: "0x00001001" }`).
   */
  | { kind: "check"; id: string; errno: string; values?: Record<string, string> };

/** A register value event kept as numbers: `value` is hex(lo, hi, bits) when shown. */
export interface RawValueEvent {
  readonly k: typeof RAW_VALUE;
  readonly kind: "number" | "result" | "poison";
  readonly register: string;
  readonly lo: number;
  readonly hi: number;
  readonly bits: 32 | 64;
  /** result: the signed result, whose errno name is shown. */
  readonly ret: number;
}

/** The entry snapshot: the register file's words, named by `defs` when shown. */
export interface RawEntryEvent {
  readonly k: typeof RAW_ENTRY;
  readonly mode: string;
  readonly instruction: string;
  /** Arm: the HVC immediate; -1 elsewhere. */
  readonly imm: number;
  readonly defs: readonly RegisterDef[];
  readonly words: Uint32Array;
}

/** One argument's narrowing; `how` is described by `describe(narrow, bits, lost)` when shown. */
export interface RawNarrowEvent {
  readonly k: typeof RAW_NARROW;
  readonly index: number;
  readonly register: string;
  readonly param: string;
  readonly ctype: string;
  readonly rawLo: number;
  readonly rawHi: number;
  readonly lo: number;
  readonly hi: number;
  readonly bits: 32 | 64;
  readonly narrow: unknown;
  readonly lost: boolean;
  readonly describe: (narrow: never, bits: 32 | 64, lost: boolean) => string;
}

export const RAW_VALUE = 1;
export const RAW_ENTRY = 2;
export const RAW_NARROW = 3;

export type RawTraceEvent = RawValueEvent | RawEntryEvent | RawNarrowEvent;

/** What a trace holds: events still as numbers, or already formatted (rare paths). */
export type TraceItem = TraceEvent | RawTraceEvent;

/** Where trace events go: an array while tracing, null when off (no allocation then). */
export type TraceSink = TraceItem[] | null;

/** A value event (number, result, poison) as numbers. */
export function rawValue(
  kind: RawValueEvent["kind"],
  register: string,
  lo: number,
  hi: number,
  bits: 32 | 64,
  ret = 0,
): RawValueEvent {
  return { k: RAW_VALUE, kind, register, lo, hi, bits, ret };
}

function formatItem(e: TraceItem): TraceEvent {
  if (!("k" in e)) return e;
  switch (e.k) {
    case RAW_VALUE: {
      const value = hex(e.lo, e.hi, e.bits);
      if (e.kind !== "result") return { kind: e.kind, register: e.register, value };
      const errno = errnoName(e.ret);
      return errno === undefined
        ? { kind: "result", register: e.register, value }
        : { kind: "result", register: e.register, value, errno };
    }
    case RAW_ENTRY: {
      const regs: Record<string, string> = {};
      for (const r of e.defs)
        regs[r.name] = hex(
          e.words[r.slot * 2]!,
          r.bits === 64 ? e.words[r.slot * 2 + 1]! : 0,
          r.bits,
        );
      return e.imm >= 0
        ? { kind: "entry", mode: e.mode, instruction: e.instruction, imm: e.imm, regs }
        : { kind: "entry", mode: e.mode, instruction: e.instruction, regs };
    }
    case RAW_NARROW:
      return {
        kind: "narrow",
        index: e.index,
        register: e.register,
        param: e.param,
        ctype: e.ctype,
        raw: hex(e.rawLo, e.rawHi, e.bits),
        value: hex(e.lo, e.hi, e.bits),
        how: e.describe(e.narrow as never, e.bits, e.lost),
      };
  }
}

/** The trace as TraceEvents: what is shown (formats the events recorded as numbers). */
export function formatTrace(items: readonly TraceItem[]): TraceEvent[] {
  return items.map(formatItem);
}

/**
 * Record a failing check and return `-errno`, so a handler writes
 * `return failCheck(xen.trace, "argo_op.register_ring.flags", EINVAL, "flags", flags)`.
 * `what`/`value` name the one narrowed value the check looked at (an unsigned 32-bit or
 * 53-bit integer). Nothing is allocated when tracing is off.
 */
export function failCheck(
  trace: TraceSink,
  id: string,
  errno: number,
  what?: string,
  value?: number,
): number {
  if (trace !== null) traceCheck(trace, id, errno, what, value);
  return -errno;
}

/**
 * Record a check whose failure the handler passes on as it is (an XSM hook's or a callee's
 * result), and return it: `return passCheck(xen.trace, "argo_op.entry.xsm_enable", rc)`.
 */
export function passCheck(trace: TraceSink, id: string, rc: number): number {
  if (trace !== null && rc < 0) traceCheck(trace, id, -rc, undefined, undefined);
  return rc;
}

/**
 * Record a failing check whose result is not an errno but a named status Xen writes into the
 * guest's struct (grant_table_op's GNTST_*), and return that status:
 * `op.status = failStatus(xen.trace, "grant_table_op.map_grant_ref.bad_domain", GNTST_bad_domain, "GNTST_bad_domain")`.
 */
export function failStatus(trace: TraceSink, id: string, status: number, name: string): number {
  if (trace !== null) trace.push({ kind: "check", id, errno: name });
  return status;
}

/** The trace's check event (out of line, to keep failCheck small for the JIT). */
function traceCheck(
  trace: TraceItem[],
  id: string,
  errno: number,
  what: string | undefined,
  value: number | undefined,
): void {
  const name = ERRNO_NAMES[errno] ?? String(errno);
  if (what === undefined || value === undefined) trace.push({ kind: "check", id, errno: name });
  else {
    const v = `0x${value.toString(16).padStart(8, "0")}`;
    trace.push({ kind: "check", id, errno: name, values: { [what]: v } });
  }
}

export function hex(lo: number, hi: number, bits: 32 | 64): string {
  const l = (lo >>> 0).toString(16).padStart(8, "0");
  return bits === 32 ? `0x${l}` : `0x${(hi >>> 0).toString(16).padStart(8, "0")}${l}`;
}
