/**
 * VCPUOP_register_vcpu_info: common_vcpu_op's case and map_guest_area (xen/common/domain.c,
 * 4.18+), or map_vcpu_info before (4.12-4.17). The guest's page is mapped for good: Xen keeps
 * a reference, so later event state lands there even if the guest unmaps the gfn.
 */
import type { Domain, Vcpu } from "../../machine/domain.js";
import { EBUSY, EINVAL, ENXIO } from "../../machine/errno.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import { layoutOf } from "../../table/structs.js";
import { fieldOf } from "../../abi/layout.js";
import { markAllPending } from "../event_channel_op/two-level.js";

/** alignof(xen_ulong_t), or of compat_ulong_t for a 32-bit-shinfo domain. */
function ulongAlign(d: Domain): number {
  return fieldOf(layoutOf("vcpu_info_t", d.mode), "evtchn_pending_sel")!.align;
}

/**
 * Place v's vcpu_info at (gfn, offset); 0 or -errno in Xen's order for `minor`.
 * The new area starts as a copy of the old one (vcpu_info_populate), then every selector bit
 * and the upcall flag are set so that no event is lost.
 */
export function registerVcpuInfo(
  d: Domain,
  v: Vcpu,
  gfn: number,
  offset: number,
  minor: number,
): number {
  const size = layoutOf("vcpu_info_t", d.mode).size;
  const align = ulongAlign(d);
  if (minor >= 18) {
    // gaddr = gfn_to_gaddr(mfn) + offset must not wrap out of the frame's gfn.
    const gaddr = gfn * PAGE_SIZE + offset;
    if (Math.floor(gaddr / PAGE_SIZE) !== gfn) return -EINVAL;
    if (v.vcpuInfo !== null) return -EBUSY;
    // map_guest_area
    if (Math.floor(gaddr / PAGE_SIZE) !== Math.floor((gaddr + size - 1) / PAGE_SIZE)) return -ENXIO;
    if (gaddr % align !== 0) return -ENXIO;
    // check_get_page_from_gfn: no RAM page there.
    if (!d.memory.hasFrame(gfn)) return -EINVAL;
  } else {
    if (offset > PAGE_SIZE - size) return -ENXIO;
    if (offset % align !== 0) return -ENXIO;
    if (v.vcpuInfo !== null) return -EINVAL;
    // "Run this command on yourself or on other offline VCPUS": the caller is vCPU `v` or
    // v is down (the dispatcher runs calls on their own vCPU; see vcpu-op.ts).
    if (!d.memory.hasFrame(gfn)) return -EINVAL;
  }
  const page = d.memory.frame(gfn);
  markAllPending(d, v, { page, offset, gfn }, size);
  return 0;
}
