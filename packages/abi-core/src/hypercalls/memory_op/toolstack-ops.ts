/**
 * Sub-ops meant for the toolstack that a guest can still issue: XENMEM_claim_pages
 * (xen/common/memory.c do_memory_op), XENMEM_set_pod_target and XENMEM_get_pod_target
 * (xen/arch/x86/mm.c arch_memory_op), and the memory-sharing counters
 * XENMEM_get_sharing_freed_pages and XENMEM_get_sharing_shared_pages (xen/arch/x86/x86_64/mm.c
 * subarch_memory_op, xen/arch/arm/mm.c arch_memory_op). Their checks run up to the privilege
 * check; what the control domain would then do (claim free memory, retarget populate-on-demand)
 * is not modelled.
 */
import { argAddr, unmodelled, type HypercallCall } from "../../machine/call.js";
import { isCompatDomain, isHvmDomain } from "../../machine/domain.js";
import { EFAULT, EINVAL, ENOSYS, EPERM, ESRCH } from "../../machine/errno.js";
import { readStruct } from "../../machine/structio.js";
import { failCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";
import { isControlDomain } from "../../xsm/dummy.js";
import { domainByAnyId } from "../event_channel_op/ports.js";
import { XENMEM_get_sharing_freed_pages, XENMEM_set_pod_target } from "./constants.js";

/**
 * XENMEM_claim_pages: only nr_extents and domid of a xen_memory_reservation mean anything.
 * A 32-bit x86 guest never gets there: compat_memory_op has no case for it, and
 * compat_arch_memory_op's default is -ENOSYS.
 */
export function claimPages(call: HypercallCall, startExtent: number): number {
  const t = call.xen.trace;
  const op = "memory_op.claim_pages";
  const cd = call.domain;
  if (isCompatDomain(cd)) return failCheck(t, `${op}.compat`, ENOSYS);
  // (4.22 first answers -EOPNOTSUPP under LLC colouring, which the model never enables.)
  if (startExtent !== 0)
    return failCheck(t, `${op}.resume_bits`, EINVAL, "start_extent", startExtent);
  const r = readStruct(cd.memory, argAddr(call, 1), layoutOf("xen_memory_reservation_t", cd.mode));
  if (r === undefined) return failCheck(t, `${op}.copy_in`, EFAULT);
  if (r.extent_start !== 0n) return failCheck(t, `${op}.extent_start`, EINVAL);
  if (r.extent_order !== 0n) return failCheck(t, `${op}.extent_order`, EINVAL);
  if (r.mem_flags !== 0n) return failCheck(t, `${op}.mem_flags`, EINVAL);
  // rcu_lock_domain_by_id: no DOMID_SELF, and a missing domain is -EINVAL here.
  const domid = Number(r.domid as bigint);
  const d = call.xen.domains.get(domid);
  if (d === undefined) return failCheck(t, `${op}.domid`, EINVAL, "domid", domid);
  // xsm_claim_pages (XSM_PRIV)
  if (!isControlDomain(cd)) return failCheck(t, `${op}.xsm`, EPERM);
  return unmodelled(call, "memory_op/XENMEM_claim_pages (claiming free memory)");
}

/**
 * XENMEM_set_pod_target / get_pod_target (x86 arch_memory_op, CONFIG_HVM): from 4.17
 * (26c719f67e) a target that is not HVM is -EINVAL before the privilege check; before, the
 * privilege check came first. Arm's arch_memory_op has neither; resume bits match no case.
 */
export function podTarget(call: HypercallCall, op: number, startExtent: number): number {
  const t = call.xen.trace;
  const name = `memory_op.${op === XENMEM_set_pod_target ? "set" : "get"}_pod_target`;
  if (call.xen.arch !== "x86_64") return failCheck(t, `${name}.arm`, ENOSYS);
  if (startExtent !== 0)
    return failCheck(t, `${name}.resume_bits`, ENOSYS, "start_extent", startExtent);
  const cd = call.domain;
  // (A 32-bit guest's compat_arch_memory_op copies its struct first: the same check.)
  const x = readStruct(cd.memory, argAddr(call, 1), layoutOf("xen_pod_target_t", cd.mode));
  if (x === undefined) return failCheck(t, `${name}.copy_in`, EFAULT);
  const domid = Number(x.domid as bigint);
  const d = domainByAnyId(call.xen, cd, domid);
  if (d === undefined) return failCheck(t, `${name}.domid`, ESRCH, "domid", domid);
  if (call.xen.profile.minor >= 17 && !isHvmDomain(d))
    return failCheck(t, `${name}.not_hvm`, EINVAL);
  // xsm_set_pod_target / xsm_get_pod_target (XSM_PRIV)
  if (!isControlDomain(cd)) return failCheck(t, `${name}.xsm`, EPERM);
  return unmodelled(call, `memory_op/XENMEM_${name.slice(10)} (populate-on-demand)`);
}

/**
 * XENMEM_get_sharing_freed_pages / get_sharing_shared_pages: the pages memory sharing saved
 * or shares, with no argument and no privilege check. No domain shares memory in the model:
 * 0 (Arm's arch_memory_op answers 0 outright). The arch code switches on the whole cmd: x86's
 * unsigned long, so resume bits match no case (-ENOSYS); Arm's `int op`, so only bits in the
 * low 32 do.
 */
export function sharingPages(call: HypercallCall, op: number): number {
  const t = call.xen.trace;
  const name =
    op === XENMEM_get_sharing_freed_pages ? "get_sharing_freed_pages" : "get_sharing_shared_pages";
  const lo = call.argLo[0]!;
  const hi = call.xen.arch === "x86_64" ? call.argHi[0]! : 0;
  if (lo !== op || hi !== 0) return failCheck(t, `memory_op.${name}.resume_bits`, ENOSYS);
  return 0;
}
