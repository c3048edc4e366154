/**
 * GNTTABOP_map_grant_ref and GNTTABOP_unmap_grant_ref (xen/common/grant_table.c:
 * map_grant_ref, gnttab_map_grant_ref, unmap_common, unmap_common_complete,
 * gnttab_unmap_grant_ref; _set_status_v1 and _set_status_v2, reduce_status_for_pin,
 * get_paged_frame) on version 1 and version 2 (full-page) entries, with the
 * host mapping of translated guests (xen/arch/arm/mm.c create_grant_host_mapping,
 * replace_grant_host_mapping; xen/arch/x86/hvm/grant_table.c create_grant_p2m_mapping,
 * replace_grant_p2m_mapping). The grant entry is read from the granter's shared frame.
 * A PV guest's host mapping writes its page tables, which the model does not have: that case
 * reports unmodelled; device mappings work for every guest.
 */
import { unmodelled, type HypercallCall } from "../../machine/call.js";
import { type Domain, pagingModeTranslate } from "../../machine/domain.js";
import { namedCheck } from "../../machine/trace.js";
import type { ActiveGrant } from "../../machine/grant-table.js";
import {
  GNTMAP_application_map,
  GNTMAP_contains_pte,
  GNTMAP_device_map,
  GNTMAP_host_map,
  GNTMAP_readonly,
  GNTPIN_devr_inc,
  GNTPIN_devw_inc,
  GNTPIN_devw_mask,
  GNTPIN_hstr_inc,
  GNTPIN_hstw_inc,
  GNTPIN_hstw_mask,
  GNTST_bad_dev_addr,
  GNTST_bad_domain,
  GNTST_bad_gntref,
  GNTST_bad_handle,
  GNTST_bad_page,
  GNTST_general_error,
  GNTST_no_space,
  GNTST_okay,
  GNTST_permission_denied,
  GTF_PAT,
  GTF_PCD,
  GTF_PWT,
  GTF_permit_access,
  GTF_reading,
  GTF_readonly,
  GTF_sub_page,
  GTF_type_mask,
  GTF_writing,
  gntpinIncr2oflowMask,
} from "./constants.js";
import {
  entryFrame,
  entryHeader,
  getMaptrackHandle,
  putMaptrackHandle,
  setStatusBits,
  statusBits,
} from "./entries.js";
import { domainById, gnttabOf, heapMfn, ramMfn, xsmGrantPair, type Op } from "./io.js";
import { nrGrantEntries } from "./setup.js";

const ID = "grant_table_op";

/** What a successful or failed map reports; `null` with call.unmodelled set when not modelled. */
function fail(call: HypercallCall, op: Op, id: string, status: number, name: string): void {
  op.status = namedCheck(call.xen.trace, `${ID}.${id}`, status, name);
}

/**
 * get_paged_frame(gfn, readonly, rd): the granter's RAM page at gfn, or one of its own Xen
 * pages shared with it (shared_info, grant frames); anything else is GNTST_bad_page (a hole,
 * or a frame the granter has itself mapped from another domain).
 */
export function pagedFrame(rd: Domain, gfn: number): { page: Uint8Array; mfn: number } | null {
  const mem = rd.memory;
  if (gfn >= mem.nrFrames || !mem.isMapped(gfn)) return null;
  if (!mem.isForeign(gfn)) return { page: mem.frame(gfn), mfn: ramMfn(rd, gfn) };
  if (rd.sharedInfoGfn === gfn) return { page: rd.sharedInfo, mfn: heapMfn(rd, false, 63) };
  const gt = rd.gnttab;
  const i = gt === null ? -1 : gt.sharedGfn.indexOf(gfn);
  if (i >= 0) return { page: gt!.shared[i]!, mfn: heapMfn(rd, false, i) };
  const s = gt === null ? -1 : gt.statusGfn.indexOf(gfn);
  if (s >= 0) return { page: gt!.status[s]!, mfn: heapMfn(rd, true, s) };
  return null;
}

