/**
 * The SMCCC and PSCI functions an Arm guest reaches with `hvc #0` (xen/arch/arm/vsmc.c,
 * vpsci.c), for the Arm mode pages: abi-core's function records, with every result named as
 * PSCI and SMCCC name it (`INVALID_PARAMETERS`, `NOT_SUPPORTED`), never as an errno.
 */
import { type CheckRecord } from "@xen-abi/abi-core";
import { SMCCC_ENTRY_CHECKS, SMCCC_FUNCTIONS, SMCCC_RESULTS } from "@xen-abi/abi-core/hypercalls";
import type { SmcccCheckView, SmcccView } from "./types.js";

function checkView(c: CheckRecord): SmcccCheckView {
  const r = SMCCC_RESULTS[c.errno];
  return {
    id: c.id,
    result: r?.name ?? c.errno,
    header: c.errno,
    ...(r !== undefined && { value: r.value }),
    when: c.when,
    xen: c.xen,
    ...(c.since !== undefined && { since: c.since }),
    ...(c.untestable !== undefined && { untestable: c.untestable }),
  };
}

const hex32 = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, "0")}`;

/** Every function, in the records' order, and the checks vsmccc_handle_call makes first. */
export function smcccView(): SmcccView {
  return {
    entryChecks: SMCCC_ENTRY_CHECKS.map(checkView),
    functions: SMCCC_FUNCTIONS.map((f) => ({
      name: f.name,
      fid: hex32(f.fid),
      modelled: f.modelled,
      xen: f.xen,
      results: f.results,
      ...(f.since !== undefined && { since: f.since }),
      ...(f.note !== undefined && { note: f.note }),
      checks: (f.checks ?? []).map(checkView),
    })),
  };
}
