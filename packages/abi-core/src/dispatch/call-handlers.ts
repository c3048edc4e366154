import type { HypercallCall } from "../machine/call.js";
import { ENOSYS } from "../machine/errno.js";
import { hex, type TraceSink } from "../machine/trace.js";
import type { BoundTable } from "./bound-table.js";
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
  const trace: TraceSink = call.xen.trace;
  const be = nr >= 0 && nr < table.length ? table[nr] : undefined;
  nargsOut[0] = 0;
  if (be === undefined) {
    if (trace)
      trace.push({
        kind: "handler",
        name: "(none)",
        nargs: 0,
        modelled: true,
        note: "no handler for this number: -ENOSYS",
      });
    return -ENOSYS;
  }
  const n = be.nparams;
  for (let i = 0; i < n; i++) {
    const lost = applyNarrow(be.narrow[i]!, rawLo[i]!, rawHi[i]!, call.argLo, call.argHi, i);
    if (trace) {
      const p = be.entry.prototype.params[i]!;
      trace.push({
        kind: "narrow",
        index: i + 1,
        register: argNames[i]!,
        param: p.name,
        ctype: p.type,
        raw: hex(rawLo[i]!, rawHi[i]!, xenBits),
        value: hex(call.argLo[i]!, call.argHi[i]!, xenBits),
        how: describeNarrow(be.narrow[i]!, xenBits, lost),
      });
    }
  }
  for (let i = n; i < 5; i++) {
    call.argLo[i] = 0;
    call.argHi[i] = 0;
  }
  nargsOut[0] = be.entry.nargs;
  call.op = nr;
  call.work = 0;
  if (be.fn === null) {
    if (trace)
      trace.push({
        kind: "handler",
        name: be.entry.handler,
        nargs: be.entry.nargs,
        modelled: false,
        note: "not modelled by the reference machine: -ENOSYS stands in for Xen's answer",
      });
    return -ENOSYS;
  }
  if (trace)
    trace.push({ kind: "handler", name: be.entry.handler, nargs: be.entry.nargs, modelled: true });
  return be.fn(call);
}
