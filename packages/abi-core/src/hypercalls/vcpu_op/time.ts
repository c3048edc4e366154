/**
 * The time records Xen keeps in pages a guest reads: each vCPU's vcpu_time_info (in its
 * vcpu_info, and in the secondary areas VCPUOP_register_vcpu_time_memory_area and
 * VCPUOP_register_vcpu_time_phys_area name) and shared_info's wall clock. Values come from
 * the machine's clock (XenState.clock), fields are placed by the layout engine for the
 * domain's mode, and versions follow Xen's odd-while-writing protocol, so the guest always
 * finds an even version once Xen is done.
 *
 * x86 writes vcpu_time_info (xen/arch/x86/time.c: __update_vcpu_system_time); Arm never does
 * (xen/arch/arm/time.c: update_vcpu_system_time is empty in 4.12-4.22), and both write the
 * wall clock (xen/common/time.c: update_domain_wallclock_time).
 */
import { type Domain, type Vcpu, isPvDomain, sharedInfoMode } from "../../machine/domain.js";
import type { XenState } from "../../machine/state.js";
import {
  setTimeScale,
  versionUpdateBegin,
  versionUpdateEnd,
  type ModelClock,
} from "../../machine/clock.js";
import { encodeStruct } from "../../machine/structio.js";
import { getU32 } from "../../machine/memory.js";
import { fieldOf } from "../../abi/layout.js";
import { layoutOf } from "../../table/structs.js";
import { vcpuInfoAt } from "../event_channel_op/two-level.js";

/** public/xen.h XEN_PVCLOCK_TSC_STABLE_BIT. */
export const XEN_PVCLOCK_TSC_STABLE_BIT = 1;

/** A page Xen holds mapped (a registered area) and where in it a record starts. */
export interface MappedArea {
  readonly page: Uint8Array;
  readonly offset: number;
  readonly gfn: number;
}

function timeLayout(d: Domain) {
  return layoutOf("vcpu_time_info_t", d.mode);
}

/**
 * collect_time_info(v, &u): the record for the clock's stamp, version 0. The machine runs
 * no guest TSC scaling or offset (d->arch.vtsc off, an HVM guest's TSC offset 0), so every
 * guest reads the host stamp with the host's scale.
 */
function collectTimeInfo(d: Domain, clock: ModelClock, version: number): Uint8Array {
  const scale = setTimeScale(clock.tscHz);
  return encodeStruct(timeLayout(d), {
    version: BigInt(version),
    tsc_timestamp: clock.tsc,
    system_time: clock.stime,
    tsc_to_system_mul: BigInt(scale.mulFrac),
    tsc_shift: BigInt(scale.shift),
    flags: BigInt(clock.tscStable ? XEN_PVCLOCK_TSC_STABLE_BIT : 0),
  });
}

/** The bytes of a record with its version: what the guest reads once Xen is done. */
function setVersion(rec: Uint8Array, version: number): void {
  new DataView(rec.buffer, rec.byteOffset).setUint32(0, version >>> 0, true);
}

/**
 * write_time_guest_area (the phys area, 4.18+) or the handle's copies: the record, then the
 * version made even. A handle that cannot be written leaves the guest's memory as it was.
 */
function updateSecondarySystemTime(d: Domain, v: Vcpu, rec: Uint8Array): void {
  const odd = getU32(rec, 0);
  const done = rec.slice();
  setVersion(done, versionUpdateEnd(odd));
  const map = v.timeGuestArea;
  if (map !== null) {
    map.page.set(done, map.offset);
    d.memory.noteWrite(map.gfn);
    return;
  }
  if (v.timeInfoGuest === null) return;
  // __copy_field_to_guest of version, then of the whole record, then of version again:
  // nothing lands when the first copy fails (the guest's pending_system_time is Xen's own).
  if (d.memory.readBytes(v.timeInfoGuest, 4) === undefined) return;
  d.memory.write(v.timeInfoGuest, done);
}

/**
 * __update_vcpu_system_time(v, force) on x86: rewrite v's vcpu_info.time unless the record
 * would not change and `force` is off, then the secondary area. A no-op on Arm.
 */
