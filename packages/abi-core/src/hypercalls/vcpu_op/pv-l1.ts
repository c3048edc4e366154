/**
 * A PV L1 table's validation (xen/arch/x86/mm.c: promote_l1_table, get_page_from_l1e; 4.12-4.13:
 * alloc_l1_table, the same checks) and devalidation (demote_l1_table, put_page_from_l1e). Each
 * present entry, in order: flags the L1 refuses (-EINVAL); a frame that is not RAM (not
 * mfn_valid: past the model's 4 GiB host) takes the MMIO path, where a domU without I/O memory
 * access gets -EPERM (-EINVAL for the all-ones frame, INVALID_MFN's); a frame of RAM that is not
 * the domain's (another domain's, Xen's, a freed one) cannot be pinned (-EBUSY); a writable
 * mapping takes a writable type on the frame, which a frame held as a page table or descriptor
 * page refuses (-EBUSY); a read-only mapping takes only a general reference, which the machine
 * does not count. Each accepted entry is adjusted (a 64-bit guest's kernel mappings get
 * _PAGE_USER and _PAGE_GUEST_KERNEL, its user mappings _PAGE_GLOBAL) and written back. A failure
 * drops what the entries before it took; their adjustments stay written.
 */
import { EBUSY, EINVAL, EPERM } from "../../machine/errno.js";
import { failCheck } from "../../machine/trace.js";
import { MODEL_MAX_PAGE } from "../memory_op/constants.js";
import { CONFLICT, owned, putType, takeType, type PtContext } from "./page-type.js";
import {
  _PAGE_RW,
  adjustL1,
  entriesOf,
  L1_DISALLOW,
  present,
  pteFlags,
  pteFrame,
  readEntries,
  writeEntry,
} from "./pte.js";

const ID = "vcpu_op.initialise";
/** PADDR_MASK >> PAGE_SHIFT: the frame get_page_from_l1e answers -EINVAL rather than -EPERM. */
const ALL_ONES_FRAME = (1n << 40n) - 1n;

/** get_page_from_l1e(l1e, d, d) for a present entry in table `table`, slot `slot`. */
function getPageFromL1e(ctx: PtContext, e: bigint, slot: number): number {
  const flags = pteFlags(e);
  if ((flags & L1_DISALLOW) !== 0)
    return failCheck(ctx.trace, `${ID}.pv_l1_flags`, EINVAL, "slot", slot);
  const frame = pteFrame(e);
  if (frame >= BigInt(MODEL_MAX_PAGE)) {
    // Not mfn_valid: iomem_access_permitted is false for a domU.
    if (frame === ALL_ONES_FRAME)
      return failCheck(ctx.trace, `${ID}.pv_l1_invalid_mfn`, EINVAL, "slot", slot);
    return failCheck(ctx.trace, `${ID}.pv_l1_iomem`, EPERM, "slot", slot);
  }
  if (!owned(ctx.d, frame)) return failCheck(ctx.trace, `${ID}.pv_l1_owner`, EBUSY, "slot", slot);
  if ((flags & _PAGE_RW) !== 0 && takeType(ctx, Number(frame), "writable") === CONFLICT)
    return failCheck(ctx.trace, `${ID}.pv_l1_writable`, EBUSY, "slot", slot);
  return 0;
}

/** put_page_from_l1e: a writable mapping gives back its writable type. */
function putPageFromL1e(ctx: PtContext, e: bigint): void {
  if (!present(e) || pteFrame(e) >= BigInt(MODEL_MAX_PAGE)) return;
  if ((pteFlags(e) & _PAGE_RW) !== 0) putType(ctx, Number(pteFrame(e)));
}

/** promote_l1_table(frame): 0 or the first entry's -errno, what came before dropped. */
export function promoteL1(ctx: PtContext, frame: number): number {
  const compat = ctx.d.mode === "pv32";
  const e = readEntries(ctx.d, frame);
  for (let i = 0; i < 512; i++) {
    // A not-present entry passes: the machine's host has no L1TF (pv_l1tf_check_l1e).
    if (!present(e[i]!)) continue;
    const rc = getPageFromL1e(ctx, e[i]!, i);
    if (rc !== 0) {
      for (let j = i - 1; j >= 0; j--) putPageFromL1e(ctx, e[j]!);
      return rc;
    }
    const adjusted = adjustL1(e[i]!, compat);
    writeEntry(ctx, frame, i, e[i]!, adjusted);
    e[i] = adjusted;
  }
  return 0;
}

/** demote_l1_table: every entry as validated gives back what it took. */
export function demoteL1(ctx: PtContext, contents: Uint8Array): void {
  for (const e of entriesOf(contents)) putPageFromL1e(ctx, e);
}