/** reduce_status_for_pin(rd, act, status, readonly) on a v1 entry. */
export function reduceStatusForPin(rd: Domain, ref: number, act: ActiveGrant, ro: boolean): void {
  const gt = rd.gnttab!;
  let clear = act.pin !== 0 ? 0 : GTF_reading;
  if (!ro && (act.pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)) === 0) clear |= GTF_writing;
  if (clear !== 0) setStatusBits(gt, ref, statusBits(gt, ref) & ~clear);
}

/** map_grant_ref(op) on the struct gnttab_map_grant_ref copied in; fills status and OUT fields. */
export function mapGrantRef(call: HypercallCall, op: Op): void {
  const ld = call.domain;
  const flags = op.flags!;
  const ro = (flags & GNTMAP_readonly) !== 0;
  let pinIncr = 0;
  if (flags & GNTMAP_device_map) pinIncr += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
  if (flags & GNTMAP_host_map) pinIncr += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
  if (pinIncr === 0)
    return fail(call, op, "map_grant_ref.flags", GNTST_bad_gntref, "GNTST_bad_gntref");
  // paging_mode_external: every Arm guest (asm-generic/paging.h) and x86 HVM.
  if (
    pagingModeTranslate(ld) &&
    (flags & (GNTMAP_device_map | GNTMAP_application_map | GNTMAP_contains_pte)) !== 0
  )
    return fail(
      call,
      op,
      "map_grant_ref.external_device_map",
      GNTST_general_error,
      "GNTST_general_error",
    );
  const rd = domainById(call.xen, op.dom!);
  if (rd === undefined)
    return fail(call, op, "map_grant_ref.bad_domain", GNTST_bad_domain, "GNTST_bad_domain");
  // flask_grant_mapref: map_read, and map_write unless GNTMAP_readonly.
  if (xsmGrantPair(call.xen, ld, rd, ro ? ["map_read"] : ["map_read", "map_write"]) !== 0)
    return fail(call, op, "map_grant_ref.xsm", GNTST_permission_denied, "GNTST_permission_denied");
  const lgt = gnttabOf(call.xen, ld);
  const handle = getMaptrackHandle(lgt, ld, call.vcpu.id);
  if (handle < 0)
    return fail(call, op, "map_grant_ref.no_handle", GNTST_no_space, "GNTST_no_space");
  const rgt = gnttabOf(call.xen, rd);
  const ref = op.ref!;
  let status = GNTST_okay;
  let act: ActiveGrant | undefined;
  let clearOnFail = false;
  // The steps between taking the handle and putting it back on failure (Xen's gotos).
  const run = (): number => {
    if (ref >= nrGrantEntries(rgt)) {
      return namedCheck(
        call.xen.trace,
        `${ID}.map_grant_ref.bad_gntref`,
        GNTST_bad_gntref,
        "GNTST_bad_gntref",
      );
    }
    act = rgt.active.get(ref);
    if (act === undefined) {
      act = { pin: 0, domid: 0, gfn: 0, page: null };
      rgt.active.set(ref, act);
    }
    if (act.pin !== 0 && (act.domid !== ld.id || (act.pin & gntpinIncr2oflowMask(pinIncr)) !== 0))
      return namedCheck(
        call.xen.trace,
        `${ID}.map_grant_ref.pinned`,
        GNTST_general_error,
        "GNTST_general_error",
      );
    if (act.pin === 0 || (!ro && (act.pin & (GNTPIN_hstw_mask | GNTPIN_devw_mask)) === 0)) {
      // _set_status_v1
      // _set_status_v1 or _set_status_v2 (mapflag: a sub-page or transitive entry fails).
      const e = entryHeader(rgt, ref);
      if (
        act.pin === 0 &&
        ((e.flags & (GTF_type_mask | GTF_sub_page)) !== GTF_permit_access || e.domid !== ld.id)
      )
        return namedCheck(
          call.xen.trace,
          `${ID}.map_grant_ref.entry`,
          GNTST_general_error,
          "GNTST_general_error",
        );
      if (!ro && (e.flags & GTF_readonly) !== 0)
        return namedCheck(
          call.xen.trace,
          `${ID}.map_grant_ref.readonly_entry`,
          GNTST_general_error,
          "GNTST_general_error",
        );
      setStatusBits(rgt, ref, statusBits(rgt, ref) | GTF_reading | (ro ? 0 : GTF_writing));
      if (act.pin === 0) {
        const gfn = entryFrame(rgt, ref);
        const frame = pagedFrame(rd, gfn);
        if (frame === null) {
          clearOnFail = true;
          return namedCheck(
            call.xen.trace,
            `${ID}.map_grant_ref.bad_page`,
            GNTST_bad_page,
            "GNTST_bad_page",
          );
        }
        act.domid = ld.id;
        act.gfn = gfn;
        act.page = frame.page;
      }
    }
    act.pin += pinIncr;
    const cacheFlags = entryHeader(rgt, ref).flags & (GTF_PAT | GTF_PWT | GTF_PCD);
    void cacheFlags; // only an I/O memory frame passes them on; the model's frames are RAM
    let hostGfn = -1;
    if (flags & GNTMAP_host_map) {
      if (!pagingModeTranslate(ld)) {
        act.pin -= pinIncr;
        reduceStatusForPin(rd, ref, act, ro);
        unmodelled(call, "grant_table_op/map_grant_ref(PV host mapping: page tables)");
        return GNTST_general_error;
      }
      // create_grant_host_mapping / create_grant_p2m_mapping
      const gfn = Math.floor(op.host_addr! / 4096);
      if ((flags & ~GNTMAP_readonly) !== GNTMAP_host_map) {
        act.pin -= pinIncr;
        reduceStatusForPin(rd, ref, act, ro);
        return namedCheck(
          call.xen.trace,
          `${ID}.map_grant_ref.host_mapping`,
          GNTST_general_error,
          "GNTST_general_error",
        );
      }
      if (gfn >= ld.memory.nrFrames) {
        act.pin -= pinIncr;
        reduceStatusForPin(rd, ref, act, ro);
        unmodelled(
          call,
          "grant_table_op/map_grant_ref(host_addr beyond the guest's modelled space)",
        );
        return GNTST_general_error;
      }
      ld.memory.mapForeign(gfn, act.page!);
      hostGfn = gfn;
    }
    const mt = lgt.maptrack[handle]!;
    mt.domid = op.dom!;
    mt.ref = ref;
    mt.flags = flags & 0x1f;
    mt.hostGfn = hostGfn;
    op.dev_bus_addr = frameMfn(rd, act.gfn, act.page!) * 4096;
    op.handle = handle;
    return GNTST_okay;
  };
  status = run();
  if (status !== GNTST_okay) {
    if (clearOnFail && act !== undefined) reduceStatusForPin(rd, ref, act, ro);
    if (act !== undefined && act.pin === 0) rgt.active.delete(ref);
    putMaptrackHandle(lgt, handle);
  }
  op.status = status;
}

