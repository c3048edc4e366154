/**
 * General guest access, for every hypercall: how Xen pre-validates a guest handle
 * (guest_handle_okay) and copies structs and bytes from a guest (copy_from_guest). Addresses
 * are guest-physical here; a copy outside the guest is -EFAULT.
 */
import { type Domain, pagingModeTranslate } from "./domain.js";
import { PAGE_SIZE, getU32, type GuestMemory } from "./memory.js";

/**
 * guest_handle_okay for the calling domain. Arm defines it as (1); x86 HVM guests pass
 * (paging_mode_external); x86 PV guests need `__addr_ok`: below 2^47 or at/above
 * HYPERVISOR_VIRT_END (0xFFFF880000000000; x86_64/uaccess.h). Ranges are not checked further
 * there: a bad range faults in the later copy. Takes the address's high 32 bits.
 */
export function guestHandleOkay(d: Domain, addrHi: number): boolean {
  if (pagingModeTranslate(d)) return true;
  return addrHi < 0x8000 || addrHi >= 0xffff8800;
}

/**
 * copy_from_guest of a struct, then reads of its fields, without allocating. One per machine
 * (XenState.scratch.struct): a policy hook may run another machine mid-call, so machines must
 * not share where the last struct lies.
 */
export class StructReader {
  /** Scratch for a struct that crosses a page (at most 64 bytes). */
  private readonly scratch = new Uint8Array(64);
  /**
   * Where the struct read last lies: in the guest's own frame when it fits in one page
   * (nothing can change it before the handler has read it, which is all Xen's copy onto its
   * stack guarantees), else in `scratch`.
   */
  private bytes: Uint8Array = this.scratch;
  private off = 0;

  /** copy_from_guest of `len` (<= 64) bytes at `addr`, for u32/u16. False: -EFAULT. */
  read(d: Domain, addr: number, len: number): boolean {
    const mem = d.memory;
    const po = addr & (PAGE_SIZE - 1); // ToInt32 keeps the low bits exactly; `%` on a double is a slow fmod
    if (po + len <= PAGE_SIZE && mem.contains(addr, len)) {
      this.bytes = mem.frame((addr - po) / PAGE_SIZE);
      this.off = po;
      return true;
    }
    this.bytes = this.scratch;
    this.off = 0;
    return copyFromGuest(mem, addr, this.scratch, 0, len);
  }

  /** The little-endian u32 at byte `o` of the struct last read. */
  u32(o: number): number {
    return getU32(this.bytes, this.off + o);
  }

  /** The little-endian u16 at byte `o` of the struct last read. */
  u16(o: number): number {
    const b = this.bytes;
    const i = this.off + o;
    return b[i]! | (b[i + 1]! << 8);
  }
}

/**
 * copy_from_guest into a mapped page. Like Xen's raw copy, bytes before the first address
 * outside the guest (or on an unmapped frame) are copied; then it reports the fault (false).
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
    n = mem.reachable(addr, n);
    ok = false;
  }
  while (n > 0) {
    const c = mem.contiguousFrom(addr, n);
    mem.copyTo(dst, dOff, addr, c);
    addr += c;
    dOff += c;
    n -= c;
  }
  return ok;
}

/**
 * copy_from_guest of one little-endian unsigned integer of `size` bytes (an array element, a
 * uint64_t address), or undefined when the copy faults.
 */
export function readGuestUint(mem: GuestMemory, addr: number, size: 4 | 8): bigint | undefined {
  const b = mem.readBytes(addr, size);
  if (b === undefined) return undefined;
  const lo = BigInt(getU32(b, 0));
  return size === 4 ? lo : lo + (BigInt(getU32(b, 4)) << 32n);
}
