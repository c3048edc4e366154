/**
 * grant_table_op(unsigned int cmd, void *uop, unsigned int count): do_grant_table_op
 * (xen/common/grant_table.c) for 64-bit guests and every Arm guest, compat_grant_table_op
 * (xen/common/compat/grant_table.c) for 32-bit PV, and hvm_grant_table_op
 * (xen/arch/x86/hvm/hypercall.c), which lets an HVM guest use only the audited ops and then
 * calls do_ or compat_ by the guest's bitness. Each op struct is read and written through the
 * layout engine for the caller's mode.
 */
import {
  argAddr,
  unmodelled,
  type HypercallCall,
  type HypercallHandler,
} from "../../machine/call.js";
import { pagingModeTranslate } from "../../machine/domain.js";
import { EFAULT, EINVAL, ENOSYS } from "../../machine/errno.js";
import { failCheck } from "../../machine/trace.js";
import { hypercallCreateContinuation, hypercallPreemptCheck } from "../continuation.js";
import {
  GNTTAB_UNMAP_BATCH_SIZE,
  GNTTABOP_CMD_MASK,
  GNTTABOP_CONTINUATION_ARG_SHIFT,
  GNTTABOP_cache_flush,
  GNTTABOP_copy,
  GNTTABOP_get_status_frames,
  GNTTABOP_get_version,
  GNTTABOP_map_grant_ref,
  GNTTABOP_query_size,
  GNTTABOP_set_version,
  GNTTABOP_setup_table,
  GNTTABOP_swap_grant_ref,
  GNTTABOP_transfer,
  GNTTABOP_unmap_and_replace,
  GNTTABOP_unmap_grant_ref,
  HYPERVISOR_grant_table_op,
} from "./constants.js";
import { gnttabCacheFlush } from "./cache-flush.js";
import { compatGnttabCopy, gnttabCopy } from "./copy.js";
import { compatGnttabGetStatusFrames, gnttabGetStatusFrames } from "./status-frames.js";
import { gnttabSwapGrantRef } from "./swap.js";
import { gnttabTransferArm } from "./transfer.js";
import { copyField, copyIn, copyOut, opSize } from "./io.js";
import { mapGrantRef, unmapCommon, unmapCommonComplete, type UnmapCommon } from "./map.js";
import {
  compatSetupTable,
  gnttabGetVersion,
  gnttabQuerySize,
  gnttabSetupTable,
  gnttabSetVersion,
} from "./setup.js";

const ID = "grant_table_op";

/** What map_grant_ref changes in the struct it copies back whole. */
const MAP_OUT: readonly string[] = ["status", "handle", "dev_bus_addr"];

/** gnttab_map_grant_ref(uop, count): the ops done before a preemption, 0, or -EFAULT. */
function gnttabMapGrantRef(call: HypercallCall, uop: number, count: number): number {
  const size = opSize(call, "gnttab_map_grant_ref_t");
  for (let i = 0; i < count; i++) {
    if (i !== 0) {
      call.work++;
      if (hypercallPreemptCheck(call)) return i;
    }
    const op = copyIn(call, "gnttab_map_grant_ref_t", uop + i * size);
    if (op === null) return failCheck(call.xen.trace, `${ID}.map_grant_ref.copy_in`, EFAULT);
    mapGrantRef(call, op);
    if (call.unmodelled !== null) return 0;
    if (!copyOut(call, "gnttab_map_grant_ref_t", uop + i * size, op, MAP_OUT))
      return failCheck(call.xen.trace, `${ID}.map_grant_ref.copy_out`, EFAULT);
  }
  return 0;
}

/**
 * gnttab_unmap_grant_ref(uop, count), or gnttab_unmap_and_replace when `replace`: batches of
 * GNTTAB_UNMAP_BATCH_SIZE.
 */
function gnttabUnmapGrantRef(
  call: HypercallCall,
  uop: number,
  count: number,
  replace = false,
): number {
  const name = replace ? "gnttab_unmap_and_replace_t" : "gnttab_unmap_grant_ref_t";
  const size = opSize(call, name);
  const common: UnmapCommon[] = [];
  let done = 0;
  let at = uop;
  while (count !== 0) {
    const c = Math.min(count, GNTTAB_UNMAP_BATCH_SIZE);
    common.length = 0;
    let fault = false;
    for (let i = 0; i < c; i++) {
      const op = copyIn(call, name, at);
      if (op === null) {
        fault = true;
        break;
      }
      const one: UnmapCommon = { rd: null, ref: 0, done: 0 };
      if (replace) op.dev_bus_addr = 0; // unmap_and_replace: common->dev_bus_addr = 0
      unmapCommon(call, op, one);
      common.push(one);
      if (!copyField(call, name, at, "status", op.status!)) {
        fault = true;
        break;
      }
      at += size;
    }
    for (const one of common) unmapCommonComplete(one);
    if (fault)
      return failCheck(
        call.xen.trace,
        `${ID}.${replace ? "unmap_and_replace" : "unmap_grant_ref"}.copy`,
        EFAULT,
      );
    count -= c;
    done += c;
    call.work++;
    if (count !== 0 && hypercallPreemptCheck(call)) return done;
  }
  return 0;
}

