/**
 * acquire_grant_for_copy and release_grant_for_copy (xen/common/grant_table.c): pin one grant
 * for GNTTABOP_copy. A v1 entry and a v2 full-page entry allow the whole page; a v2
 * GTF_sub_page entry allows sub_page.length bytes from sub_page.page_off (gnttab_copy_buf
 * checks the copy against them); a v2 GTF_transitive entry names another domain's grant
 * (transitive.trans_domid, transitive.gref), which is acquired in turn on the granter's
 * behalf, one level only (the nested acquire does not allow transitivity).
 *
 * After the nested acquire Xen re-checks that the outer entry's pin did not change while its
 * lock was dropped (ERESTART otherwise): the machine runs one call at a time and the nested
 * acquire pins another domain's entry, so that cannot happen here.
 */
import type { HypercallCall } from "../../machine/call.js";
import type { Domain } from "../../machine/domain.js";
import type { ActiveGrant } from "../../machine/grant-table.js";
import type { XenState } from "../../machine/state.js";
import { releaseDecides } from "../../machine/release-decided.js";
import { namedCheck } from "../../machine/trace.js";
import {
  GNTPIN_devw_mask,
  GNTPIN_hstr_inc,
  GNTPIN_hstw_inc,
  GNTPIN_hstw_mask,
  GNTST_bad_gntref,
  GNTST_bad_page,
  GNTST_general_error,
  GTF_permit_access,
  GTF_reading,
  GTF_readonly,
  GTF_sub_page,
  GTF_transitive,
  GTF_type_mask,
  GTF_writing,
  gntpinIncr2oflowMask,
} from "./constants.js";
import { entryFrame, entryHeader, setStatusBits, statusBits } from "./entries.js";
import { domainById, gnttabOf } from "./io.js";
import { pagedFrame, reduceStatusForPin } from "./map.js";
import { nrGrantEntries } from "./setup.js";

const ID = "grant_table_op.copy";
const PAGE_SIZE = 4096;

/** What a copy may touch: the page, the bytes the grant allows, and whose frame it is. */
export interface Acquired {
  page: Uint8Array;
  /** *page_off, *length. */
  off: number;
  len: number;
  /** The domain and frame the page is (another domain's for a transitive grant). */
  owner: Domain;
  gfn: number;
}

function status(call: HypercallCall, id: string, st: number, name: string): number {
  return namedCheck(call.xen.trace, `${ID}.${id}`, st, name);
}

const u16 = (p: Uint8Array, o: number) => p[o]! | (p[o + 1]! << 8);

/** A v2 entry's bytes 4-7 (sub_page.page_off/length, transitive.trans_domid) and 8-11 (transitive.gref). */
function v2Words(rd: Domain, ref: number): { w4: number; w6: number; w8: number } {
  const page = rd.gnttab!.shared[Math.floor(ref / 256)]!;
  const o = (ref % 256) * 16;
  const w8 =
    (page[o + 8]! | (page[o + 9]! << 8) | (page[o + 10]! << 16) | (page[o + 11]! << 24)) >>> 0;
  return { w4: u16(page, o + 4), w6: u16(page, o + 6), w8 };
}

/**
 * acquire_grant_for_copy(rd, gref, ldom, readonly, ..., allow_transitive): what the copy may
 * touch, or the GNTST_* status (the check that failed is in the trace).
 */
