/**
 * A PV descriptor page's validation: check_descriptor on each of its 512 descriptors, in order,
 * stopping at the first it refuses (validate_segdesc_page in xen/arch/x86/pv/descriptor-tables.c
 * from 4.15; check_descriptor in xen/arch/x86/x86_64/mm.c and alloc_segdesc_page in
 * xen/arch/x86/mm.c before). Every modelled release makes the same checks. A descriptor it
 * accepts is written back with its fix-ups (DPL raised to the guest kernel's RPL, a call gate's
 * DPL moved into its selector's RPL, a flat 32-bit segment stretched), so the descriptors before
 * a refused one keep theirs.
 */
import type { Domain } from "../../machine/domain.js";
import { EINVAL } from "../../machine/errno.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import { failCheck, type TraceSink } from "../../machine/trace.js";

/** xen/arch/x86/include/asm/desc.h: the high word's bits. */
const SEGMENT_TYPE = 0xf00;
const SEGMENT_S = 1 << 12;
const SEGMENT_DPL = 3 << 13;
const SEGMENT_P = 1 << 15;
const SEGMENT_L = 1 << 21;
const SEGMENT_G = 1 << 23;
/** FIRST_RESERVED_GDT_ENTRY: FIRST_RESERVED_GDT_PAGE (14) pages of 512 descriptors. */
export const FIRST_RESERVED_GDT_ENTRY = 14 * 512;
/** FLAT_KERNEL_CS (public/arch-x86/xen-x86_64.h FLAT_RING3_CS64) and FLAT_COMPAT_KERNEL_CS. */
const FLAT_KERNEL_CS = 0xe033;
const FLAT_COMPAT_KERNEL_CS = 0xe019;
/** __HYPERVISOR_COMPAT_VIRT_START: a domU's hv_compat_vstart (xen/arch/x86/pv/domain.c). */
const HYPERVISOR_COMPAT_VIRT_START = 0xf580_0000;

/** check_descriptor(dom, d): the fixed-up (a, b), or null for a descriptor Xen refuses. */
export function checkDescriptor(compat: boolean, a: number, b: number): [number, number] | null {
  const asWritten: [number, number] = [a, b];
  if ((b & SEGMENT_P) === 0) return asWritten;
  // __fixup_guest_selector on the DPL: GUEST_KERNEL_RPL is 1 for 32-bit PV, 3 for 64-bit.
  const rpl = compat ? 1 : 3;
  let dpl = (b >>> 13) & 3;
  if (dpl < rpl) dpl = rpl;
  b = ((b & ~SEGMENT_DPL) | (dpl << 13)) >>> 0;
  if ((b & SEGMENT_S) !== 0) {
    if (compat) {
      if ((b & SEGMENT_L) !== 0) return null;
      const base = ((b & 0xff00_0000) | ((b & 0xff) << 16) | (a >>> 16)) >>> 0;
      let limit = ((b & 0xf_0000) | (a & 0xffff)) + 1;
      if ((b & SEGMENT_G) !== 0) limit *= 4096; // unsigned long: no wrap
      if (base === 0 && limit > HYPERVISOR_COMPAT_VIRT_START) {
        a = (a | 0xffff) >>> 0;
        b = (b | 0xf_0000) >>> 0;
      }
    }
    return [a, b];
  }
  // System descriptors: type 0 (a call gate's second half) passes, left as written.
  if ((b & SEGMENT_TYPE) === 0) return asWritten;
  if ((b & SEGMENT_TYPE) !== 0xc00) return null; // only a call gate
  let cs = a >>> 16;
  // guest_gate_selector_okay: a guest GDT selector, Xen's flat kernel CS, or an LDT selector.
  const okay =
    cs >>> 3 < FIRST_RESERVED_GDT_ENTRY ||
    cs === (compat ? FLAT_COMPAT_KERNEL_CS : FLAT_KERNEL_CS) ||
    (cs & 4) !== 0;
  if (!okay) return null;
  b = (b & ~SEGMENT_DPL) >>> 0;
  cs = (cs & ~3) | dpl;
  a = ((a & 0xffff) | (cs << 16)) >>> 0;
  if ((b & (compat ? 0xe0 : 0xff)) !== 0) return null; // reserved bits
  return [a, b];
}

/**
 * validate_segdesc_page on frame `frame`: 0, or -EINVAL (check `id`, with the descriptor's
 * index) at the first descriptor check_descriptor refuses.
 */
export function validateSegdescPage(
  trace: TraceSink,
  d: Domain,
  frame: number,
  id: string,
): number {
  const compat = d.mode === "pv32";
  const base = frame * PAGE_SIZE;
  const page = d.memory.readBytes(base, PAGE_SIZE)!;
  const view = new DataView(page.buffer, page.byteOffset, PAGE_SIZE);
  const out = new Uint8Array(8);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 512; i++) {
    const a = view.getUint32(i * 8, true);
    const b = view.getUint32(i * 8 + 4, true);
    const fixed = checkDescriptor(compat, a, b);
    if (fixed === null) return failCheck(trace, id, EINVAL, "descriptor", i);
    if (fixed[0] !== a || fixed[1] !== b) {
      outView.setUint32(0, fixed[0], true);
      outView.setUint32(4, fixed[1], true);
      d.memory.write(base + i * 8, out);
    }
  }
  return 0;
}
