/**
 * How Xen pre-validates guest handles for Argo (guest_handle_okay) and reads Argo structs
 * from a guest. Addresses are guest-physical here; a copy outside the guest is -EFAULT.
 */
import type { Domain } from "../machine/domain.js";
import { PAGE_SIZE, copyBytes, type GuestMemory } from "../machine/memory.js";

/**
 * guest_handle_okay for the calling domain. Arm defines it as (1); x86 HVM guests pass
 * (paging_mode_external); x86 PV guests need `__addr_ok`: below 2^47 or at/above
 * HYPERVISOR_VIRT_END (0xFFFF880000000000; x86_64/uaccess.h). Ranges are not checked further
 * there: a bad range faults in the later copy. Takes the address's high 32 bits.
 */
export function guestHandleOkay(d: Domain, addrHi: number): boolean {
  if (d.mode !== "pv64" && d.mode !== "pv32") return true;
  return addrHi < 0x8000 || addrHi >= 0xffff8800;
}

/** Scratch for struct reads: one operation at a time (the model is single-threaded). */
export const scratch = new Uint8Array(64);
export const scratchView = new DataView(scratch.buffer);

/** copy_from_guest of `len` (<= 64) bytes at `addr` into `scratch`. False: -EFAULT. */
export function readStruct(d: Domain, addr: number, len: number): boolean {
  return copyFromGuest(d.memory, addr, scratch, 0, len);
}

/**
 * copy_from_guest into a mapped page. Like Xen's raw copy, bytes before the first address
 * outside the guest are copied; then it reports the fault (false).
 */
export function copyFromGuest(
  mem: GuestMemory,
  addr: number,
  dst: Uint8Array,
  dOff: number,
  n: number,
): boolean {
  // A copy of nothing succeeds wherever it points (Xen's copy loops run zero times).
  if (n === 0) return true;
  let ok = true;
  if (!mem.contains(addr, n)) {
    n = addr >= 0 && addr < mem.size ? mem.size - addr : 0;
    ok = false;
  }
  while (n > 0) {
    const po = addr % PAGE_SIZE;
    const c = mem.contiguousFrom(addr, n);
    copyBytes(dst, dOff, mem.frame((addr - po) / PAGE_SIZE), po, c);
    addr += c;
    dOff += c;
    n -= c;
  }
  return ok;
}
