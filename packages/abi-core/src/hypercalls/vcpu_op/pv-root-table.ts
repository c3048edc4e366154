/**
 * Validating a PV vCPU's root page table as arch_set_info_guest types it
 * (xen/arch/x86/domain.c): a 64-bit guest's CR3 (and user CR3) frame as PGT_root_page_table, an
 * L4 (xen/arch/x86/mm.c: promote_l4_table, init_xen_l4_slots); a 32-bit guest's as
 * PGT_l3_page_table, its PAE L3 (promote_l3_table), which Xen hooks into an L4 of its own.
 *
 * What the machine runs: an L4 whose guest slots (0-255, 272-511: is_guest_l4_slot) hold no
 * present entry validates, and Xen then writes its own slots 256-271 into the frame. Slot 258 is
 * the linear map of the frame itself (l4e_from_mfn(frame, __PAGE_HYPERVISOR_RW), the frame
 * number being the machine frame in the identity view) and slot 259 is empty; slot 256 is empty
 * (VM_ASSIST m2p_strict is never set in the machine) until fill_ro_mpt copies the host's RO M2P
 * entry into a kernel table; slots 257 and 260-271 are copies of the host's own entries (MMCFG,
 * per-domain, text, M2P, vmap, frame table, direct map). The machine has no host page tables:
 * it writes 0 for every entry that is a host address (256 in a kernel table, 257, 260-271),
 * where real Xen writes its host's, which change with the host and boot.
 *
 * A not-present entry is accepted as on a host without L1TF (pv_l1tf_check_*: no shadow
 * switch). A present guest entry makes Xen type and validate the L3 it names and, through it,
 * L2s, L1s and the writable frames they map, with preemption points on the way: the machine
 * reports that `unmodelled`. A 32-bit guest's L3 must hold a present slot 3 (the L2 with Xen's
 * compat mappings, copied from the host): without one Xen refuses it, with one or any present
 * slot 0-2 the machine reports `unmodelled`.
 */
import type { Domain } from "../../machine/domain.js";
import { EINVAL, ERANGE } from "../../machine/errno.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import { failCheck, type TraceSink } from "../../machine/trace.js";
import type { TypeOutcome } from "./page-type.js";

const ID = "vcpu_op.initialise";
const PRESENT = 1n;
/** __PAGE_HYPERVISOR_RW: PRESENT | RW | ACCESSED | DIRTY, NX (the machine's CPU has NX). */
const PAGE_HYPERVISOR_RW = 0x63n | (1n << 63n);
/** ROOT_PAGETABLE_FIRST_XEN_SLOT .. ROOT_PAGETABLE_LAST_XEN_SLOT. */
const FIRST_XEN_SLOT = 256;
const LAST_XEN_SLOT = 271;
const LINEAR_PT_SLOT = 258;

function readEntries(d: Domain, frame: number): BigUint64Array {
  const bytes = d.memory.readBytes(frame * PAGE_SIZE, PAGE_SIZE)!;
  return new BigUint64Array(bytes.slice().buffer);
}

const UNMODELLED_L4 = {
  unmodelled:
    "vcpu_op/VCPUOP_initialise(PV root page table: a present L4 entry, whose L3, L2 and L1 tables Xen types and validates in turn)",
};

/** promote_l4_table on a 64-bit guest's frame, then init_xen_l4_slots and, for a kernel table, fill_ro_mpt. */
export function promoteL4(d: Domain, frame: number): TypeOutcome {
  const e = readEntries(d, frame);
  for (let i = 0; i < 512; i++) {
    if (i >= FIRST_XEN_SLOT && i <= LAST_XEN_SLOT) continue;
    if ((e[i]! & PRESENT) !== 0n) return UNMODELLED_L4;
  }
  const xen = new BigUint64Array(LAST_XEN_SLOT - FIRST_XEN_SLOT + 1); // host entries: 0
  xen[LINEAR_PT_SLOT - FIRST_XEN_SLOT] = (BigInt(frame) << 12n) | PAGE_HYPERVISOR_RW;
  d.memory.write(frame * PAGE_SIZE + FIRST_XEN_SLOT * 8, new Uint8Array(xen.buffer));
  return 0;
}

/**
 * promote_l3_table on a 32-bit guest's PAE L3: entries 4-511 cleared, then slots 0-3. Slot 3
 * not present fails (-EINVAL, `pv32_l3_slot3`) after slots 0-2 were accepted; Xen then keeps the
 * frame partly validated, held by the calling vCPU's old_guest_table (see archSetInfoPvGuest).
 */
export function promoteL3Compat(
  trace: TraceSink,
  d: Domain,
  frame: number,
  minor: number,
): TypeOutcome {
  // From 4.19, without VM_ASSIST pae_extended_cr3 (never set in the machine), vCPU 0 being
  // initialised: a PAE L3 at or above 4 GiB is refused.
  if (minor >= 19 && frame >= 0x10_0000)
    return failCheck(trace, `${ID}.pv32_l3_above_4g`, ERANGE, "ctrlreg[3]");
  const e = readEntries(d, frame);
  for (let i = 0; i < 4; i++)
    if ((e[i]! & PRESENT) !== 0n)
      return {
        unmodelled:
          "vcpu_op/VCPUOP_initialise(32-bit PV CR3: a present L3 entry, whose L2 (for slot 3 with Xen's compat mappings) Xen types and validates)",
      };
  d.memory.write(frame * PAGE_SIZE + 4 * 8, new Uint8Array(PAGE_SIZE - 4 * 8));
  return { partial: failCheck(trace, `${ID}.pv32_l3_slot3`, EINVAL, "ctrlreg[3]") };
}