/** The machine frame of a pinned page (for dev_bus_addr). */
export function frameMfn(rd: Domain, gfn: number, page: Uint8Array): number {
  const gt = rd.gnttab;
  if (page === rd.sharedInfo) return heapMfn(rd, false, 63);
  const i = gt === null ? -1 : gt.shared.indexOf(page);
  if (i >= 0) return heapMfn(rd, false, i);
  const s = gt === null ? -1 : gt.status.indexOf(page);
  if (s >= 0) return heapMfn(rd, true, s);
  return ramMfn(rd, gfn);
}

/** struct gnttab_unmap_common: what unmap_common did, for unmap_common_complete. */
export interface UnmapCommon {
  rd: Domain | null;
  ref: number;
  done: number;
}

/**
 * unmap_common(op) for an unmap_grant_ref or unmap_and_replace request (its new_addr, and a
 * dev_bus_addr of 0); fills op.status and `c`.
 */
export function unmapCommon(call: HypercallCall, op: Op, c: UnmapCommon): void {
  const ld = call.domain;
  const lgt = gnttabOf(call.xen, ld);
  c.rd = null;
  c.done = 0;
  const handle = op.handle!;
  if (handle >= lgt.maptrack.length)
    return fail(call, op, "unmap_grant_ref.handle_range", GNTST_bad_handle, "GNTST_bad_handle");
  const map = lgt.maptrack[handle]!;
  if (map.flags === 0)
    return fail(call, op, "unmap_grant_ref.handle_unused", GNTST_bad_handle, "GNTST_bad_handle");
  const rd = domainById(call.xen, map.domid);
  if (rd === undefined) {
    // "This can happen when a grant is implicitly unmapped": domain_crash(ld).
    ld.crashed = true;
    namedCheck(call.xen.trace, `${ID}.unmap_grant_ref.granter_gone`, 0, "domain_crash");
    return;
  }
  // xsm_grant_unmapref is XSM_HOOK, and no modelled module overrides it.
  const rgt = gnttabOf(call.xen, rd);
  c.rd = rd;
  c.ref = map.ref;
  if (map.ref >= nrGrantEntries(rgt))
    return fail(call, op, "unmap_grant_ref.unstable", GNTST_bad_handle, "GNTST_bad_handle");
  const act = rgt.active.get(map.ref)!;
  const flags = map.flags;
  if (op.dev_bus_addr !== 0 && (flags & GNTMAP_device_map) !== 0) {
    if (op.dev_bus_addr !== frameMfn(rd, act.gfn, act.page!) * 4096)
      return fail(
        call,
        op,
        "unmap_grant_ref.bad_dev_addr",
        GNTST_bad_dev_addr,
        "GNTST_bad_dev_addr",
      );
  }
  if (op.host_addr !== 0 && (flags & GNTMAP_host_map) !== 0) {
    // unmap_and_replace: replace_grant_host_mapping (Arm) refuses any new_addr.
    if ((op.new_addr ?? 0) !== 0)
      return fail(
        call,
        op,
        "unmap_and_replace.new_addr",
        GNTST_general_error,
        "GNTST_general_error",
      );
    // replace_grant_host_mapping / replace_grant_p2m_mapping with new_addr 0: the gfn must
    // hold this grant's frame (x86 checks the p2m type and mfn; Arm removes the entry
    // if it maps that mfn).
    const gfn = Math.floor(op.host_addr! / 4096);
    const mem = ld.memory;
    if (gfn >= mem.nrFrames || !mem.isForeign(gfn) || mem.frame(gfn) !== act.page)
      return fail(
        call,
        op,
        "unmap_grant_ref.host_mapping",
        GNTST_general_error,
        "GNTST_general_error",
      );
    mem.unmap(gfn);
    map.flags &= ~GNTMAP_host_map;
    c.done |= GNTMAP_host_map | (flags & GNTMAP_readonly);
  }
  if (op.dev_bus_addr !== 0 && (flags & GNTMAP_device_map) !== 0) {
    map.flags &= ~GNTMAP_device_map;
    c.done |= GNTMAP_device_map | (flags & GNTMAP_readonly);
  }
  if ((map.flags & (GNTMAP_device_map | GNTMAP_host_map)) === 0) {
    map.flags = 0;
    putMaptrackHandle(lgt, handle);
  }
  op.status = GNTST_okay;
}

/** unmap_common_complete: drop the pins of what unmap_common undid. */
export function unmapCommonComplete(c: UnmapCommon): void {
  if (c.done === 0 || c.rd === null) return;
  const rgt = c.rd.gnttab!;
  const act = rgt.active.get(c.ref)!;
  const ro = (c.done & GNTMAP_readonly) !== 0;
  if (c.done & GNTMAP_device_map) act.pin -= ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
  if (c.done & GNTMAP_host_map) act.pin -= ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
  reduceStatusForPin(c.rd, c.ref, act, ro);
  if (act.pin === 0) {
    act.page = null;
    rgt.active.delete(c.ref);
  }
}
