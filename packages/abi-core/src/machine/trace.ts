import { ERRNO_NAMES } from "./errno.js";
import type { TraceLog } from "./trace-log.js";

/**
 * Structured trace of one dispatch, for the site and `--json`: what Xen read, how it narrowed
 * each argument, which handler ran, what it returned and what the debug build poisoned.
 * Values are lower-case hex strings at full register width so the trace is plain JSON.
 *
 * The dispatcher records the frequent events as numbers in the machine's TraceLog
 * (trace-log.ts: register halves and references to strings it already has), which turns them
 * into TraceEvents only when someone looks, so a traced hypercall formats nothing.
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

/**
 * Where trace events go: the machine's TraceLog while tracing, null when off (no allocation
 * then).
 */
export type TraceSink = TraceLog | null;

/** Where a check event goes: a TraceLog, or any array of events (tests). */
export type CheckSink = { push(e: TraceEvent): unknown } | null;

/**
 * Record a failing check and return `-errno`, so a handler writes
 * `return failCheck(xen.trace, "argo_op.register_ring.flags", EINVAL, "flags", flags)`.
 * `what`/`value` name the one narrowed value the check looked at (an unsigned 32-bit or
 * 53-bit integer). Nothing is allocated when tracing is off.
 */
export function failCheck(
  trace: CheckSink,
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
export function passCheck(trace: CheckSink, id: string, rc: number): number {
  if (trace !== null && rc < 0) traceCheck(trace, id, -rc, undefined, undefined);
  return rc;
}

/**
 * Record a failing check whose result is not an errno (a PSCI or SMCCC code) and return
 * `result`: `return namedCheck(xen.trace, "psci.cpu_on.already_on", PSCI_ALREADY_ON,
 * "PSCI_ALREADY_ON")`. `name` is the CheckRecord's `errno`, as Xen's header names the code.
 */
export function namedCheck(trace: TraceSink, id: string, result: number, name: string): number {
  if (trace !== null) trace.push({ kind: "check", id, errno: name });
  return result;
}

/** The trace's check event (out of line, to keep failCheck small for the JIT). */
function traceCheck(
  trace: NonNullable<CheckSink>,
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