export function updateVcpuSystemTime(xen: XenState, d: Domain, v: Vcpu, force: boolean): void {
  if (xen.arch !== "x86_64" || d.evtchn === null) return;
  const vi = vcpuInfoAt(d, d.evtchn, v);
  const at = vi.off + fieldOf(layoutOf("vcpu_info_t", sharedInfoMode(d)), "time")!.offset;
  const old = getU32(vi.bytes, at);
  const rec = collectTimeInfo(d, xen.clock, old);
  const size = rec.length;
  if (!force && vi.bytes.subarray(at, at + size).every((b, i) => b === rec[i])) return;
  const odd = versionUpdateBegin(old);
  setVersion(rec, odd);
  vi.bytes.set(rec, at);
  setVersion(rec, versionUpdateEnd(odd));
  vi.bytes.set(rec.subarray(0, 4), at);
  if (v.vcpuInfo !== null) d.memory.noteWrite(v.vcpuInfo.gfn);
  setVersion(rec, odd);
  updateSecondarySystemTime(d, v, rec);
}

/**
 * force_update_secondary_system_time(v, map) (x86 time_area_populate): a fresh record whose
 * version -1 the closing increment wraps to 0.
 */
export function forceUpdateSecondarySystemTime(xen: XenState, d: Domain, area: MappedArea): void {
  const rec = collectTimeInfo(d, xen.clock, 0xffffffff);
  setVersion(rec, versionUpdateEnd(0xffffffff));
  area.page.set(rec, area.offset);
  d.memory.noteWrite(area.gfn);
}

/**
 * update_domain_wallclock_time(d) (xen/common/time.c): wc_sec (plus the domain's time offset,
 * 0 in the machine), wc_nsec and wc_sec_hi (arch.wc_sec_hi in the 32-bit x86 layout) under
 * a version made odd, then even.
 */
export function updateDomainWallclockTime(xen: XenState, d: Domain): void {
  const si = layoutOf("shared_info_t", sharedInfoMode(d));
  const off = (name: string) => fieldOf(si, name)!.offset;
  const view = new DataView(d.sharedInfo.buffer, d.sharedInfo.byteOffset);
  const ver = off("wc_version");
  const hi =
    fieldOf(si, "wc_sec_hi")?.offset ??
    off("arch") + fieldOf(fieldOf(si, "arch")!.struct!, "wc_sec_hi")!.offset;
  const odd = versionUpdateBegin(view.getUint32(ver, true));
  view.setUint32(ver, odd, true);
  const sec = BigInt.asUintN(64, xen.clock.wcSec);
  view.setUint32(off("wc_sec"), Number(sec & 0xffffffffn), true);
  view.setUint32(off("wc_nsec"), xen.clock.wcNsec >>> 0, true);
  view.setUint32(hi, Number(sec >> 32n), true);
  view.setUint32(ver, versionUpdateEnd(odd), true);
}

/**
 * The time records of a domain the machine hands over built and running: Arm's
 * arch_domain_create writes the wall clock; on x86 the domain builder's context for vCPU 0
 * (arch_set_info_guest, PV only: an HVM vCPU takes hvm_set_info_guest and leaves before the
 * write in every release 4.12-4.22) writes it, and vCPU 0's first context switch
 * (context_switch: update_vcpu_system_time) its vcpu_time_info. An HVM domU's wall clock
 * stays zero until the guest writes it through hvm_latch_shinfo_size: HVM_PARAM_CALLBACK_IRQ
 * set on itself (hvm_op/callback-irq.ts) or the hypercall page, which the machine has no MSR
 * to ask for. Its other writers are not modelled: the emulated RTC (xen/arch/x86/hvm/rtc.c:
 * rtc_set_time on a CMOS write, rtc_load on restore), the toolstack's domain_set_time_offset
 * and dom0's XENPF_settime (do_settime), and a PVH dom0's builder (hvm/dom0_build.c).
 */
export function domainTimeAtStart(xen: XenState, d: Domain): void {
  if (xen.arch !== "x86_64") return updateDomainWallclockTime(xen, d);
  if (isPvDomain(d)) updateDomainWallclockTime(xen, d);
  const v0 = d.vcpus[0];
  if (v0 !== undefined) updateVcpuSystemTime(xen, d, v0, false);
}

/**
 * A vCPU given a context by the toolstack: on x86 a PV vCPU 0's arch_set_info_guest writes
 * the wall clock (an HVM vCPU leaves it early, as VCPUOP_initialise's arch_set_info_hvm_guest
 * never reaches it), and the vCPU, now runnable, gets its time base when next scheduled.
 */
export function vcpuContextTime(xen: XenState, d: Domain, v: Vcpu): void {
  if (xen.arch !== "x86_64") return;
  if (v.id === 0 && isPvDomain(d)) updateDomainWallclockTime(xen, d);
  updateVcpuSystemTime(xen, d, v, false);
}
