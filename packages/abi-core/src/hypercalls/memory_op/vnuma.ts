/**
 * XENMEM_get_vnumainfo (xen/common/memory.c do_memory_op; for a 32-bit x86 guest
 * xen/common/compat/memory.c compat_memory_op copies and translates the struct first, so its
 * -EFAULT comes before the resume bits' -EINVAL). A domain has a virtual NUMA layout only
 * when the toolstack gives it one (XEN_DOMCTL_setvnumainfo); no domain of the model has one,
 * so the call ends in -EOPNOTSUPP once its checks pass (the same for every release 4.12-4.22).
 */
import { argAddr, type HypercallCall } from "../../machine/call.js";
import { EFAULT, EINVAL, EOPNOTSUPP, ESRCH } from "../../machine/errno.js";
import { readStruct } from "../../machine/structio.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";
import { domainByAnyId, xsmTarget } from "../event_channel_op/ports.js";
import { isCompatDomain } from "../../machine/domain.js";

export function getVnumainfo(call: HypercallCall, startExtent: number): number {
  const t = call.xen.trace;
  const op = "memory_op.get_vnumainfo";
  const cd = call.domain;
  const compat = isCompatDomain(cd);
  const resume = () => failCheck(t, `${op}.resume_bits`, EINVAL, "start_extent", startExtent);
  if (!compat && startExtent !== 0) return resume();
  const x = readStruct(cd.memory, argAddr(call, 1), layoutOf("xen_vnuma_topology_info_t", cd.mode));
  if (x === undefined) return failCheck(t, `${op}.copy_in`, EFAULT);
  if (compat && startExtent !== 0) return resume();
  if (x.pad !== 0n) return failCheck(t, `${op}.pad`, EINVAL);
  const domid = Number(x.domid as bigint);
  const d = domainByAnyId(call.xen, cd, domid);
  if (d === undefined) return failCheck(t, `${op}.domid`, ESRCH, "domid", domid);
  // xsm_get_vnumainfo (XSM_TARGET)
  const rc = passCheck(t, `${op}.xsm`, xsmTarget(cd, d));
  if (rc !== 0) return rc;
  return failCheck(t, `${op}.no_vnuma`, EOPNOTSUPP);
}
