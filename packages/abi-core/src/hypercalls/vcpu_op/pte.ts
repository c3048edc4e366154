/**
 * A PV guest's page-table entries as Xen reads and adjusts them: the 24-bit flags
 * (xen/arch/x86/include/asm/x86_64/page.h: get_pte_flags, pte bits 0-11 and 52-63), the frame
 * (bits 12-51), the flags each level refuses (xen/arch/x86/mm.c: arch_init_memory's
 * base_disallow_mask, L1_DISALLOW_MASK, l3_disallow_mask, L4_DISALLOW_MASK, the same in 4.12-4.22)
 * and the flags Xen adds to a validated entry (xen/arch/x86/pv/mm.h: adjust_guest_l1e ..
 * adjust_guest_l4e, unadjust_guest_l3e, the same in 4.12-4.22). The machine's CPU has NX, so
 * _PAGE_NX is bit 23; a domU has no I/O memory or port access (cache_flush_permitted is false), so
 * an L1 entry's cache attributes are refused.
 */
import type { Domain } from "../../machine/domain.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import type { PtContext } from "./page-type.js";

export const _PAGE_PRESENT = 0x001;
export const _PAGE_RW = 0x002;
export const _PAGE_USER = 0x004;
const _PAGE_ACCESSED = 0x020;
const _PAGE_DIRTY = 0x040;
const _PAGE_GLOBAL = 0x100;
const _PAGE_AVAIL = 0xe00;
/** Bit 52 of a pte: a 64-bit guest's kernel mapping, which adjust_guest_l1e marks. */
const _PAGE_GUEST_KERNEL = 1 << 12;
const _PAGE_AVAIL_HIGH = 0x7ff << 12;
/** Bit 62 of a pte: refused in an L1 (kept for grant mappings). */
const _PAGE_GNTTAB = 1 << 22;
const _PAGE_NX = 1 << 23;

const BASE_DISALLOW =
  ~(
    _PAGE_PRESENT |
    _PAGE_RW |
    _PAGE_USER |
    _PAGE_ACCESSED |
    _PAGE_DIRTY |
    _PAGE_AVAIL |
    _PAGE_AVAIL_HIGH |
    _PAGE_NX
  ) >>> 0;
export const L1_DISALLOW = ((BASE_DISALLOW | _PAGE_GNTTAB) & ~_PAGE_GLOBAL) >>> 0;
export const L2_DISALLOW = BASE_DISALLOW;
export const L4_DISALLOW = BASE_DISALLOW;
/** l3_disallow_mask(d): a 32-bit guest's PAE L3 allows less. */
export const l3Disallow = (compat: boolean): number => (compat ? 0xffff_f198 : BASE_DISALLOW);

/** get_pte_flags. */
export function pteFlags(e: bigint): number {
  return Number(((e >> 40n) & ~0xfffn & 0xff_ffffn) | (e & 0xfffn));
}
/** put_pte_flags. */
function putFlags(f: number): bigint {
  return ((BigInt(f) & ~0xfffn) << 40n) | (BigInt(f) & 0xfffn);
}
export const present = (e: bigint): boolean => (e & 1n) !== 0n;
/** l1e_get_pfn and its kin: bits 12-51. */
export const pteFrame = (e: bigint): bigint => (e >> 12n) & ((1n << 40n) - 1n);

export function adjustL1(e: bigint, compat: boolean): bigint {
  if (!present(e) || compat) return e;
  let f = pteFlags(e);
  if ((f & _PAGE_USER) === 0) f |= _PAGE_GUEST_KERNEL | _PAGE_USER;
  if ((f & _PAGE_GUEST_KERNEL) === 0) f |= _PAGE_GLOBAL | _PAGE_USER;
  return e | putFlags(f);
}
export const adjustL2 = (e: bigint, compat: boolean): bigint =>
  present(e) && !compat ? e | BigInt(_PAGE_USER) : e;
export const adjustL3 = (e: bigint, compat: boolean): bigint =>
  present(e) ? e | BigInt(compat ? _PAGE_USER | _PAGE_RW : _PAGE_USER) : e;
export const unadjustL3 = (e: bigint, compat: boolean): bigint =>
  compat && present(e) ? e & ~BigInt(_PAGE_USER | _PAGE_RW | _PAGE_ACCESSED) : e;
export const adjustL4 = (e: bigint): bigint =>
  present(e) ? e | BigInt(_PAGE_ACCESSED | _PAGE_USER) : e;

/** A table frame's 512 entries (a copy). */
export function entriesOf(bytes: Uint8Array): BigUint64Array {
  return new BigUint64Array(bytes.slice().buffer);
}
export function readEntries(d: Domain, frame: number): BigUint64Array {
  return entriesOf(d.memory.readBytes(frame * PAGE_SIZE, PAGE_SIZE)!);
}

/** Entry `i` of table `frame` set to `e` (kept for the undo first), if it changes. */
export function writeEntry(ctx: PtContext, frame: number, i: number, old: bigint, e: bigint): void {
  if (old === e) return;
  ctx.touch(frame);
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, e, true);
  ctx.d.memory.write(frame * PAGE_SIZE + i * 8, b);
}
