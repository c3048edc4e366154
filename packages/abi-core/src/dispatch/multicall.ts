import { argAddr, type HypercallCall, type HypercallHandler } from "../machine/call.js";
import type { Domain, Vcpu } from "../machine/domain.js";
import { EFAULT, EINVAL, ENOSYS } from "../machine/errno.js";
import { hiWord } from "../machine/registers.js";
import { failCheck, hex, namedCheck } from "../machine/trace.js";
import { guestHandleOkay } from "../machine/guest-access.js";
import { hypercallCreateContinuation, hypercallPreemptCheck } from "../hypercalls/continuation.js";
import { callHandlers } from "./call-handlers.js";
import { argRegisterBits } from "./narrow.js";
import type { DispatchContext } from "./context.js";
import {
  MULTICALL_ENTRY,
  readMulticallEntry,
  writeMulticallEntry,
  writeMulticallResult,
} from "./multicall-entry.js";

export { multicallWordBytes } from "./multicall-entry.js";

export const HYPERVISOR_multicall = 13;
/** hypercall_args[] has NR_hypercalls (64) slots: a larger op is -ENOSYS (arch_do_multicall_call). */
const NR_HYPERCALLS = 64;

/**
 * arch_do_multicall_call: run one entry. On Arm a 32-bit domain's arguments must be
 * "32-bit clean" (top halves zero) for the first hypercall_args[op] of them, or Xen calls
 * domain_crash (check_multicall_32bit_clean) and leaves the result as it was.
 */
function archDoMulticallCall(dc: DispatchContext, call: HypercallCall, d: Domain, v: Vcpu): void {
  const mcs = v.mcs;
  const info = d.info;
  const trace = dc.xen.trace;
  if (mcs.op < 0 || mcs.op >= NR_HYPERCALLS) {
    // Arm's own check; x86's call_handlers_pv64/hvm64 switch answers such an op -ENOSYS.
    mcs.result =
      info.family === "arm" ? failCheck(trace, "multicall.entry.op_max", ENOSYS) : -ENOSYS;
    return;
  }
  const table = dc.tableFor(d);
  if (info.family === "arm" && info.bits === 32) {
    const nargs = table[mcs.op]?.entry.nargs ?? 0;
    for (let i = 0; i < nargs; i++) {
      if (mcs.argHi[i] !== 0) {
        d.crashed = true;
        namedCheck(trace, "multicall.entry.not_32bit_clean", 0, "domain_crash");
        if (trace)
          trace.push({
            kind: "fault",
            fault: "domain_crash",
            reason: `multicall argument ${i} is not 32-bit clean ${hex(mcs.argLo[i]!, mcs.argHi[i]!, 64)}`,
          });
        return;
      }
    }
  }
  const xenBits = argRegisterBits(d.info, dc.xen.arch);
  for (let i = 0; i < 5; i++) {
    dc.rawLo[i] = mcs.argLo[i]!;
    dc.rawHi[i] = xenBits === 32 ? 0 : mcs.argHi[i]!;
  }
  call.domain = d;
  call.vcpu = v;
  v.hcallCompat = info.family === "x86" && info.bits === 32;
  // An entry's arity must not replace the multicall's: the debug clobber after the multicall
  // uses hypercall_args[__HYPERVISOR_multicall] (arm/traps.c do_trap_hypercall).
  mcs.result = callHandlers(
    call,
    table,
    mcs.op,
    dc.rawLo,
    dc.rawHi,
    ARG_NAMES,
    xenBits,
    dc.entryNargs,
  );
  v.hcallCompat = false;
}

const ARG_NAMES: readonly string[] = ["args[0]", "args[1]", "args[2]", "args[3]", "args[4]"];

/**
 * do_multicall(multicall_entry_t *call_list, unsigned int nr_calls) (common/multicall.c),
 * also compiled as compat_multicall for 32-bit x86 guests with 32-bit entries.
 */
export function makeDoMulticall(dc: DispatchContext): HypercallHandler {
  return function do_multicall(call: HypercallCall): number {
    const v = call.vcpu;
    const d = call.domain;
    const mcs = v.mcs;
    const trace = dc.xen.trace;
    // "Multicall reentry is disallowed."
    if (mcs.inMulticall) return failCheck(trace, "multicall.entry.reentry", EINVAL);
    mcs.inMulticall = true;
    let list = argAddr(call, 0);
    // nr_calls is unsigned int until 4.19 and unsigned long from 4.20 (hypercall-defs.c).
    const nrCalls = call.argHi[1]! * 0x100000000 + call.argLo[1]!;
    const entry = MULTICALL_ENTRY[d.mode];
    const entrySize = entry.size;
    const debug = dc.xen.debug;
    let rc = 0;
    let i = 0;
    // guest_handle_okay(call_list, nr_calls): the list's address, before any entry is read.
    if (!guestHandleOkay(d, call.argHi[0]!))
      rc = failCheck(trace, "multicall.entry.list_handle", EFAULT);
    for (; rc === 0 && i < nrCalls; i++) {
      call.work = i;
      if (i > 0 && hypercallPreemptCheck(call)) {
        mcs.inMulticall = false;
        return hypercallCreateContinuation(call, HYPERVISOR_multicall, [list, nrCalls - i]);
      }
      if (!readMulticallEntry(dc, d, list, mcs)) {
        rc = failCheck(trace, "multicall.entry.copy_in", EFAULT);
        break;
      }
      mcs.result = 0;
      archDoMulticallCall(dc, call, d, v);
      if (d.crashed) {
        // check_multicall_32bit_clean crashed the domain before the call: Xen writes back
        // the result word it read with the entry (the guest's own), after the debug
        // corruption; domain_crash paused the vCPU, so the next iteration's
        // hypercall_preempt_check() is true and no later entry runs.
        if (debug) {
          const guestResult = d.memory.readBytes(list + entry.at.result, entry.len.result)!;
          d.memory.write(list, dc.debugCorrupt, 0, entrySize);
          d.memory.write(list + entry.at.result, guestResult);
        }
        mcs.inMulticall = false;
        return 0;
      }
      // An entry the machine cannot answer: the multicall's outcome is unknown from here.
      if (call.unmodelled !== null) {
        mcs.inMulticall = false;
        return 0;
      }
      // Debug builds corrupt the entry: the caller may rely only on `result`.
      if (debug) d.memory.write(list, dc.debugCorrupt, 0, entrySize);
      if (!writeMulticallResult(dc, d, list, mcs.result >>> 0, hiWord(mcs.result))) {
        rc = failCheck(trace, "multicall.entry.result_copy_out", EFAULT);
      } else if (v.hcallPreempted) {
        // Copy the sub-call's continuation back so re-execution resumes it.
        if (writeMulticallEntry(dc, d, list, mcs)) {
          mcs.inMulticall = false;
          return hypercallCreateContinuation(call, HYPERVISOR_multicall, [list, nrCalls - i]);
        }
        v.hcallPreempted = false; // hypercall_cancel_continuation
        rc = -EFAULT;
      } else {
        list += entrySize;
      }
    }
    mcs.inMulticall = false;
    return rc;
  };
}

/** The handlers multicall.ts provides on top of handlers/ (bound per machine). */
export const MULTICALL_HANDLERS = ["do_multicall", "compat_multicall"] as const;
