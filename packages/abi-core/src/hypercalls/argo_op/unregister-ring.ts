/** XEN_ARGO_OP_unregister_ring (argo.c unregister_ring), after do_argo_op's own checks. */
import type { Domain } from "../../machine/domain.js";
import { EFAULT, EINVAL, ENODEV, ENOENT } from "../../machine/errno.js";
import type { XenState } from "../../machine/state.js";
import { failCheck } from "../../machine/trace.js";
import { XEN_ARGO_DOMID_ANY } from "./constants.js";
import { UNREGISTER_RING } from "./layouts.js";
import { ringRemoveInfo } from "./lifecycle.js";
import { hashIndex } from "./ring-id.js";
import { argoOf, findRingInfo, findSendInfo, listDel } from "./state.js";

/** unregister_ring(currd, unreg_hnd): exact match only (no wildcard fallback); 0 or -errno. */
export function unregisterRing(xen: XenState, currd: Domain, addr: number): number {
  const trace = xen.trace;
  const r = xen.scratch.struct;
  const L = UNREGISTER_RING[currd.mode];
  if (!r.read(currd, addr, L.size)) return failCheck(trace, "argo_op.unregister_ring.copy", EFAULT);
  const aport = r.u32(L.at.aport);
  const partnerId = r.u16(L.at.partner_id);
  const pad = r.u16(L.at.pad);
  if (pad !== 0) return failCheck(trace, "argo_op.unregister_ring.pad", EINVAL, "pad", pad);
  const a = argoOf(currd);
  if (a === null) return failCheck(trace, "argo_op.unregister_ring.no_argo", ENODEV);
  const ring = findRingInfo(a, aport, currd.id, partnerId);
  if (ring === undefined) return failCheck(trace, "argo_op.unregister_ring.not_found", ENOENT);
  ringRemoveInfo(xen, a, ring);
  a.ringCount--;
  if (partnerId === XEN_ARGO_DOMID_ANY) return 0;
  const dst = xen.domains.get(partnerId);
  const da = dst === undefined ? null : argoOf(dst);
  if (da === null) return 0; // ASSERT_UNREACHABLE in Xen
  const send = findSendInfo(da, ring.id);
  if (send !== undefined) listDel(da.sendHash[hashIndex(aport, currd.id, partnerId)]!, send);
  return 0;
}
