/**
 * x86's vcpu_op sub-ops for the areas Xen writes time and runstate into, and get_physid:
 * do_vcpu_op (xen/arch/x86/domain.c; arch_do_vcpu_op in 4.12) and, for 32-bit guests,
 * compat_vcpu_op (xen/arch/x86/x86_64/domain.c; arch_compat_vcpu_op before 4.13).
 * The phys areas (4.18+) go through map_guest_area (xen/common/domain.c).
 */
import { argAddr, unmodelled, type HypercallCall } from "../../machine/call.js";
import { type Domain, type Vcpu, sharedInfoMode } from "../../machine/domain.js";
import { EFAULT, EINVAL, ENOSYS, ENXIO } from "../../machine/errno.js";
import { getU32, PAGE_SIZE } from "../../machine/memory.js";
import { releaseCarries, type Release } from "../../machine/release.js";
import { guestHandleOkay, readGuestUint } from "../../machine/guest-access.js";
import { encodeStruct } from "../../machine/structio.js";
import { failCheck } from "../../machine/trace.js";
import { fieldOf } from "../../abi/layout.js";
import { layoutOf } from "../../table/structs.js";
import { X86_COMPAT_VIRT_START } from "../xen_version/features.js";
import { forceUpdateSecondarySystemTime, updateVcpuSystemTime, type MappedArea } from "./time.js";

/**
 * First tags of b726541d94 "x86: wire up VCPUOP_register_vcpu_time_memory_area for 32-bit
 * guests" and its backports (62e534d17c to 4.15, 3f4da85ca8 to 4.16): before them the compat
 * entry's default answers -ENOSYS.
 */
const COMPAT_TIME_AREA_TAGS: readonly Release[] = ["4.15.4", "4.16.3", "4.17.0"];

/**
 * compat_handle_okay for one record of `size` bytes: an HVM guest passes
 * (paging_mode_external); a 32-bit PV guest's must end below HYPERVISOR_COMPAT_VIRT_START.
 */
function compatHandleOkay(d: Domain, addr: number, size: number): boolean {
  return d.mode !== "pv32" || addr + size - 1 < X86_COMPAT_VIRT_START;
}

/**
 * copy_from_guest of an area's handle (8 bytes; a 32-bit guest's compat handle is 4), then
 * guest_handle_okay or compat_handle_okay for one `record` there: the address, or the
 * check that failed (both -EFAULT).
 */
function areaHandle(call: HypercallCall, id: string, compat: boolean, record: string): number {
  const d = call.domain;
  const trace = call.xen.trace;
  const b = d.memory.readBytes(argAddr(call, 2), compat ? 4 : 8);
  if (b === undefined) return failCheck(trace, `${id}.copy_in`, EFAULT);
  const lo = getU32(b, 0);
  const hi = compat ? 0 : getU32(b, 4);
  const size = layoutOf(record, d.mode).size;
  const ok = compat ? compatHandleOkay(d, lo, size) : guestHandleOkay(d, hi);
  if (!ok) return failCheck(trace, `${id}.handle`, EFAULT);
  return hi * 0x100000000 + lo;
}

/**
 * VCPUOP_register_vcpu_time_memory_area: the handle's checks, then keep it and force a time
 * update, which writes the record there.
 */
export function registerTimeMemoryArea(call: HypercallCall, v: Vcpu, compat: boolean): number {
  if (compat && !releaseCarries(call.xen.release, COMPAT_TIME_AREA_TAGS)) return -ENOSYS;
  const ID = "vcpu_op.register_vcpu_time_memory_area";
  const addr = areaHandle(call, ID, compat, "vcpu_time_info_t");
  if (addr < 0) return addr;
  v.timeInfoGuest = addr;
  updateVcpuSystemTime(call.xen, call.domain, v, true);
  return 0;
}

/**
 * VCPUOP_register_runstate_memory_area (common_vcpu_op; compat_vcpu_op, or
 * arch_compat_vcpu_op before 4.13, for 32-bit x86 guests): the handle's checks, then keep it
 * and write the runstate there (__copy_to_guest: a fault there is ignored). The machine's
 * vCPUs are running since time 0 when up, offline when down.
 */
export function registerRunstateMemoryArea(call: HypercallCall, v: Vcpu, compat: boolean): number {
  const d = call.domain;
  const ID = "vcpu_op.register_runstate_memory_area";
  const addr = areaHandle(call, ID, compat, "vcpu_runstate_info_t");
  if (addr < 0) return addr;
  v.runstateArea = addr;
  // The registering call's own layout (compat_vcpu_op's XLAT'd copy); update_runstate_area's
  // later writes, at context switches the machine does not run, follow has_32bit_shinfo.
  const layout = layoutOf("vcpu_runstate_info_t", d.mode);
  d.memory.write(addr, encodeStruct(layout, { state: v.online ? 0n : 3n }));
  return 0;
}

