/**
 * GNTTABOP_swap_grant_ref: gnttab_swap_grant_ref and swap_grant_ref (xen/common/grant_table.c),
 * the same in every modelled release. Swaps two entries of the caller's own table: a v1 entry's
 * 8 bytes, or a v2 entry's 16 bytes together with its status word. A 32-bit guest's struct has
 * the native layout (compat/grant_table.c CHECKs it), so compat_grant_table_op passes the op on.
 */
import type { HypercallCall } from "../../machine/call.js";
import type { GrantTable } from "../../machine/grant-table.js";
import { EFAULT } from "../../machine/errno.js";
import { failCheck, namedCheck } from "../../machine/trace.js";
import { hypercallPreemptCheck } from "../continuation.js";
import { GNTST_bad_gntref, GNTST_eagain, GNTST_okay } from "./constants.js";
import { copyField, copyIn, gnttabOf, opSize } from "./io.js";
import { entriesPerFrame, nrGrantEntries } from "./setup.js";

const ID = "grant_table_op.swap_grant_ref";

/** The bytes of entry `ref` (and of its v2 status word): page and offset. */
function slot(pages: readonly Uint8Array[], ref: number, size: number): [Uint8Array, number] {
  const per = 4096 / size;
  return [pages[Math.floor(ref / per)]!, (ref % per) * size];
}

function swapBytes(pages: readonly Uint8Array[], a: number, b: number, size: number): void {
  const [pa, oa] = slot(pages, a, size);
  const [pb, ob] = slot(pages, b, size);
  const t = pa.slice(oa, oa + size);
  if (pa === pb) pa.copyWithin(oa, ob, ob + size);
  else pa.set(pb.subarray(ob, ob + size), oa);
  pb.set(t, ob);
}

/** swap_grant_ref(ref_a, ref_b) on the caller's table: its GNTST_* status. */
function swapGrantRef(call: HypercallCall, gt: GrantTable, a: number, b: number): number {
  const trace = call.xen.trace;
  const n = nrGrantEntries(gt);
  if (a >= n) return namedCheck(trace, `${ID}.bad_ref_a`, GNTST_bad_gntref, "GNTST_bad_gntref");
  if (b >= n) return namedCheck(trace, `${ID}.bad_ref_b`, GNTST_bad_gntref, "GNTST_bad_gntref");
  if (a === b) return GNTST_okay;
  if ((gt.active.get(a)?.pin ?? 0) !== 0)
    return namedCheck(trace, `${ID}.busy_a`, GNTST_eagain, "GNTST_eagain");
  if ((gt.active.get(b)?.pin ?? 0) !== 0)
    return namedCheck(trace, `${ID}.busy_b`, GNTST_eagain, "GNTST_eagain");
  const size = 4096 / entriesPerFrame(gt.version);
  swapBytes(gt.shared, a, b, size);
  if (gt.version === 2) swapBytes(gt.status, a, b, 2);
  return GNTST_okay;
}

/** gnttab_swap_grant_ref(uop, count): ops done before a preemption, 0, or -EFAULT. */
export function gnttabSwapGrantRef(call: HypercallCall, uop: number, count: number): number {
  const size = opSize(call, "gnttab_swap_grant_ref_t");
  const gt = gnttabOf(call.xen, call.domain);
  for (let i = 0; i < count; i++) {
    if (i !== 0) {
      call.work++;
      if (hypercallPreemptCheck(call)) return i;
    }
    const op = copyIn(call, "gnttab_swap_grant_ref_t", uop + i * size);
    if (op === null) return failCheck(call.xen.trace, `${ID}.copy_in`, EFAULT);
    const status = swapGrantRef(call, gt, op.ref_a!, op.ref_b!);
    if (!copyField(call, "gnttab_swap_grant_ref_t", uop + i * size, "status", status))
      return failCheck(call.xen.trace, `${ID}.copy_out`, EFAULT);
  }
  return 0;
}
