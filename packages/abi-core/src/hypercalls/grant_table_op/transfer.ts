/**
 * GNTTABOP_transfer: gnttab_transfer (xen/common/grant_table.c) as Arm has it. From 4.17 a
 * build without CONFIG_PV (every Arm build) has opt_grant_transfer false: -EOPNOTSUPP. Before,
 * each op gets as far as steal_page, which Arm does not implement (xen/arch/arm/mm.c:
 * steal_page, -EOPNOTSUPP): a frame with nothing mapped is GNTST_bad_page, any other
 * GNTST_general_error. x86 PV's page transfer is not modelled (op.ts); HVM guests never get
 * here (hvm_grant_table_op).
 */
import type { HypercallCall } from "../../machine/call.js";
import { EFAULT, EOPNOTSUPP } from "../../machine/errno.js";
import { failCheck, namedCheck } from "../../machine/trace.js";
import { hypercallPreemptCheck } from "../continuation.js";
import { GNTST_bad_page, GNTST_general_error } from "./constants.js";
import { copyField, copyIn, opSize } from "./io.js";

const ID = "grant_table_op.transfer";

/** gnttab_transfer(uop, count) on Arm: ops done before a preemption, 0, or -errno. */
export function gnttabTransferArm(call: HypercallCall, uop: number, count: number): number {
  const trace = call.xen.trace;
  if (call.xen.profile.minor >= 17) return failCheck(trace, `${ID}.disabled`, EOPNOTSUPP);
  const size = opSize(call, "gnttab_transfer_t");
  const mem = call.domain.memory;
  for (let i = 0; i < count; i++) {
    if (i !== 0) {
      call.work++;
      if (hypercallPreemptCheck(call)) return i;
    }
    const op = copyIn(call, "gnttab_transfer_t", uop + i * size);
    if (op === null) return failCheck(trace, `${ID}.copy_in`, EFAULT);
    // gfn_to_mfn: INVALID_MFN where nothing is mapped; steal_page fails for anything else.
    const gfn = op.mfn!;
    const status =
      gfn >= mem.nrFrames || !mem.isMapped(gfn)
        ? namedCheck(trace, `${ID}.bad_page`, GNTST_bad_page, "GNTST_bad_page")
        : namedCheck(trace, `${ID}.steal_page`, GNTST_general_error, "GNTST_general_error");
    if (!copyField(call, "gnttab_transfer_t", uop + i * size, "status", status))
      return failCheck(trace, `${ID}.copy_out`, EFAULT);
  }
  return 0;
}
