/**
 * One present L2, L3 or L4 entry of a PV page table being validated (xen/arch/x86/mm.c:
 * get_page_from_l2e, get_page_from_l3e, get_page_from_l4e, get_page_and_type_from_mfn) and given
 * back (put_page_from_l2e .. put_page_from_l4e, put_pt_page). In order: flags the level refuses
 * (-EINVAL: among them _PAGE_PSE, so a PV guest has no 2M or 1G superpages, and the PWT/PCD cache
 * bits), then the frame must be the domain's (-EINVAL) and take the next level's type, validated
 * in turn. A frame held as another type is a conflict (-EINVAL), unless the entry makes a linear
 * page table (get_l2_linear_pagetable and its kin, not for a 32-bit guest's L3): read-only, and
 * either the table itself (no count taken) or an already validated table of the same level, neither
 * table being on the other side of a linear reference already (linear_pt_count). The machine
 * models the default build and command line: CONFIG_PV_LINEAR_PT=y and pv-linear-pt on.
 */
import { EINVAL } from "../../machine/errno.js";
import type { PageType } from "../../machine/page-type.js";
import { failCheck } from "../../machine/trace.js";
import { CONFLICT, owned, PtUnmodelled, putType, takeType, type PtContext } from "./page-type.js";
import { _PAGE_RW, present, pteFlags, pteFrame } from "./pte.js";

const ID = "vcpu_op.initialise";
const NEXT = { l2: "l1", l3: "l2", l4: "l3" } as const;
export type Level = keyof typeof NEXT;

/** get_lN_linear_pagetable(e, table, d): whether the entry is an accepted linear reference. */
function getLinearPagetable(ctx: PtContext, level: PageType, e: bigint, table: number): boolean {
  if ((pteFlags(e) & _PAGE_RW) !== 0) return false;
  const frame = pteFrame(e);
  if (frame === BigInt(table)) return true;
  if (!owned(ctx.d, frame)) return false;
  const pt = ctx.d.pageTypes.of(table);
  const pg = ctx.d.pageTypes.of(Number(frame));
  // inc_linear_entries(ptpg), inc_linear_uses(page), then a validated table of this level.
  if (pt.linear < 0 || pg.linear > 0) return false;
  if (pg.type !== level || !pg.validated || pg.count === 0) return false;
  pt.linear++;
  pg.linear--;
  pg.count++;
  return true;
}

/**
 * get_page_from_lNe(e, table, d) for a present entry at `slot` of level-`level` table `table`:
 * 0 or -errno (traced). `disallow`: the level's flag mask; `linear`: whether the level may make
 * a linear page table; `paeXenL2`: the type taken is a 32-bit guest's slot-3 L2; `partialSet`:
 * the entry a resumed validation starts at, which holds a partial reference to its frame.
 */
export function getPageFromEntry(
  ctx: PtContext,
  level: Level,
  e: bigint,
  table: number,
  slot: number,
  disallow: number,
  opts: { linear: boolean; paeXenL2?: boolean; partialSet?: boolean } = { linear: true },
): number {
  const where = [`${level} slot`, slot] as const;
  if ((pteFlags(e) & disallow) !== 0)
    return failCheck(ctx.trace, `${ID}.pv_pte_flags`, EINVAL, ...where);
  const frame = pteFrame(e);
  let untraced: "frame" | "type" | null = null;
  let rc = 0;
  // PTF_partial_set: the entry holds a partial reference already (no get_page).
  if (opts.partialSet !== true && !owned(ctx.d, frame)) untraced = "frame";
  else {
    const got = takeType(ctx, Number(frame), NEXT[level], opts.paeXenL2 ?? false);
    if (got === CONFLICT) untraced = "type";
    else rc = got;
  }
  // A deeper failure (traced) leaves the frame not validated: no linear reference can follow.
  if (untraced === null) return rc;
  if (opts.linear && getLinearPagetable(ctx, level, e, table)) return 0;
  return untraced === "frame"
    ? failCheck(ctx.trace, `${ID}.pv_pte_frame`, EINVAL, ...where)
    : failCheck(ctx.trace, `${ID}.pv_pte_type`, EINVAL, ...where);
}

/**
 * put_page_from_lNe(e, table, partialSet) for an entry of a table being devalidated: nothing for a
 * not-present entry or the table itself, else put_pt_page on the frame it names.
 */
export function putPageFromEntry(
  ctx: PtContext,
  e: bigint,
  table: number,
  partialSet: boolean,
): void {
  if (!present(e) || pteFrame(e) === BigInt(table)) return;
  putType(ctx, Number(pteFrame(e)), partialSet, table);
}

/**
 * A table validation failed at `slot` (> 0): Xen keeps it partly validated (nr_validated_ptes
 * = slot) as the calling vCPU's old_guest_table. If the entry's own frame was left so (a deeper
 * table that failed past its first slot), or the entry held a partial reference already
 * (`entryPartial`: where a resumed validation started), the reference to it is kept as partial
 * (PTF_partial_set).
 * An old_guest_table that is not the entry's frame (an L4 entry whose L3 failed at its slot 0
 * because that L3's L2 failed past its own) hits an ASSERT_UNREACHABLE from 4.13: a debug build
 * stops the host (unmodelled), a release build forgets the deeper table, left partial with no
 * holder. 4.12.0, before XSA-299's rework, keeps a deeper partial table its own way (alloc_l3_table
 * forgets it, alloc_l4_table counts its entry as validated): not modelled, and for the whole 4.12
 * line, though 4.12.2 took XSA-299's patches (94ff3cfc78 and its series on stable-4.12).
 */
export function keepPartial(
  ctx: PtContext,
  table: number,
  slot: number,
  e: bigint | null,
  entryPartial = false,
): void {
  const info = ctx.d.pageTypes.of(table);
  const cur = ctx.current.pv;
  const held = cur.oldGuestTable;
  const own = e !== null && held !== null && BigInt(held) === pteFrame(e);
  if (held !== null && (ctx.minor < 13 || (!own && ctx.debug)))
    throw new PtUnmodelled(
      ctx.minor < 13
        ? "vcpu_op/VCPUOP_initialise(a page table failing past its first slot below which a deeper table was left partly validated: 4.12's own bookkeeping)"
        : "vcpu_op/VCPUOP_initialise(a page table failing past its first slot while a deeper table it does not name is old_guest_table: a debug build's ASSERT_UNREACHABLE stops the host)",
    );
  info.nrValidated = slot;
  info.partialSet = own || entryPartial;
  cur.oldGuestTable = table;
  cur.oldGuestPtpg = null;
  cur.oldGuestTablePartial = true;
}

/** The slots a devalidation walks, last first: all, or a partial table's validated ones. */
export function demoteRange(
  info: { nrValidated: number; partialSet: boolean },
  partial: boolean,
): number {
  return partial ? info.nrValidated - (info.partialSet ? 0 : 1) : 511;
}
