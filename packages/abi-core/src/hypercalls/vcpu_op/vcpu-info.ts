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
import { failCheck, type CheckSink } from "../../machine/trace.js";

const ID = "vcpu_op.register_vcpu_info";

/** alignof(xen_ulong_t), or of compat_ulong_t for a 32-bit-shinfo domain. */
function ulongAlign(d: Domain): number {
  return fieldOf(layoutOf("vcpu_info_t", d.mode), "evtchn_pending_sel")!.align;
}

/** A guest frame number as 64 bits: the model's RAM is far below 2^53, anything above is none. */
function hasRam(d: Domain, mfn: bigint): boolean {
  return mfn < BigInt(d.memory.nrFrames) && d.memory.hasFrame(Number(mfn));
}

/**
 * Place v's vcpu_info at (mfn, offset), mfn as the struct's uint64_t; 0 or -errno in Xen's
 * order for `minor`, each failing check reported to `trace` by its id.
 * The new area starts as a copy of the old one (vcpu_info_populate), then every selector bit
 * and the upcall flag are set so that no event is lost.
 */
export function registerVcpuInfo(
  trace: CheckSink,
  d: Domain,
  v: Vcpu,
  mfn: bigint,
  offset: number,
  minor: number,
): number {
  const size = layoutOf("vcpu_info_t", d.mode).size;
  const align = ulongAlign(d);
  if (minor >= 18) {
    // gaddr = gfn_to_gaddr(mfn) + offset, a 64-bit paddr_t: all ones, or wrapped out of the
    // frame's gfn, is -EINVAL.
    const gaddr = BigInt.asUintN(64, (mfn << 12n) + BigInt(offset));
    if (gaddr === 2n ** 64n - 1n || gaddr >> 12n !== mfn)
      return failCheck(trace, `${ID}.gaddr`, EINVAL);
    if (v.vcpuInfo !== null) return failCheck(trace, `${ID}.registered`, EBUSY);
    // map_guest_area
    const first = gaddr / BigInt(PAGE_SIZE);
    if (first !== (gaddr + BigInt(size - 1)) / BigInt(PAGE_SIZE))
      return failCheck(trace, `${ID}.crosses_page`, ENXIO, "offset", offset);
    if (gaddr % BigInt(align) !== 0n)
      return failCheck(trace, `${ID}.misaligned`, ENXIO, "offset", offset);
    // check_get_page_from_gfn: no RAM page there.
    if (!hasRam(d, mfn)) return failCheck(trace, `${ID}.not_ram`, EINVAL);
  } else {
    if (offset > PAGE_SIZE - size)
      return failCheck(trace, `${ID}.crosses_page`, ENXIO, "offset", offset);
    if (offset % align !== 0) return failCheck(trace, `${ID}.misaligned`, ENXIO, "offset", offset);
    if (v.vcpuInfo !== null) return failCheck(trace, `${ID}.registered_old`, EINVAL);
    // "Run this command on yourself or on other offline VCPUS": the caller is vCPU `v` or
    // v is down (the dispatcher runs calls on their own vCPU; see vcpu-op.ts).
    if (!hasRam(d, mfn)) return failCheck(trace, `${ID}.not_ram`, EINVAL);
  }
  const gfn = Number(mfn);
  const page = d.memory.frame(gfn);
  markAllPending(d, v, { page, offset, gfn }, size);
  return 0;
}
