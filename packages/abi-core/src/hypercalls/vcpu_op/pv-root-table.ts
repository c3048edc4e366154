/**
 * Validating a PV vCPU's root page table as arch_set_info_guest types it
 * (xen/arch/x86/domain.c): a 64-bit guest's CR3 (and user CR3) frame as PGT_root_page_table, an
 * L4 (xen/arch/x86/mm.c: promote_l4_table, init_xen_l4_slots; alloc_l4_table in 4.12-4.13); a
 * 32-bit guest's as PGT_l3_page_table, its PAE L3 (promote_l3_table), which Xen hooks into an L4
 * of its own.
 *
 * An L4's guest slots (0-255, 272-511: is_guest_l4_slot) are validated in order through
 * get_page_from_l4e (pv-entry.ts), each accepted entry getting _PAGE_ACCESSED and _PAGE_USER
 * written back; a failure past slot 0 leaves the L4 partly validated as the calling vCPU's
 * old_guest_table, its adjustments kept. Once it validates, Xen writes its own slots 256-271.
 * Slot 258 is the linear map of the frame itself (l4e_from_mfn(frame, __PAGE_HYPERVISOR_RW), the
 * frame number being the machine frame in the identity view) and slot 259 is empty; slot 256 is
 * empty (VM_ASSIST m2p_strict is never set in the machine) until fill_ro_mpt copies the host's RO
 * M2P entry into a kernel table; slots 257 and 260-271 are copies of the host's own entries
 * (MMCFG, per-domain, text, M2P, vmap, frame table, direct map). The machine has no host page
 * tables: it writes 0 for every entry that is a host address (256 in a kernel table, 257,
 * 260-271), where real Xen writes its host's, which change with the host and boot.
 *
 * A 32-bit guest's L3: entries 4-511 cleared, slots 0-2 validated as a 64-bit L3's are (with the
 * PAE L3's own flag mask, no linear page tables), and slot 3 must be present with allowed flags
 * and name an L2 taken as PGT_pae_xen_l2 that no other L3 holds. A not-present entry is accepted
 * as on a host without L1TF (pv_l1tf_check_*: no shadow switch).
 */
import { EINVAL, ERANGE } from "../../machine/errno.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import type { PageTypeInfo } from "../../machine/page-type.js";
import { failCheck } from "../../machine/trace.js";
import { ERESTART, type PtContext } from "./page-type.js";
import { demoteRange, getPageFromEntry, keepPartial, putPageFromEntry } from "./pv-entry.js";
import { failL3, restartAt } from "./pv-l2-l3.js";
import {
  adjustL3,
  adjustL4,
  entriesOf,
  L4_DISALLOW,
  l3Disallow,
  present,
  pteFlags,
  pteFrame,
  readEntries,
  writeEntry,
} from "./pte.js";

const ID = "vcpu_op.initialise";
/** __PAGE_HYPERVISOR_RW: PRESENT | RW | ACCESSED | DIRTY, NX (the machine's CPU has NX). */
const PAGE_HYPERVISOR_RW = 0x63n | (1n << 63n);
/** ROOT_PAGETABLE_FIRST_XEN_SLOT .. ROOT_PAGETABLE_LAST_XEN_SLOT. */
const FIRST_XEN_SLOT = 256;
const LAST_XEN_SLOT = 271;
const LINEAR_PT_SLOT = 258;
const guestL4Slot = (i: number): boolean => i < FIRST_XEN_SLOT || i > LAST_XEN_SLOT;

/** promote_l4_table on a 64-bit guest's frame (from info.nrValidated), then init_xen_l4_slots. */
export function promoteL4(ctx: PtContext, frame: number): number {
  const { nrValidated: start, partialSet } = ctx.d.pageTypes.of(frame);
  const e = readEntries(ctx.d, frame);
  for (let i = start; i < 512; i++) {
    if (!guestL4Slot(i) || !present(e[i]!)) continue;
    const first = i === start && partialSet;
    const opts = { linear: true, partialSet: first };
    const rc = getPageFromEntry(ctx, "l4", e[i]!, frame, i, L4_DISALLOW, opts);
    if (rc === -ERESTART) return restartAt(ctx, frame, i, true);
    if (rc !== 0) {
      if (i > 0) keepPartial(ctx, frame, i, e[i]!, first);
      return rc;
    }
    writeEntry(ctx, frame, i, e[i]!, adjustL4(e[i]!));
  }
  const xen = new BigUint64Array(LAST_XEN_SLOT - FIRST_XEN_SLOT + 1); // host entries: 0
  xen[LINEAR_PT_SLOT - FIRST_XEN_SLOT] = (BigInt(frame) << 12n) | PAGE_HYPERVISOR_RW;
  ctx.touch(frame);
  ctx.d.memory.write(frame * PAGE_SIZE + FIRST_XEN_SLOT * 8, new Uint8Array(xen.buffer));
  return 0;
}

