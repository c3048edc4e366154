/**
 * A PV L2 table's validation (xen/arch/x86/mm.c: promote_l2_table; alloc_l2_table in 4.12-4.13)
 * and a 64-bit guest's L3's (promote_l3_table), and both devalidations (demote_l2_table,
 * demote_l3_table). Each present entry in a guest slot, in order, through get_page_from_l2e /
 * get_page_from_l3e (pv-entry.ts); an accepted entry is adjusted (a 64-bit guest's get
 * _PAGE_USER; a 32-bit guest's L3 entries _PAGE_USER and _PAGE_RW) and written back. A failure at
 * slot 0 leaves the table to be untyped; past slot 0 Xen keeps it partly validated as the
 * calling vCPU's old_guest_table (keepPartial), an L3 taking its adjustments back first. A
 * 32-bit guest's L2 in its L3's slot 3 (PGT_pae_xen_l2) has guest slots 0-427 only; once it
 * validates, Xen writes its compat mappings into slots 428-511 (init_xen_pae_l2_slots), copies of
 * the host's own entries, which the machine, having no host page tables, writes as 0.
 *
 * Xen's preemption points (hypercall_preempt_check before each slot past the first it looks at)
 * ask ctx.preempt: preempted, the table keeps its place (nr_validated_ptes) and answers -ERESTART,
 * as does an L3 whose L2 was preempted (that entry's reference kept as partial).
 */
import type { PageTypeInfo } from "../../machine/page-type.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import { ERESTART, PtUnmodelled, type PtContext } from "./page-type.js";
import { demoteRange, getPageFromEntry, keepPartial, putPageFromEntry } from "./pv-entry.js";
import {
  adjustL2,
  adjustL3,
  entriesOf,
  L2_DISALLOW,
  l3Disallow,
  present,
  pteFrame,
  readEntries,
  unadjustL3,
  writeEntry,
} from "./pte.js";

/** COMPAT_L2_PAGETABLE_FIRST_XEN_SLOT for a domU (hv_compat_vstart 0xf5800000). */
export const COMPAT_L2_FIRST_XEN_SLOT = 428;

/**
 * A preemption point in a devalidation (demote_l2_table, demote_l3_table). Tables are only
 * devalidated as a call starts (put_old_guest_table), before any work is counted, so only a
 * budget of 0 preempts one: not modelled.
 */
export function demotePreemptionPoint(ctx: PtContext): void {
  if (ctx.preempt())
    throw new PtUnmodelled(
      "vcpu_op/VCPUOP_initialise(a page table's devalidation preempted: the machine's preemption budget is 0)",
    );
}

/**
 * The table stopped at slot `i` to go on later (preempted at it, or its entry's frame preempted
 * with the reference kept as partial, `entryPartial`): -ERESTART.
 */
export function restartAt(ctx: PtContext, frame: number, i: number, entryPartial: boolean): number {
  const info = ctx.d.pageTypes.of(frame);
  info.nrValidated = i;
  info.partialSet = entryPartial;
  return -ERESTART;
}

/** is_guest_l2_slot. */
const guestL2Slot = (pae: boolean, i: number): boolean => !pae || i < COMPAT_L2_FIRST_XEN_SLOT;

/** promote_l2_table(frame, type): 0 or -errno, from info.nrValidated. */
export function promoteL2(ctx: PtContext, frame: number, pae: boolean): number {
  const compat = ctx.d.mode === "pv32";
  const { nrValidated: start, partialSet } = ctx.d.pageTypes.of(frame);
  const e = readEntries(ctx.d, frame);
  for (let i = start; i < 512; i++) {
    if (i > start && ctx.preempt()) return restartAt(ctx, frame, i, false);
    if (!guestL2Slot(pae, i) || !present(e[i]!)) continue;
    const first = i === start && partialSet;
    const opts = { linear: true, partialSet: first };
    const rc = getPageFromEntry(ctx, "l2", e[i]!, frame, i, L2_DISALLOW, opts);
    if (rc !== 0) {
      if (i > 0) keepPartial(ctx, frame, i, null, first);
      return rc;
    }
    writeEntry(ctx, frame, i, e[i]!, adjustL2(e[i]!, compat));
  }
  if (pae) {
    ctx.touch(frame);
    const at = COMPAT_L2_FIRST_XEN_SLOT * 8;
    ctx.d.memory.write(frame * PAGE_SIZE + at, new Uint8Array(PAGE_SIZE - at));
  }
  return 0;
}

/**
 * The failure of an L3's validation at slot `i` (entry `e`): partial past slot 0, and the
 * entries before it given back their adjustments.
 */
export function failL3(
  ctx: PtContext,
  frame: number,
  i: number,
  e: bigint | null,
  entryPartial = false,
): void {
  if (i > 0) keepPartial(ctx, frame, i, e, entryPartial);
  const compat = ctx.d.mode === "pv32";
  const now = readEntries(ctx.d, frame);
  for (let j = Math.min(i, 512) - 1; j >= 0; j--)
    writeEntry(ctx, frame, j, now[j]!, unadjustL3(now[j]!, compat));
}

/** promote_l3_table(frame) for a 64-bit guest: 0 or -errno, from info.nrValidated. */
export function promoteL3(ctx: PtContext, frame: number): number {
  const { nrValidated: start, partialSet } = ctx.d.pageTypes.of(frame);
  const e = readEntries(ctx.d, frame);
  for (let i = start; i < 512; i++) {
    if (i > start && ctx.preempt()) return restartAt(ctx, frame, i, false);
    if (!present(e[i]!)) continue;
    const first = i === start && partialSet;
    const opts = { linear: true, partialSet: first };
    const rc = getPageFromEntry(ctx, "l3", e[i]!, frame, i, l3Disallow(false), opts);
    if (rc === -ERESTART) return restartAt(ctx, frame, i, true);
    if (rc !== 0) {
      failL3(ctx, frame, i, e[i]!, first);
      return rc;
    }
    writeEntry(ctx, frame, i, e[i]!, adjustL3(e[i]!, false));
  }
  return 0;
}

/** demote_l2_table: the validated entries, last first, give back their L1s. */
export function demoteL2(
  ctx: PtContext,
  frame: number,
  info: PageTypeInfo,
  partial: boolean,
): void {
  const e = entriesOf(info.contents!);
  let partialSet = partial && info.partialSet;
  for (let i = demoteRange(info, partial); i >= 0; i--) {
    if (guestL2Slot(info.paeXenL2, i)) putPageFromEntry(ctx, e[i]!, frame, partialSet);
    partialSet = false;
    if (i > 0) demotePreemptionPoint(ctx);
  }
  info.paeXenL2 = false;
}

/** demote_l3_table: the validated entries, last first, give back their L2s and adjustments. */
export function demoteL3(
  ctx: PtContext,
  frame: number,
  info: PageTypeInfo,
  partial: boolean,
): void {
  const compat = ctx.d.mode === "pv32";
  const e = entriesOf(info.contents!);
  const now = readEntries(ctx.d, frame);
  let partialSet = partial && info.partialSet;
  for (let i = demoteRange(info, partial); i >= 0; i--) {
    const ei = e[i]!;
    if (present(ei) && BigInt(frame) !== pteFrame(ei)) {
      putPageFromEntry(ctx, ei, frame, partialSet);
      writeEntry(ctx, frame, i, now[i]!, unadjustL3(now[i]!, compat));
    }
    partialSet = false;
    if (i > 0) demotePreemptionPoint(ctx);
  }
}
