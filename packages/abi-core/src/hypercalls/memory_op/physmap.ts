/**
 * XENMEM_add_to_physmap and XENMEM_remove_from_physmap (xen/common/memory.c do_memory_op,
 * xatp_permission_check, xenmem_add_to_physmap), and what the batch form shares with them:
 * the permission check and xenmem_add_to_physmap_one per architecture (xen/arch/arm/mm.c,
 * xen/arch/x86/mm/p2m.c). Each check's id is prefixed with the sub-op that made it.
 */
import { argAddr, unmodelled, type HypercallCall } from "../../machine/call.js";
import { type Domain, isCompatDomain, pagingModeTranslate } from "../../machine/domain.js";
import { EACCES, EBUSY, EINVAL, ENOENT, ENOSYS, ESRCH, EDOM, EFAULT } from "../../machine/errno.js";
import { readStruct } from "../../machine/structio.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";
import { isControlDomain } from "../../xsm/dummy.js";
import { domainByAnyId, xsmTarget } from "../event_channel_op/ports.js";
import { gnttabFrameUnmapped, gnttabMapFrame } from "../grant_table_op/frames.js";
import {
  XENMAPSPACE_dev_mmio,
  XENMAPSPACE_gmfn,
  XENMAPSPACE_gmfn_foreign,
  XENMAPSPACE_gmfn_range,
  XENMAPSPACE_grant_table,
  XENMAPSPACE_shared_info,
} from "./constants.js";

/**
 * gfn_eq(_gfn(gpfn), INVALID_GFN): INVALID_GFN is ~0UL, all ones at Xen's own word width
 * (_gfn takes an unsigned long, so arm32 Xen compares the low 32 bits). A 32-bit x86 guest's
 * gpfn reaches it zero-extended by the compat translation, so it never matches.
 */
export function isInvalidGfn(call: HypercallCall, gpfn: bigint): boolean {
  const bits = call.xen.arch === "arm32" ? 32 : 64;
  return BigInt.asUintN(bits, gpfn) === (1n << BigInt(bits)) - 1n;
}

/**
 * xatp_permission_check: from 4.13 (05fe88fef2) a domain that is not translated is -EACCES;
 * XENMAPSPACE_dev_mmio only for the hardware domain on itself; then xsm_add_to_physmap
 * (XSM_TARGET). `op` is the check ids' prefix (`memory_op.add_to_physmap`).
 */
export function xatpPermissionCheck(
  call: HypercallCall,
  op: string,
  d: Domain,
  space: number,
): number {
  const t = call.xen.trace;
  const cd = call.domain;
  if (call.xen.profile.minor >= 13 && !pagingModeTranslate(d))
    return failCheck(t, `${op}.not_translated`, EACCES);
  // 4.12 asks is_hardware_domain(current), later releases is_hardware_domain(d); with d ==
  // current required either way, the two agree.
  if (space === XENMAPSPACE_dev_mmio && (d !== cd || !isControlDomain(d)))
    return failCheck(t, `${op}.dev_mmio`, EACCES);
  return passCheck(t, `${op}.xsm`, xsmTarget(cd, d));
}

/**
 * xenmem_add_to_physmap_one for one page: 0 or -errno, or unmodelled (call.unmodelled set)
 * where the machine cannot follow. `foreignDomid` is the batch's u.foreign_domid.
 */
