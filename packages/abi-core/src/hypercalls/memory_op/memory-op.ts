/**
 * memory_op(unsigned long cmd, void *arg): do_memory_op (xen/common/memory.c) for 64-bit
 * guests, compat_memory_op (xen/common/compat/memory.c) for 32-bit PV, hvm_memory_op
 * (xen/arch/x86/hvm/hypercall.c) for HVM. The sub-op is cmd's low MEMOP_EXTENT_SHIFT bits;
 * the bits above carry the extent a continuation resumes from. The structs are read through
 * the layout engine for the caller's mode, which is what compat's translation amounts to for
 * the fields modelled here.
 */
import {
  argAddr,
  unmodelled,
  type HypercallCall,
  type HypercallHandler,
} from "../../machine/call.js";
import { EACCES, EBUSY, EDOM, EFAULT, EINVAL, ENOENT, ENOSYS, ESRCH } from "../../machine/errno.js";
import { readStruct } from "../../machine/structio.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";
import { fieldOf } from "../../abi/layout.js";
import { domainByAnyId, xsmTarget } from "../event_channel_op/ports.js";
import {
  MEMOP_CMD_MASK,
  MEMOP_EXTENT_SHIFT,
  MODEL_MAX_PAGE,
  XENMAPSPACE_gmfn_foreign,
  XENMAPSPACE_grant_table,
  XENMAPSPACE_shared_info,
  XENMEM_add_to_physmap,
  XENMEM_current_reservation,
  XENMEM_decrease_reservation,
  XENMEM_increase_reservation,
  XENMEM_maximum_gpfn,
  XENMEM_maximum_ram_page,
  XENMEM_maximum_reservation,
  XENMEM_populate_physmap,
  XENMEM_remove_from_physmap,
  XENMEM_LAST,
} from "./constants.js";
import { maxPages, reservationOp, totPages } from "./reservation.js";
import { gnttabFrameUnmapped, gnttabMapFrame } from "../grant_table_op/frames.js";

const ID = "memory_op";

function isTranslated(call: HypercallCall, d = call.domain): boolean {
  // paging_mode_translate: HVM and Arm guests; PV guests manage their own p2m.
  return d.mode !== "pv64" && d.mode !== "pv32";
}

/** XENMEM_add_to_physmap: shared_info and grant_table; other spaces are not modelled. */
function addToPhysmap(call: HypercallCall, startExtent: number): number {
  const t = call.xen.trace;
  const op = `${ID}.add_to_physmap`;
  // typeof(xatp.size) is uint16_t: a resume extent beyond it is bogus input.
  if (startExtent > 0xffff)
    return failCheck(t, `${op}.resume_bits`, EDOM, "start_extent", startExtent);
  const cd = call.domain;
  const x = readStruct(cd.memory, argAddr(call, 1), layoutOf("xen_add_to_physmap_t", cd.mode));
  if (x === undefined) return failCheck(t, `${op}.copy_in`, EFAULT);
  const space = Number(x.space as bigint);
  if (space === XENMAPSPACE_gmfn_foreign) return failCheck(t, `${op}.gmfn_foreign`, ENOSYS);
  const domid = Number(x.domid as bigint);
  const d = domainByAnyId(call.xen, cd, domid);
  if (d === undefined) return failCheck(t, `${op}.domid`, ESRCH, "domid", domid);
  // xatp_permission_check
  if (!isTranslated(call, d)) return failCheck(t, `${op}.not_translated`, EACCES);
  const rc = passCheck(t, `${op}.xsm`, xsmTarget(cd, d));
  if (rc !== 0) return rc;
  const gpfn = x.gpfn as bigint;
  // INVALID_GFN is all ones at xen_pfn_t's width.
  const pfnBits = fieldOf(layoutOf("xen_add_to_physmap_t", cd.mode), "gpfn")!.size * 8;
  if (gpfn === (1n << BigInt(pfnBits)) - 1n) return failCheck(t, `${op}.invalid_gfn`, EINVAL);
  if (space === XENMAPSPACE_grant_table) {
    if (Number(gpfn) >= d.memory.nrFrames)
      return unmodelled(
        call,
        "memory_op/XENMEM_add_to_physmap(gpfn beyond the guest's modelled space)",
      );
    return gnttabMapFrame(call, d, x.idx as bigint, Number(gpfn));
  }
  if (space !== XENMAPSPACE_shared_info) {
    return unmodelled(call, `memory_op/XENMEM_add_to_physmap(space ${space})`);
  }
  // xenmem_add_to_physmap_one, XENMAPSPACE_shared_info: idx must be 0.
  if (x.idx !== 0n) return failCheck(t, `${op}.shared_info_idx`, EINVAL);
  const gfn = Number(gpfn);
  if (gfn >= d.memory.nrFrames) return -EINVAL;
  if (call.xen.arch !== "x86_64") {
    // Arm (71320946d5, 4.17): the page must be unmapped from its old gfn first.
    if (call.xen.profile.minor >= 17 && d.sharedInfoGfn !== null && d.sharedInfoGfn !== gfn)
      return failCheck(t, `${op}.shared_info_mapped`, EBUSY, "gpfn", gfn);
  } else if (d.sharedInfoGfn !== null && d.sharedInfoGfn !== gfn) {
    // x86 moves it: the old gfn is left empty.
    d.memory.unmap(d.sharedInfoGfn);
  }
  d.memory.mapForeign(gfn, d.sharedInfo);
  d.sharedInfoGfn = gfn;
  return 0;
}

