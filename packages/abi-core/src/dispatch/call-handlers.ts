import type { HypercallCall } from "../machine/call.js";
import { ENOSYS } from "../machine/errno.js";
import { releaseDecides } from "../machine/release-decided.js";
import type { TraceSink } from "../machine/trace.js";
import type { NarrowTrace, TraceLog } from "../machine/trace-log.js";
import type { Domain, Vcpu } from "../machine/domain.js";
import type { BoundEntry, BoundTable } from "./bound-table.js";
import type { DispatchContext } from "./context.js";
import { applyNarrow, describeNarrow } from "./narrow.js";

/**
 * The generated call_handlers_* switch: look the number up, cast each raw argument to its
 * parameter's C type, call the handler. Unknown numbers (and cells with no handler) give
 * -ENOSYS, as the switch's default does. `rawLo/rawHi` hold the five argument registers as
 * the entry path read them (already 32-bit for compat guests and for arm32 Xen).
 *
 * Returns the handler's result; sets `nargsOut[0]` to hypercall_args[nr] for poisoning.
 */
export function callHandlers(
  call: HypercallCall,
  table: BoundTable,
  nr: number,
  rawLo: Uint32Array,
  rawHi: Uint32Array,
  argNames: readonly string[],
  xenBits: 32 | 64,
  nargsOut: Uint8Array,
): number {
  const be = nr >= 0 && nr < table.length ? table[nr] : undefined;
  return callEntry(call, be, nr, rawLo, rawHi, argNames, xenBits, nargsOut);
}

/** callHandlers once the number is looked up: `be` is its table entry (undefined: none). */
function callEntry(
  call: HypercallCall,
  be: BoundEntry | undefined,
  nr: number,
  rawLo: Uint32Array,
  rawHi: Uint32Array,
  argNames: readonly string[],
  xenBits: 32 | 64,
  nargsOut: Uint8Array,
): number {
  const trace: TraceSink = call.xen.trace;
  nargsOut[0] = 0;
  if (be === undefined) {
    if (trace) traceHandler(trace, "(none)", 0, true, "no handler for this number: -ENOSYS");
    return -ENOSYS;
  }
  const n = be.nparams;
  for (let i = 0; i < n; i++) {
    const lost = applyNarrow(be.narrow[i]!, rawLo[i]!, rawHi[i]!, call.argLo, call.argHi, i);
    if (trace) traceNarrow(trace, be, i, rawLo, rawHi, call, argNames, xenBits, lost);
  }
  for (let i = n; i < 5; i++) {
    call.argLo[i] = 0;
    call.argHi[i] = 0;
  }
  nargsOut[0] = be.entry.nargs;
  call.op = nr;
  call.work = 0;
  call.unmodelled = null;
  if (be.fn === null) {
    if (trace)
      traceHandler(
        trace,
        be.entry.handler,
        be.entry.nargs,
        false,
        "not modelled by the reference machine: no result is reported",
      );
    call.unmodelled = be.entry.name;
    return 0;
  }
  if (trace) traceHandler(trace, be.entry.handler, be.entry.nargs, true, undefined);
  const ret = be.fn(call);
  if (trace && call.unmodelled !== null)
    trace.push({ kind: "note", text: `unmodelled: ${call.unmodelled}` });
  return ret;
}

/** The trace's handler event (out of line, to keep callHandlers small for the JIT). */
function traceHandler(
  trace: TraceLog,
  name: string,
  nargs: number,
  modelled: boolean,
  note: string | undefined,
): void {
  trace.handler(name, nargs, modelled, note);
}

/** The trace's narrowing event for parameter i: numbers, and names made once per machine. */
function traceNarrow(
  trace: TraceLog,
  be: BoundEntry,
  i: number,
  rawLo: Uint32Array,
  rawHi: Uint32Array,
  call: HypercallCall,
  argNames: readonly string[],
  xenBits: 32 | 64,
  lost: boolean,
): void {
  let t = be.traces[i];
  if (t === undefined || t.register !== argNames[i])
    t = be.traces[i] = narrowTrace(be, i, argNames);
  trace.narrow(t, rawLo[i]!, rawHi[i]!, call.argLo[i]!, call.argHi[i]!, xenBits, lost);
}

function narrowTrace(be: BoundEntry, i: number, argNames: readonly string[]): NarrowTrace {
  const p = be.entry.prototype.params[i]!;
  return {
    index: i + 1,
    register: argNames[i]!,
    param: p.name,
    ctype: p.type,
    narrow: be.narrow[i]!,
    describe: describeNarrow,
  };
}

/**
 * What every trap entry does between reading the registers and writing the result. Before
 * 4.17 the entry indexed a table first: a number past ARRAY_SIZE, or a NULL slot, returned
 * -ENOSYS at once, with no clobber (arm/traps.c, x86 pv/hvm hypercall.c). From 4.17 the
 * generated switch's default gives -ENOSYS, and poisoning decides on the result.
 */
export function invokeHypercall(
  dc: DispatchContext,
  d: Domain,
  v: Vcpu,
  nr: number,
  argNames: readonly string[],
  xenBits: 32 | 64,
): number {
  const table = dc.tableFor(d);
  if (
    !dc.xen.profile.generatedDispatch &&
    (nr < 0 || nr >= dc.legacySizeFor(d) || table[nr] === undefined)
  ) {
    dc.reachedHandler = false;
    dc.call.unmodelled = null;
    dc.nargs[0] = 0;
    if (dc.xen.trace)
      traceHandler(
        dc.xen.trace,
        "(none)",
        0,
        true,
        "not in the hypercall table: -ENOSYS, no clobber (Xen <= 4.16)",
      );
    return -ENOSYS;
  }
  // From 4.17 a number with no handler reaches the switch's default: -ENOSYS, which is never
  // poisoned either, so it counts as not reaching a handler.
  const be = nr >= 0 && nr < table.length ? table[nr] : undefined;
  dc.reachedHandler = be !== undefined;
  const call = dc.call;
  call.unmodelled = null;
  call.domain = d;
  call.vcpu = v;
  return callEntry(call, be, nr, dc.rawLo, dc.rawHi, argNames, xenBits, dc.nargs);
}

/**
 * Whether a debug build poisons after this call: never when preempted or on a table miss;
 * from 4.17 (Arm 39fc5f5c02, x86 8523851dbc) not when the handler's result is -ENOSYS, the
 * one place where generatedDispatch decides what a guest sees.
 */
export function shouldPoison(dc: DispatchContext, v: Vcpu, ret: number): boolean {
  const xen = dc.xen;
  return (
    xen.debug &&
    dc.reachedHandler &&
    !v.hcallPreempted &&
    (ret !== -ENOSYS || !releaseDecides(xen, "generatedDispatch"))
  );
}
