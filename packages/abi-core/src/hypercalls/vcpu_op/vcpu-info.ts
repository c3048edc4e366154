/**
 * VCPUOP_register_vcpu_info: common_vcpu_op's case and map_guest_area (xen/common/domain.c,
 * 4.18+), or map_vcpu_info before (4.12-4.17). The guest's page is mapped for good: Xen keeps
 * a reference, so later event state lands there even if the guest unmaps the gfn.
 */
import { type Domain, type Vcpu, sharedInfoMode } from "../../machine/domain.js";
import { EBUSY, EINVAL, ENXIO } from "../../machine/errno.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import { layoutOf } from "../../table/structs.js";
import { fieldOf } from "../../abi/layout.js";
import { markAllPending } from "../event_channel_op/two-level.js";
import { failCheck, type TraceSink } from "../../machine/trace.js";

/** alignof(xen_ulong_t), or of compat_ulong_t for a 32-bit-shinfo domain. */
function ulongAlign(d: Domain): number {
  return fieldOf(layoutOf("vcpu_info_t", sharedInfoMode(d)), "evtchn_pending_sel")!.align;
}

/**
 * Place v's vcpu_info at (gfn, offset); 0 or -errno in Xen's order for `minor`.
 * The new area starts as a copy of the old one (vcpu_info_populate), then every selector bit
 * and the upcall flag are set so that no event is lost.
 */
export function registerVcpuInfo(
  trace: TraceSink,
  d: Domain,
  v: Vcpu,
  mfn: bigint,
  offset: number,
  minor: number,
): number {
  const size = layoutOf("vcpu_info_t", sharedInfoMode(d)).size;
  const align = ulongAlign(d);
  const page = BigInt(PAGE_SIZE);
  const ID = "vcpu_op.register_vcpu_info";
  if (minor >= 18) {
    // gaddr = gfn_to_gaddr(mfn) + offset, in 64 bits, must still name frame mfn.
    const gaddr = ((mfn << 12n) + BigInt(offset)) & ((1n << 64n) - 1n);
    if (gaddr / page !== mfn) return failCheck(trace, `${ID}.gaddr`, EINVAL);
    if (v.vcpuInfo !== null) return failCheck(trace, `${ID}.registered`, EBUSY);
    // map_guest_area
    if (offset + size > PAGE_SIZE) return failCheck(trace, `${ID}.crosses_page`, ENXIO);
    if (offset % align !== 0) return failCheck(trace, `${ID}.misaligned`, ENXIO);
  } else {
    if (offset > PAGE_SIZE - size) return failCheck(trace, `${ID}.crosses_page`, ENXIO);
    if (offset % align !== 0) return failCheck(trace, `${ID}.misaligned`, ENXIO);
    if (v.vcpuInfo !== null) return failCheck(trace, `${ID}.registered_old`, EINVAL);
    // "Run this command on yourself or on other offline VCPUS": the caller is vCPU `v` or
    // v is down (the dispatcher runs calls on their own vCPU; see vcpu-op.ts).
  }
  // check_get_page_from_gfn (get_page_from_gfn before 4.18): no RAM page there.
  if (mfn >= BigInt(d.memory.nrFrames) || !d.memory.hasFrame(Number(mfn)))
    return failCheck(trace, `${ID}.not_ram`, EINVAL);
  const gfn = Number(mfn);
  markAllPending(d, v, { page: d.memory.frame(gfn), offset, gfn }, size);
  return 0;
}