export function acquireGrantForCopy(
  call: HypercallCall,
  rd: Domain,
  ref: number,
  ldom: number,
  readOnly: boolean,
  allowTransitive: boolean,
): Acquired | number {
  const rgt = gnttabOf(call.xen, rd);
  const pinIncr = readOnly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
  if (ref >= nrGrantEntries(rgt))
    return status(call, "bad_gntref", GNTST_bad_gntref, "GNTST_bad_gntref");
  let act = rgt.active.get(ref);
  if (act === undefined) {
    act = { pin: 0, domid: 0, gfn: 0, page: null };
    rgt.active.set(ref, act);
  }
  const a: ActiveGrant = act;
  /** unlock_out: an entry nothing pins goes (the model keeps only pinned ones). */
  const out = (st: number): number => {
    if (a.pin === 0) rgt.active.delete(ref);
    return st;
  };
  /** unlock_out_clear: reduce_status_for_pin first. */
  const outClear = (st: number): number => {
    reduceStatusForPin(rd, ref, a, readOnly);
    return out(st);
  };
  if (a.pin !== 0 && (a.domid !== ldom || (a.pin & gntpinIncr2oflowMask(pinIncr)) !== 0))
    return out(status(call, "pinned", GNTST_general_error, "GNTST_general_error"));
  const v2 = rgt.version === 2;
  const e = entryHeader(rgt, ref);
  const type = e.flags & GTF_type_mask;
  const oldPin = a.pin;
  const setStatus =
    oldPin === 0 || (!readOnly && (oldPin & (GNTPIN_devw_mask | GNTPIN_hstw_mask)) === 0);
  if (setStatus) {
    // _set_status_v1 / _set_status_v2(..., mapflag 0, ldom): sub_page is not checked, and a
    // v2 entry may be transitive.
    if (
      oldPin === 0 &&
      ((type !== GTF_permit_access && !(v2 && type === GTF_transitive)) || e.domid !== ldom)
    )
      return out(status(call, "entry", GNTST_general_error, "GNTST_general_error"));
    if (!readOnly && (e.flags & GTF_readonly) !== 0)
      return out(status(call, "readonly_entry", GNTST_general_error, "GNTST_general_error"));
  }
  if (v2 && type === GTF_transitive) {
    if (setStatus)
      setStatusBits(rgt, ref, statusBits(rgt, ref) | GTF_reading | (readOnly ? 0 : GTF_writing));
    // opt_transitive_grants (gnttab=transitive, on by default) for the first level; never for
    // the grant a transitive one names.
    if (!allowTransitive)
      return outClear(
        status(call, "transitive_nested", GNTST_general_error, "GNTST_general_error"),
      );
    const { w4: transDomid, w8: transGref } = v2Words(rd, ref);
    if (transDomid === rd.id)
      return outClear(status(call, "transitive_self", GNTST_general_error, "GNTST_general_error"));
    const td = domainById(call.xen, transDomid);
    if (td === undefined)
      return outClear(
        status(call, "transitive_domain", GNTST_general_error, "GNTST_general_error"),
      );
    const inner = acquireGrantForCopy(call, td, transGref, rd.id, readOnly, false);
    if (typeof inner === "number") return outClear(inner);
    if (oldPin === 0) {
      a.domid = ldom;
      a.start = inner.off;
      a.length = inner.len;
      a.srcDomid = td.id;
      a.transGref = transGref;
      a.page = inner.page;
      a.gfn = -1; // act_set_gfn(act, INVALID_GFN)
      // Always a sub-page, whatever the far grant is: that keeps it from being mapped.
      a.isSubPage = true;
    }
    a.pin += pinIncr;
    return { page: inner.page, off: a.start!, len: a.length!, owner: inner.owner, gfn: inner.gfn };
  }
  if (setStatus) {
    setStatusBits(rgt, ref, statusBits(rgt, ref) | GTF_reading | (readOnly ? 0 : GTF_writing));
    // v1's frame, or v2's full_page.frame / sub_page.frame (the same bytes).
    const gfn = entryFrame(rgt, ref);
    const subPage = v2 && (e.flags & GTF_sub_page) !== 0;
    const words = subPage ? v2Words(rd, ref) : undefined;
    const start = words?.w4 ?? 0;
    const length = words?.w6 ?? PAGE_SIZE;
    const frame = pagedFrame(rd, gfn);
    if (frame === null) return outClear(status(call, "bad_page", GNTST_bad_page, "GNTST_bad_page"));
    if (oldPin === 0) {
      a.domid = ldom;
      a.gfn = gfn;
      a.page = frame.page;
      a.isSubPage = subPage;
      a.start = start;
      a.length = length;
      a.srcDomid = rd.id;
      a.transGref = ref;
    } else if (
      // 52239dd76f (4.22.0; 4.17.7, 4.18.6, 4.19.6, 4.20.4, 4.21.2): the entry must still name
      // what is pinned. Before, the copy went to the pinned frame (act->mfn) whatever the
      // entry said.
      (a.page !== frame.page ||
        (a.isSubPage === true && (!subPage || a.start !== start || a.length !== length))) &&
      releaseDecides(call.xen, "gnttabCopyPinnedCheck")
    )
      return outClear(status(call, "changed", GNTST_general_error, "GNTST_general_error"));
  }
  a.pin += pinIncr;
  return { page: a.page!, off: a.start ?? 0, len: a.length ?? PAGE_SIZE, owner: rd, gfn: a.gfn };
}

/** release_grant_for_copy(rd, gref, readonly): and the far grant a transitive one pinned. */
export function releaseGrantForCopy(
  xen: XenState,
  rd: Domain,
  ref: number,
  readOnly: boolean,
): void {
  const rgt = rd.gnttab!;
  const act = rgt.active.get(ref)!;
  const src = rgt.version === 2 ? (act.srcDomid ?? rd.id) : rd.id;
  const transGref = act.transGref ?? ref;
  act.pin -= readOnly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
  reduceStatusForPin(rd, ref, act, readOnly);
  if (act.pin === 0) {
    act.page = null;
    rgt.active.delete(ref);
  }
  if (src !== rd.id) {
    // knownalive_domain_from_domid: the pin keeps it.
    const td = xen.domains.get(src);
    if (td !== undefined) releaseGrantForCopy(xen, td, transGref, readOnly);
  }
}
