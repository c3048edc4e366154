/**
 * VCPUOP_register_vcpu_info: common_vcpu_op's case and map_guest_area (xen/common/domain.c,
 * 4.18+), or map_vcpu_info before (4.12-4.17). The guest's page is mapped for good: Xen keeps
 * a reference, so later event state lands there even if the guest unmaps the gfn.
 *
 * map_vcpu_info's checks, in its order: the record must fit in the page (-EINVAL until 4.15,
 * -ENXIO from 4.16, 7ee7a3749b "common: map_vcpu_info() cosmetics"); the offset must be aligned
 * (XSA-327: from 4.12.4, 4.13.2 and 4.14.0, release difference vcpuInfoAlignCheck; -EINVAL,
 * -ENXIO from 4.16); no area may be registered yet; the target must be the caller or down;
 * then the page (get_page_from_gfn, -EINVAL).
 */
import type { HypercallCall } from "../../machine/call.js";
import { type Domain, type Vcpu, sharedInfoMode } from "../../machine/domain.js";
import { EBUSY, EINVAL, ENXIO } from "../../machine/errno.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import { releaseDecides } from "../../machine/release-decided.js";
import { layoutOf } from "../../table/structs.js";
import { fieldOf } from "../../abi/layout.js";
import { markAllPending } from "../event_channel_op/two-level.js";
import { failCheck } from "../../machine/trace.js";

/** alignof(xen_ulong_t), or of compat_ulong_t for a 32-bit-shinfo domain. */
function ulongAlign(d: Domain): number {
  return fieldOf(layoutOf("vcpu_info_t", sharedInfoMode(d)), "evtchn_pending_sel")!.align;
}

const ID = "vcpu_op.register_vcpu_info";
/** ~0 as a paddr_t: map_guest_area's "unmap" address, which this sub-op refuses. */
const ALL_ONES = (1n << 64n) - 1n;

/**
 * Place v's vcpu_info at (mfn, offset), the struct's uint64_t mfn and uint32_t offset; 0 or
 * -errno in Xen's order for the release. The new area starts as a copy of the old one
 * (vcpu_info_populate), then every selector bit and the upcall flag are set so that no event
 * is lost.
 */
export function registerVcpuInfo(
  call: HypercallCall,
  v: Vcpu,
  mfn: bigint,
  offset: number,
): number {
  const d = call.domain;
  const trace = call.xen.trace;
  const minor = call.xen.profile.minor;
  const size = layoutOf("vcpu_info_t", sharedInfoMode(d)).size;
  const align = ulongAlign(d);
  // Xen's unsigned long: a gfn of an arm32 Xen keeps mfn's low 32 bits (_gfn(info.mfn) from
  // 4.18, map_vcpu_info's `unsigned long gfn` before).
  const longBits = call.xen.arch === "arm32" ? 32 : 64;
  const gfn = BigInt.asUintN(longBits, mfn);
  if (minor >= 18) {
    // gaddr = gfn_to_gaddr(gfn) + offset, a 64-bit paddr_t, must still name frame mfn.
    const gaddr = BigInt.asUintN(64, (gfn << 12n) + BigInt(offset));
    if (gaddr === ALL_ONES || BigInt.asUintN(longBits, gaddr >> 12n) !== mfn)
      return failCheck(trace, `${ID}.gaddr`, EINVAL);
    if (v.vcpuInfo !== null) return failCheck(trace, `${ID}.registered`, EBUSY);
    // map_guest_area
    if (offset + size > PAGE_SIZE) return failCheck(trace, `${ID}.crosses_page`, ENXIO);
    if (offset % align !== 0) return failCheck(trace, `${ID}.misaligned`, ENXIO);
  } else {
    const enxio = minor >= 16;
    if (offset > PAGE_SIZE - size)
      return enxio
        ? failCheck(trace, `${ID}.crosses_page`, ENXIO)
        : failCheck(trace, `${ID}.crosses_page_einval`, EINVAL);
    if (offset % align !== 0 && releaseDecides(call.xen, "vcpuInfoAlignCheck"))
      return enxio
        ? failCheck(trace, `${ID}.misaligned`, ENXIO)
        : failCheck(trace, `${ID}.misaligned_einval`, EINVAL);
    if (v.vcpuInfo !== null) return failCheck(trace, `${ID}.registered_old`, EINVAL);
    // "Run this command on yourself or on other offline VCPUS".
    if (v !== call.vcpu && v.online) return failCheck(trace, `${ID}.other_online`, EINVAL);
  }
  // check_get_page_from_gfn (get_page_from_gfn before 4.18): no RAM page there.
  if (gfn >= BigInt(d.memory.nrFrames) || !d.memory.hasFrame(Number(gfn)))
    return failCheck(trace, `${ID}.not_ram`, EINVAL);
  const n = Number(gfn);
  markAllPending(d, v, { page: d.memory.frame(n), offset, gfn: n }, size);
  return 0;
}