/**
 * VCPUOP_get_physid: is_hwdom_pinned_vcpu (4.13+) refuses every vCPU but the hardware
 * domain's with -EINVAL; whether one of those is pinned to a single physical CPU, and its
 * APIC and ACPI ids, are the host's. 4.12's is_pinned_vcpu also passes a domU's vCPU whose
 * hard affinity is one CPU: the machine cannot tell there.
 */
export function getPhysid(call: HypercallCall): number {
  if (call.xen.profile.minor >= 13 && call.domain.id !== 0)
    return failCheck(call.xen.trace, "vcpu_op.get_physid.not_hwdom_pinned", EINVAL);
  return unmodelled(call, "vcpu_op/VCPUOP_get_physid");
}

/**
 * map_guest_area(v, gaddr, size, area, populate) up to the mapping: gaddr ~0 unmaps (null);
 * a record that would leave its page or is not aligned for xen_ulong_t (compat_ulong_t with a
 * 32-bit shared_info) is -ENXIO; a gfn that is no RAM page is check_get_page_from_gfn's
 * -EINVAL. The machine types no page, so get_page_type(PGT_writable_page) always succeeds.
 */
function mapGuestArea(
  call: HypercallCall,
  id: string,
  gaddr: bigint,
  size: number,
): MappedArea | null | number {
  const d = call.domain;
  const trace = call.xen.trace;
  if (gaddr === 0xffff_ffff_ffff_ffffn) return null;
  const last = BigInt.asUintN(64, gaddr + BigInt(size - 1));
  if (gaddr >> 12n !== last >> 12n) return failCheck(trace, `${id}.crosses_page`, ENXIO);
  const align = fieldOf(layoutOf("vcpu_info_t", sharedInfoMode(d)), "evtchn_pending_sel")!.align;
  if (gaddr % BigInt(align) !== 0n) return failCheck(trace, `${id}.misaligned`, ENXIO);
  const gfn = gaddr >> 12n;
  if (gfn >= BigInt(d.memory.nrFrames) || !d.memory.hasFrame(Number(gfn)))
    return failCheck(trace, `${id}.not_ram`, EINVAL);
  const n = Number(gfn);
  return { page: d.memory.frame(n), offset: Number(gaddr % BigInt(PAGE_SIZE)), gfn: n };
}

/** copy_from_guest of the area's uint64_t guest physical address. */
function readGaddr(call: HypercallCall): bigint | undefined {
  return readGuestUint(call.domain.memory, argAddr(call, 2), 8);
}

/**
 * VCPUOP_register_runstate_phys_area (4.18+; common_vcpu_op, or compat_vcpu_op with the
 * compat record's size): map the area; runstate_area_populate writes the runstate there when
 * the caller registers its own vCPU (running since time 0, as the machine keeps it).
 */
export function registerRunstatePhysArea(call: HypercallCall, v: Vcpu): number {
  const d = call.domain;
  const ID = "vcpu_op.register_runstate_phys_area";
  const gaddr = readGaddr(call);
  if (gaddr === undefined) return failCheck(call.xen.trace, `${ID}.copy_in`, EFAULT);
  const layout = layoutOf("vcpu_runstate_info_t", d.mode);
  const area = mapGuestArea(call, ID, gaddr, layout.size);
  if (typeof area === "number") return area;
  if (area !== null && v === call.vcpu) {
    area.page.set(encodeStruct(layout, { state: 0n }), area.offset);
    d.memory.noteWrite(area.gfn);
  }
  v.runstateGuestArea = area;
  return 0;
}

/**
 * VCPUOP_register_vcpu_time_phys_area (4.18+, x86 do_vcpu_op for both ABIs): map the area;
 * time_area_populate writes a fresh record of version 0, and later updates write there too.
 */
export function registerTimePhysArea(call: HypercallCall, v: Vcpu): number {
  const d = call.domain;
  const ID = "vcpu_op.register_vcpu_time_phys_area";
  const gaddr = readGaddr(call);
  if (gaddr === undefined) return failCheck(call.xen.trace, `${ID}.copy_in`, EFAULT);
  const area = mapGuestArea(call, ID, gaddr, layoutOf("vcpu_time_info_t", d.mode).size);
  if (typeof area === "number") return area;
  if (area !== null) forceUpdateSecondarySystemTime(call.xen, d, area);
  v.timeGuestArea = area;
  return 0;
}