function removeFromPhysmap(call: HypercallCall): number {
  const t = call.xen.trace;
  const op = `${ID}.remove_from_physmap`;
  const cd = call.domain;
  const x = readStruct(cd.memory, argAddr(call, 1), layoutOf("xen_remove_from_physmap_t", cd.mode));
  if (x === undefined) return failCheck(t, `${op}.copy_in`, EFAULT);
  const domid = Number(x.domid as bigint);
  const d = domainByAnyId(call.xen, cd, domid);
  if (d === undefined) return failCheck(t, `${op}.domid`, ESRCH, "domid", domid);
  const rc = passCheck(t, `${op}.xsm`, xsmTarget(cd, d));
  if (rc !== 0) return rc;
  const gfn = Number(x.gpfn as bigint);
  if (!d.memory.hasFrame(gfn)) return failCheck(t, `${op}.not_mapped`, ENOENT, "gpfn", gfn);
  d.memory.unmap(gfn);
  if (d.sharedInfoGfn === gfn) d.sharedInfoGfn = null;
  gnttabFrameUnmapped(d, gfn);
  return 0;
}

/** The record's short name of a XENMEM_* sub-op that checks cmd's resume bits. */
const STAT_NAMES: Readonly<Record<number, string>> = {
  [XENMEM_maximum_ram_page]: "maximum_ram_page",
  [XENMEM_current_reservation]: "current_reservation",
  [XENMEM_maximum_reservation]: "maximum_reservation",
  [XENMEM_maximum_gpfn]: "maximum_gpfn",
  [XENMEM_remove_from_physmap]: "remove_from_physmap",
};

/** `if ( unlikely(start_extent) ) return -EINVAL;` of the sub-ops that never continue. */
function resumeBits(call: HypercallCall, op: number, startExtent: number): number {
  const id = `${ID}.${STAT_NAMES[op]}.resume_bits`;
  return failCheck(call.xen.trace, id, EINVAL, "start_extent", startExtent);
}

function domainStat(call: HypercallCall, op: number): number {
  const t = call.xen.trace;
  const name = `${ID}.${STAT_NAMES[op]}`;
  const cd = call.domain;
  const x = readStruct(cd.memory, argAddr(call, 1), layoutOf("xen_memory_domain", cd.mode));
  if (x === undefined) return failCheck(t, `${name}.copy_in`, EFAULT);
  const domid = Number(x.domid as bigint);
  const d = domainByAnyId(call.xen, cd, domid);
  if (d === undefined) return failCheck(t, `${name}.domid`, ESRCH, "domid", domid);
  const rc = passCheck(t, `${name}.xsm`, xsmTarget(cd, d));
  if (rc !== 0) return rc;
  if (op === XENMEM_current_reservation) return totPages(d);
  if (op === XENMEM_maximum_reservation) return maxPages(d);
  // domain_get_maximum_gpfn: the highest gfn the p2m has held (the boot space's last).
  return d.memory.nrFrames - 1;
}

/** do_memory_op with cmd as (lo, hi) halves: hi only carries resume bits. */
function memoryOp(call: HypercallCall): number {
  const lo = call.argLo[0]!;
  const hi = call.argHi[0]!;
  const op = lo & MEMOP_CMD_MASK;
  const startExtent = hi * 2 ** (32 - MEMOP_EXTENT_SHIFT) + (lo >>> MEMOP_EXTENT_SHIFT);
  switch (op) {
    case XENMEM_increase_reservation:
    case XENMEM_decrease_reservation:
    case XENMEM_populate_physmap:
      return reservationOp(call, op, startExtent);
    case XENMEM_maximum_ram_page:
      return startExtent !== 0 ? resumeBits(call, op, startExtent) : MODEL_MAX_PAGE;
    case XENMEM_current_reservation:
    case XENMEM_maximum_reservation:
    case XENMEM_maximum_gpfn:
      return startExtent !== 0 ? resumeBits(call, op, startExtent) : domainStat(call, op);
    case XENMEM_add_to_physmap:
      return addToPhysmap(call, startExtent);
    case XENMEM_remove_from_physmap:
      return startExtent !== 0 ? resumeBits(call, op, startExtent) : removeFromPhysmap(call);
    default:
      // public/memory.h defines XENMEM_* 0-28 (RELEASE-4.22.0): those not handled above are
      // not modelled and say so; any other cmd reaches arch_memory_op's default, -ENOSYS.
      return op <= XENMEM_LAST ? unmodelled(call, `memory_op/${op}`) : -ENOSYS;
  }
}

export const do_memory_op: HypercallHandler = memoryOp;
/** compat_memory_op: cmd is unsigned int; structs in the 32-bit layouts. */
export const compat_memory_op: HypercallHandler = memoryOp;
/** hvm_memory_op: machine_memory_map and machphys_mapping are -ENOSYS, then do/compat. */
export const hvm_memory_op: HypercallHandler = (call) => {
  const op = call.argLo[0]! & MEMOP_CMD_MASK;
  if (op === 10 /* XENMEM_machine_memory_map */ || op === 12 /* XENMEM_machphys_mapping */)
    return -ENOSYS;
  return memoryOp(call);
};