export function addToPhysmapOne(
  call: HypercallCall,
  op: string,
  d: Domain,
  space: number,
  foreignDomid: number,
  idx: bigint,
  gpfn: bigint,
): number {
  const t = call.xen.trace;
  const arm = call.xen.arch !== "x86_64";
  const name = op.slice("memory_op.".length);
  switch (space) {
    case XENMAPSPACE_shared_info: {
      // Arm returns -EINVAL; x86 leaves the mfn INVALID_MFN, which is -EINVAL too.
      if (idx !== 0n) return failCheck(t, `${op}.shared_info_idx`, EINVAL);
      if (gpfn >= BigInt(d.memory.nrFrames))
        return unmodelled(call, `memory_op/XENMEM_${name}(gpfn beyond the guest's modelled space)`);
      const gfn = Number(gpfn);
      if (arm) {
        // Arm from 4.17 (71320946d5): a xenheap page mapped at any gfn, this one included,
        // must be removed from the physmap first.
        if (call.xen.profile.minor >= 17 && d.sharedInfoGfn !== null)
          return failCheck(t, `${op}.shared_info_mapped`, EBUSY, "gpfn", gfn);
        // Before, guest_physmap_add_entry maps it at gfn too: the old gfn still shows it.
      } else if (d.sharedInfoGfn !== null && d.sharedInfoGfn !== gfn) {
        // x86 moves it: the old gfn is left empty.
        d.memory.unmap(d.sharedInfoGfn);
      }
      d.memory.mapForeign(gfn, d.sharedInfo);
      d.sharedInfoGfn = gfn;
      return 0;
    }
    case XENMAPSPACE_grant_table:
      if (gpfn >= BigInt(d.memory.nrFrames))
        return unmodelled(call, `memory_op/XENMEM_${name}(gpfn beyond the guest's modelled space)`);
      return gnttabMapFrame(call, d, idx, Number(gpfn));
    case XENMAPSPACE_gmfn_foreign:
      return arm
        ? armForeign(call, op, d, foreignDomid, idx)
        : unmodelled(call, `memory_op/XENMEM_${name}(XENMAPSPACE_gmfn_foreign on x86)`);
    case XENMAPSPACE_gmfn:
    case XENMAPSPACE_gmfn_range:
      // Arm has no such space (its switch's default); x86 moves a page of the guest's own.
      return arm
        ? failCheck(t, `${op}.unknown_space`, ENOSYS, "space", space)
        : unmodelled(call, `memory_op/XENMEM_${name}(space ${space})`);
    case XENMAPSPACE_dev_mmio:
      // Reached by the hardware domain on itself only (xatp_permission_check).
      if (arm) return unmodelled(call, `memory_op/XENMEM_${name}(XENMAPSPACE_dev_mmio)`);
      return failCheck(t, `${op}.no_mfn`, EINVAL, "space", space);
    default:
      // Arm: the switch's default is -ENOSYS; x86: no case sets the mfn, INVALID_MFN is -EINVAL.
      return arm
        ? failCheck(t, `${op}.unknown_space`, ENOSYS, "space", space)
        : failCheck(t, `${op}.no_mfn`, EINVAL, "space", space);
  }
}

/**
 * Arm's XENMAPSPACE_gmfn_foreign (xen/arch/arm/mm.c xenmem_add_to_physmap_one): the owner by
 * get_pg_owner (xen/common/page_alloc.c: the caller's own id, or an id with no domain, is
 * NULL), not d itself, xsm_map_gmfn_foreign (XSM_TARGET of d over the owner), a page at idx.
 */
function armForeign(
  call: HypercallCall,
  op: string,
  d: Domain,
  foreignDomid: number,
  idx: bigint,
): number {
  const t = call.xen.trace;
  const cd = call.domain;
  if (foreignDomid === 0x7ff1 || foreignDomid === 0x7ff2)
    return unmodelled(call, "memory_op/XENMAPSPACE_gmfn_foreign of DOMID_IO or DOMID_XEN");
  const od = foreignDomid === cd.id ? undefined : domainByAnyId(call.xen, cd, foreignDomid);
  if (od === undefined)
    return failCheck(t, `${op}.foreign_owner`, ESRCH, "foreign_domid", foreignDomid);
  if (od === d) return failCheck(t, `${op}.foreign_self`, EINVAL);
  const rc = passCheck(t, `${op}.foreign_xsm`, xsmTarget(d, od));
  if (rc !== 0) return rc;
  if (idx >= BigInt(od.memory.nrFrames) || !od.memory.hasFrame(Number(idx)))
    return failCheck(t, `${op}.foreign_gfn`, EINVAL, "idx", Number(idx));
  return unmodelled(call, "memory_op/XENMAPSPACE_gmfn_foreign (mapping another domain's page)");
}