/** do_grant_table_op(cmd, uop, count). */
function doGrantTableOp(call: HypercallCall, compat: boolean): number {
  const trace = call.xen.trace;
  const rawCmd = call.argLo[0]!;
  const uop = argAddr(call, 1);
  const count = call.argLo[2]!;
  if ((count | 0) < 0) return failCheck(trace, `${ID}.entry.count`, EINVAL, "count", count);
  const cmd = rawCmd & GNTTABOP_CMD_MASK;
  if (cmd !== GNTTABOP_cache_flush && rawCmd !== cmd)
    return failCheck(trace, `${ID}.entry.opaque`, EINVAL, "cmd", rawCmd);
  let rc: number;
  let size = 0;
  switch (cmd) {
    case GNTTABOP_map_grant_ref:
      size = opSize(call, "gnttab_map_grant_ref_t");
      rc = gnttabMapGrantRef(call, uop, count);
      break;
    case GNTTABOP_unmap_grant_ref:
      size = opSize(call, "gnttab_unmap_grant_ref_t");
      rc = gnttabUnmapGrantRef(call, uop, count);
      break;
    case GNTTABOP_setup_table:
      rc = compat ? compatSetupTable(call, uop, count) : gnttabSetupTable(call, uop, count);
      break;
    case GNTTABOP_query_size:
      rc = gnttabQuerySize(call, uop, count);
      break;
    case GNTTABOP_set_version:
      rc = gnttabSetVersion(call, uop);
      break;
    case GNTTABOP_get_version:
      rc = gnttabGetVersion(call, uop);
      break;
    case GNTTABOP_get_status_frames:
      rc = compat
        ? compatGnttabGetStatusFrames(call, uop, count)
        : gnttabGetStatusFrames(call, uop, count);
      break;
    case GNTTABOP_copy:
      size = opSize(call, "gnttab_copy_t");
      rc = compat ? compatGnttabCopy(call, uop, count) : gnttabCopy(call, uop, count);
      // gnttab_copy returns count - i when preempted (0 would mean done): i ops are done.
      if (!compat && rc > 0) rc = count - rc;
      break;
    case GNTTABOP_swap_grant_ref:
      size = opSize(call, "gnttab_swap_grant_ref_t");
      rc = gnttabSwapGrantRef(call, uop, count);
      break;
    case GNTTABOP_cache_flush:
      // CONFIG_HAS_GRANT_CACHE_FLUSH (4.21+) is Arm's alone: x86 has no case for it.
      if (call.xen.arch === "x86_64" && call.xen.profile.minor >= 21)
        return failCheck(trace, `${ID}.entry.unknown_cmd`, ENOSYS, "cmd", cmd);
      size = opSize(call, "gnttab_cache_flush_t");
      // opaque_in: the ref grant_map_exists resumes at, from cmd's upper bits.
      rc = gnttabCacheFlush(call, uop, rawCmd >>> GNTTABOP_CONTINUATION_ARG_SHIFT, count);
      break;
    case GNTTABOP_unmap_and_replace:
      // A PV guest's replacement moves a page-table entry, which the machine does not have;
      // translated guests' replace_grant_host_mapping only accepts new_addr 0 (HVM guests
      // never get here: hvm_grant_table_op refuses the op).
      if (!pagingModeTranslate(call.domain))
        return unmodelled(call, "grant_table_op/unmap_and_replace(PV: page tables)");
      size = opSize(call, "gnttab_unmap_and_replace_t");
      rc = gnttabUnmapGrantRef(call, uop, count, true);
      break;
    case GNTTABOP_transfer:
      // x86 PV steals the page and hands it over (page types, the M2P): not modelled.
      if (call.xen.arch === "x86_64")
        return unmodelled(call, "grant_table_op/transfer(x86 PV: page ownership)");
      size = opSize(call, "gnttab_transfer_t");
      rc = gnttabTransferArm(call, uop, count);
      break;
    default:
      // GNTTABOP_dump_table (3) has no case in any modelled release: -ENOSYS like any other.
      return failCheck(trace, `${ID}.entry.unknown_cmd`, ENOSYS, "cmd", cmd);
  }
  if (call.unmodelled !== null) return 0;
  if (rc > 0)
    return hypercallCreateContinuation(call, HYPERVISOR_grant_table_op, [
      cmd,
      uop + rc * size,
      count - rc,
    ]);
  return rc;
}

export const do_grant_table_op: HypercallHandler = (call) => doGrantTableOp(call, false);

/**
 * compat_grant_table_op: the ops whose structs differ (setup_table, transfer, copy,
 * get_status_frames) are translated; for them a negative (int)count is checked here, after
 * the handle; every other op goes to do_grant_table_op as it is.
 */
export const compat_grant_table_op: HypercallHandler = (call) => doGrantTableOp(call, true);

/** The ops hvm_grant_table_op lets through; any other cmd (opaque bits included) is -ENOSYS. */
const HVM_CMDS: readonly number[] = [
  GNTTABOP_query_size,
  GNTTABOP_setup_table,
  GNTTABOP_set_version,
  GNTTABOP_get_version,
  GNTTABOP_copy,
  GNTTABOP_map_grant_ref,
  GNTTABOP_unmap_grant_ref,
  GNTTABOP_swap_grant_ref,
];

export const hvm_grant_table_op: HypercallHandler = (call) => {
  const cmd = call.argLo[0]!;
  if (!HVM_CMDS.includes(cmd))
    return failCheck(call.xen.trace, `${ID}.entry.hvm_filter`, ENOSYS, "cmd", cmd);
  return doGrantTableOp(call, call.vcpu.hcallCompat);
};
