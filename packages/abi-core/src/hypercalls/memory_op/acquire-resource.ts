/**
 * XENMEM_acquire_resource (xen/common/memory.c acquire_resource) up to its privilege check,
 * XSM_DM_PRIV: only the control domain, or a device model on its target, gets further, and
 * what it gets (ioreq server pages, grant-table frames, vmtrace buffers, mapped into its own
 * physmap) is not modelled. Three shapes across releases:
 *
 * - 4.12-4.14: the struct's copy and pad (flags in 4.12) first; a NULL frame_list asks the
 *   size, answered (32, the stack array's) with no domain or privilege check at all; at most
 *   32 frames (-E2BIG); then the domain and XSM. 4.12.4, 4.13.2 and 4.14.1 first refuse a
 *   translated caller other than the hardware domain, Arm's included (42317dede5's backports).
 * - 4.15 on (e22906cf81 and the continuation rework): arch_acquire_resource_check(caller)
 *   first; the frame range must fit 32 bits; the size query comes after XSM.
 * - arch_acquire_resource_check: Arm's is true; x86's (xen/arch/x86/include/asm/p2m.h) refuses
 *   a translated caller other than the hardware domain until 4.18, and from 4.19 (845a60b63b,
 *   xen/arch/x86/mm/p2m-basic.c) only an HVM caller with altp2m or nested virtualisation.
 *
 * A 32-bit x86 guest's call is translated first (xen/common/compat/memory.c), its own
 * marshalling of frame_list included; past the struct's copy it is not modelled.
 */
import { argAddr, unmodelled, type HypercallCall } from "../../machine/call.js";
import { type Domain, isCompatDomain, pagingModeTranslate } from "../../machine/domain.js";
import { E2BIG, EACCES, EFAULT, EINVAL, EPERM, ESRCH } from "../../machine/errno.js";
import { readStruct } from "../../machine/structio.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { fieldOf } from "../../abi/layout.js";
import { layoutOf } from "../../table/structs.js";
import { isControlDomain } from "../../xsm/dummy.js";
import { HVM_PARAM_ALTP2M } from "./constants.js";

const OP = "memory_op.acquire_resource";

/** arch_acquire_resource_check(currd) for the release and architecture. */
function archCheck(call: HypercallCall, d: Domain): boolean {
  if (call.xen.arch !== "x86_64") return true;
  if (call.xen.profile.minor <= 18) return !pagingModeTranslate(d) || isControlDomain(d);
  // is_pv_domain || (altp2m disabled && !nestedhvm): the model builds no nested-virt domain.
  return !pagingModeTranslate(d) || d.hvmParams[HVM_PARAM_ALTP2M] === 0n;
}

export function acquireResource(call: HypercallCall): number {
  const t = call.xen.trace;
  const cd = call.domain;
  const rel = call.xen.profile.minor;
  // 4.12.4, 4.13.2, 4.14.1: a translated caller other than the hardware domain, on every
  // architecture (release-differences.ts acquireResourceCallerCheck); from 4.15 the arch's.
  if (rel <= 14 && call.xen.profile.acquireResourceCallerCheck && !isCompatDomain(cd)) {
    if (pagingModeTranslate(cd) && !isControlDomain(cd))
      return failCheck(t, `${OP}.translated_caller`, EACCES);
  }
  if (rel >= 15 && !isCompatDomain(cd) && !archCheck(call, cd))
    return failCheck(t, `${OP}.arch_check`, EACCES);
  const layout = layoutOf("xen_mem_acquire_resource_t", cd.mode);
  const x = readStruct(cd.memory, argAddr(call, 1), layout);
  if (x === undefined) return failCheck(t, `${OP}.copy_in`, EFAULT);
  if (isCompatDomain(cd))
    return unmodelled(call, "memory_op/XENMEM_acquire_resource from a 32-bit guest (compat)");
  if (x.pad !== 0n) return failCheck(t, `${OP}.pad`, EINVAL);
  const nr = x.nr_frames as bigint;
  const frame = x.frame as bigint;
  if (rel <= 14) {
    if (x.frame_list === 0n) {
      if (nr !== 0n) return failCheck(t, `${OP}.size_query_nr_frames`, EINVAL);
      // The size query: nr_frames = ARRAY_SIZE(mfn_list), written back on its own.
      const b = new Uint8Array(4);
      new DataView(b.buffer).setUint32(0, 32, true);
      return cd.memory.write(argAddr(call, 1) + fieldOf(layout, "nr_frames")!.offset, b)
        ? 0
        : failCheck(t, `${OP}.copy_out`, EFAULT);
    }
    if (nr > 32n) return failCheck(t, `${OP}.nr_frames_max`, E2BIG, "nr_frames", Number(nr));
  } else if (frame >> 32n !== 0n || (frame + nr) >> 32n !== 0n) {
    return failCheck(t, `${OP}.frame_range`, EINVAL);
  }
  // rcu_lock_remote_domain_by_id: no DOMID_SELF; the caller itself is -EPERM.
  const domid = Number(x.domid as bigint);
  const d = call.xen.domains.get(domid);
  if (d === undefined) return failCheck(t, `${OP}.domid`, ESRCH, "domid", domid);
  if (d === cd) return failCheck(t, `${OP}.self`, EPERM);
  // xsm_domain_resource_map (XSM_DM_PRIV): the model has no device models.
  const rc = passCheck(t, `${OP}.xsm`, isControlDomain(cd) ? 0 : -EPERM);
  if (rc !== 0) return rc;
  return unmodelled(call, "memory_op/XENMEM_acquire_resource (mapping a domain's resource)");
}