/** XENMEM_add_to_physmap (do_memory_op, xenmem_add_to_physmap). */
export function addToPhysmap(call: HypercallCall, startExtent: number): number {
  const t = call.xen.trace;
  const op = "memory_op.add_to_physmap";
  const cd = call.domain;
  // typeof(xatp.size) is uint16_t: a resume extent beyond it is bogus input. A 32-bit x86
  // guest's compat_memory_op copies the struct first, so its -EFAULT comes before.
  const resume = () => failCheck(t, `${op}.resume_bits`, EDOM, "start_extent", startExtent);
  if (!isCompatDomain(cd) && startExtent > 0xffff) return resume();
  const x = readStruct(cd.memory, argAddr(call, 1), layoutOf("xen_add_to_physmap_t", cd.mode));
  if (x === undefined) return failCheck(t, `${op}.copy_in`, EFAULT);
  if (startExtent > 0xffff) return resume();
  const space = Number(x.space as bigint);
  // Foreign mapping is only possible through the batch.
  if (space === XENMAPSPACE_gmfn_foreign) return failCheck(t, `${op}.gmfn_foreign`, ENOSYS);
  const domid = Number(x.domid as bigint);
  const d = domainByAnyId(call.xen, cd, domid);
  if (d === undefined) return failCheck(t, `${op}.domid`, ESRCH, "domid", domid);
  const rc = xatpPermissionCheck(call, op, d, space);
  if (rc !== 0) return rc;
  if (!pagingModeTranslate(d))
    return unmodelled(call, "memory_op/XENMEM_add_to_physmap(a PV domain, before 4.13)");
  const gpfn = x.gpfn as bigint;
  // xenmem_add_to_physmap from 4.17 (ef0f94a48f).
  if (call.xen.profile.minor >= 17 && isInvalidGfn(call, gpfn))
    return failCheck(t, `${op}.invalid_gfn`, EINVAL);
  if (space === XENMAPSPACE_gmfn_range)
    return unmodelled(call, "memory_op/XENMEM_add_to_physmap(XENMAPSPACE_gmfn_range)");
  // (extra.res0 = 0: only XENMAPSPACE_gmfn_foreign, refused above, reads the extra.)
  return addToPhysmapOne(call, op, d, space, 0, x.idx as bigint, gpfn);
}

/**
 * XENMEM_remove_from_physmap (do_memory_op). Resume bits are -EINVAL: before the struct is
 * read, or after for a 32-bit x86 guest, whose compat_memory_op copies it first.
 */
export function removeFromPhysmap(call: HypercallCall, startExtent: number): number {
  const t = call.xen.trace;
  const op = "memory_op.remove_from_physmap";
  const cd = call.domain;
  const resume = () => failCheck(t, `${op}.resume_bits`, EINVAL, "start_extent", startExtent);
  if (!isCompatDomain(cd) && startExtent !== 0) return resume();
  const x = readStruct(cd.memory, argAddr(call, 1), layoutOf("xen_remove_from_physmap_t", cd.mode));
  if (x === undefined) return failCheck(t, `${op}.copy_in`, EFAULT);
  if (startExtent !== 0) return resume();
  const domid = Number(x.domid as bigint);
  const d = domainByAnyId(call.xen, cd, domid);
  if (d === undefined) return failCheck(t, `${op}.domid`, ESRCH, "domid", domid);
  // From 4.13 (f3694f3acb) only a translated domain; before, a PV one went on.
  if (!pagingModeTranslate(d)) {
    if (call.xen.profile.minor >= 13) return failCheck(t, `${op}.not_translated`, EACCES);
  }
  const rc = passCheck(t, `${op}.xsm`, xsmTarget(cd, d));
  if (rc !== 0) return rc;
  if (!pagingModeTranslate(d))
    return unmodelled(call, "memory_op/XENMEM_remove_from_physmap(a PV domain, before 4.13)");
  const gpfn = x.gpfn as bigint;
  const gfn = gpfn < BigInt(d.memory.nrFrames) ? Number(gpfn) : -1;
  if (gfn < 0 || !d.memory.hasFrame(gfn))
    return failCheck(t, `${op}.not_mapped`, ENOENT, "gpfn", Number(gpfn));
  d.memory.unmap(gfn);
  if (d.sharedInfoGfn === gfn) d.sharedInfoGfn = null;
  gnttabFrameUnmapped(d, gfn);
  return 0;
}