/** demote_l4_table: the validated guest slots, last first, give back their L3s. */
export function demoteL4(
  ctx: PtContext,
  frame: number,
  info: PageTypeInfo,
  partial: boolean,
): void {
  const e = entriesOf(info.contents!);
  let partialSet = partial && info.partialSet;
  for (let i = demoteRange(info, partial); i >= 0; i--) {
    if (guestL4Slot(i)) putPageFromEntry(ctx, e[i]!, frame, partialSet);
    partialSet = false;
  }
}

/**
 * promote_l3_table on a 32-bit guest's PAE L3: 0 or -errno. From 4.19, without VM_ASSIST
 * pae_extended_cr3 (never set in the machine) and vCPU 0 initialised, an L3 at or above 4 GiB is
 * refused first. Before 4.14 (alloc_l3_table, create_pae_xen_mappings) the slot-3 L2's sharing
 * is checked after the loop, so a shared one leaves every slot validated; from 4.14
 * (pae_xen_mappings_check) right after slot 3, leaving slots 0-2, the L2's reference kept.
 */
export function promoteL3Compat(ctx: PtContext, frame: number): number {
  if (ctx.minor >= 19 && frame >= 0x10_0000)
    return failCheck(ctx.trace, `${ID}.pv32_l3_above_4g`, ERANGE, "ctrlreg[3]");
  ctx.touch(frame);
  ctx.d.memory.write(frame * PAGE_SIZE + 4 * 8, new Uint8Array(PAGE_SIZE - 4 * 8));
  const { nrValidated: start, partialSet } = ctx.d.pageTypes.of(frame);
  const e = readEntries(ctx.d, frame);
  const mask = l3Disallow(true);
  for (let i = start; i < 4; i++) {
    if (i > start && ctx.preempt()) return restartAt(ctx, frame, i, false);
    const first = i === start && partialSet;
    let rc = 0;
    if (i === 3) {
      if (!present(e[3]!) || (pteFlags(e[3]!) & mask) !== 0)
        rc = failCheck(ctx.trace, `${ID}.pv32_l3_slot3`, EINVAL, "ctrlreg[3]");
      else {
        const opts = { linear: false, paeXenL2: true, partialSet: first };
        rc = getPageFromEntry(ctx, "l3", e[3]!, frame, 3, mask, opts);
        if (rc === -ERESTART) return restartAt(ctx, frame, 3, true);
      }
      if (rc === 0 && ctx.d.pageTypes.of(Number(pteFrame(e[3]!))).count !== 1) {
        rc = failCheck(ctx.trace, `${ID}.pv32_l3_slot3_shared`, EINVAL, "ctrlreg[3]");
        if (ctx.minor < 14) {
          writeEntry(ctx, frame, 3, e[3]!, adjustL3(e[3]!, true));
          failL3(ctx, frame, 512, null);
          return rc;
        }
      }
      if (rc === 0) {
        writeEntry(ctx, frame, 3, e[3]!, adjustL3(e[3]!, true));
        return 0;
      }
    } else if (!present(e[i]!)) continue;
    else {
      const opts = { linear: false, partialSet: first };
      rc = getPageFromEntry(ctx, "l3", e[i]!, frame, i, mask, opts);
      if (rc === -ERESTART) return restartAt(ctx, frame, i, true);
      if (rc === 0) {
        writeEntry(ctx, frame, i, e[i]!, adjustL3(e[i]!, true));
        continue;
      }
    }
    failL3(ctx, frame, i, e[i]!, first);
    return rc;
  }
  return 0; // not reached: slot 3 always ends the loop
}
