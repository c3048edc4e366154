/**
 * GNTTABOP_query_size, setup_table, set_version and get_version
 * (xen/common/grant_table.c: gnttab_query_size, gnttab_setup_table, gnttab_grow_table,
 * gnttab_set_version, gnttab_get_version), and compat_grant_table_op's
 * translation of setup_table for 32-bit x86 guests (xen/common/compat/grant_table.c).
 * Each returns the hypercall's result; the per-op outcome is the GNTST_* in op.status.
 * get_status_frames is in status-frames.ts.
 */
import { unmodelled, type HypercallCall } from "../../machine/call.js";
import { type Domain, pagingModeTranslate } from "../../machine/domain.js";
import { EBUSY, EFAULT, EINVAL, ENOSYS, ESRCH } from "../../machine/errno.js";
import { newGrantPage, type GrantTable } from "../../machine/grant-table.js";
import { failCheck, namedCheck } from "../../machine/trace.js";
import { fieldOf } from "../../abi/layout.js";
import { layoutOf } from "../../table/structs.js";
import {
  GNTST_address_too_big,
  GNTST_bad_domain,
  GNTST_bad_virt_addr,
  GNTST_general_error,
  GNTST_okay,
  GNTST_permission_denied,
  GNTTAB_NR_RESERVED_ENTRIES,
} from "./constants.js";
import {
  copyElement,
  copyField,
  copyIn,
  copyOut,
  gnttabOf,
  heapMfn,
  xsmTarget,
  type Op,
} from "./io.js";
import { domainByAnyId } from "../event_channel_op/ports.js";

const ID = "grant_table_op";

/** Grant entries per shared frame: PAGE_SIZE / sizeof(grant_entry_v{1,2}_t). */
export function entriesPerFrame(version: number): number {
  return version === 1 ? 4096 / layoutOf("grant_entry_v1_t", "aarch64").size : 4096 / 16;
}

/** nr_grant_entries(gt). */
export function nrGrantEntries(gt: GrantTable): number {
  return gt.shared.length * entriesPerFrame(gt.version);
}

/** grant_to_status_frames: a v2 table's uint16_t status words, PAGE_SIZE / 2 per frame. */
export function grantToStatusFrames(grantFrames: number): number {
  return Math.ceil((grantFrames * entriesPerFrame(2) * 2) / 4096);
}

/** gnttab_populate_status_frames(d, gt, nr_grant_frames). */
function populateStatusFrames(gt: GrantTable, grantFrames: number): void {
  const n = grantToStatusFrames(grantFrames);
  while (gt.status.length < n) {
    gt.status.push(newGrantPage());
    gt.statusGfn.push(-1);
  }
}

/** gnttab_grow_table(d, req_nr_frames): never fails in the model (no allocation failure). */
export function gnttabGrowTable(gt: GrantTable, req: number): void {
  while (gt.shared.length < Math.max(req, 1)) {
    gt.shared.push(newGrantPage());
    gt.sharedGfn.push(-1);
  }
  if (gt.version > 1) populateStatusFrames(gt, gt.shared.length);
}

/**
 * gnttab_shared_gfn / gnttab_status_gfn as the caller's frame list gets it: a PV guest the
 * frame's machine number; Arm (page_get_xenheap_gfn) and x86 HVM (the M2P entry) the gfn it
 * is mapped at, or INVALID_GFN (~0UL: all ones at Xen's word width) when it is not mapped.
 */
export function frameNumber(call: HypercallCall, d: Domain, status: boolean, i: number): bigint {
  const gt = d.gnttab!;
  if (!pagingModeTranslate(d)) return BigInt(heapMfn(d, status, i));
  const gfn = (status ? gt.statusGfn : gt.sharedGfn)[i]!;
  if (gfn >= 0) return BigInt(gfn);
  return call.xen.arch === "arm32" ? 0xffffffffn : 0xffffffffffffffffn;
}

/** sizeof(xen_pfn_t) in the caller's ABI (compat_pfn_t for a 32-bit x86 guest). */
function pfnSize(call: HypercallCall): number {
  return fieldOf(layoutOf("gnttab_transfer_t", call.domain.mode), "mfn")!.size;
}

/**
 * The target domain of an op that names one in `dom` (rcu_lock_domain_by_any_id, then
 * xsm_grant_*), or undefined with GNTST_bad_domain / GNTST_permission_denied in `op.status`,
 * as query_size, setup_table and get_status_frames each do in xen/common/grant_table.c.
 */
export function targetDomain(
  call: HypercallCall,
  op: Op,
  sub: "query_size" | "setup_table" | "get_status_frames",
): Domain | undefined {
  const trace = call.xen.trace;
  const d = domainByAnyId(call.xen, call.domain, op.dom!);
  if (d === undefined) {
    op.status = namedCheck(trace, `${ID}.${sub}.bad_domain`, GNTST_bad_domain, "GNTST_bad_domain");
    return undefined;
  }
  // xsm_grant_query_size for query_size, xsm_grant_setup for the others.
  if (xsmTarget(call.xen, sub === "query_size" ? "query" : "setup", call.domain, d) !== 0) {
    op.status = namedCheck(
      trace,
      `${ID}.${sub}.xsm`,
      GNTST_permission_denied,
      "GNTST_permission_denied",
    );
    return undefined;
  }
  return d;
}

export function gnttabQuerySize(call: HypercallCall, uop: number, count: number): number {
  const trace = call.xen.trace;
  if (count !== 1) return failCheck(trace, `${ID}.query_size.count`, EINVAL, "count", count);
  const op = copyIn(call, "gnttab_query_size_t", uop);
  if (op === null) return failCheck(trace, `${ID}.query_size.copy_in`, EFAULT);
  const d = targetDomain(call, op, "query_size");
  if (d !== undefined) {
    const gt = gnttabOf(call.xen, d);
    op.nr_frames = gt.shared.length;
    op.max_nr_frames = gt.maxFrames;
    op.status = GNTST_okay;
  }
  if (!copyOut(call, "gnttab_query_size_t", uop, op, ["nr_frames", "max_nr_frames", "status"]))
    return failCheck(trace, `${ID}.query_size.copy_out`, EFAULT);
  return 0;
}

/** gnttab_setup_table(uop, count, limit_max), on a struct already copied in. */
function setupTable(call: HypercallCall, op: Op, limitMax: number): Domain | undefined {
  const trace = call.xen.trace;
  const d = targetDomain(call, op, "setup_table");
  if (d === undefined) return undefined;
  const gt = gnttabOf(call.xen, d);
  const nr = op.nr_frames!;
  if (nr > gt.maxFrames) {
    op.status = namedCheck(
      trace,
      `${ID}.setup_table.max_frames`,
      GNTST_general_error,
      "GNTST_general_error",
    );
    return undefined;
  }
  if (limitMax < nr) {
    op.status = namedCheck(
      trace,
      `${ID}.setup_table.compat_limit`,
      GNTST_general_error,
      "GNTST_general_error",
    );
    return undefined;
  }
  if (nr > gt.shared.length || (gt.version > 1 && grantToStatusFrames(nr) > gt.status.length))
    gnttabGrowTable(gt, nr);
  op.status = GNTST_okay;
  return d;
}

/** do_grant_table_op's GNTTABOP_setup_table. */
export function gnttabSetupTable(call: HypercallCall, uop: number, count: number): number {
  const trace = call.xen.trace;
  if (count !== 1) return failCheck(trace, `${ID}.setup_table.count`, EINVAL, "count", count);
  const op = copyIn(call, "gnttab_setup_table_t", uop);
  if (op === null) return failCheck(trace, `${ID}.setup_table.copy_in`, EFAULT);
  const d = setupTable(call, op, 0xffffffff);
  if (d !== undefined) {
    const size = pfnSize(call);
    for (let i = 0; i < op.nr_frames!; i++) {
      if (!copyElement(call.domain, op.frame_list!, i, size, frameNumber(call, d, false, i))) {
        op.status = namedCheck(
          trace,
          `${ID}.setup_table.frame_list`,
          GNTST_bad_virt_addr,
          "GNTST_bad_virt_addr",
        );
        break;
      }
    }
  }
  if (!copyField(call, "gnttab_setup_table_t", uop, "status", op.status!))
    return failCheck(trace, `${ID}.setup_table.copy_out`, EFAULT);
  return 0;
}

/**
 * compat_grant_table_op's GNTTABOP_setup_table: count above 1 is -EINVAL, count 0 does
 * nothing (0); the native call's frame list is bounded by the translation area
 * ((COMPAT_ARG_XLAT_SIZE - sizeof(struct gnttab_setup_table)) / sizeof(xen_pfn_t) = 1021), and
 * each frame must fit compat_pfn_t or the status is GNTST_address_too_big.
 */
export function compatSetupTable(call: HypercallCall, uop: number, count: number): number {
  const trace = call.xen.trace;
  if (count > 1) return failCheck(trace, `${ID}.setup_table.compat_count`, EINVAL, "count", count);
  if (count === 0) return 0;
  const op = copyIn(call, "gnttab_setup_table_t", uop);
  if (op === null) return failCheck(trace, `${ID}.setup_table.copy_in`, EFAULT);
  const d = setupTable(call, op, (2 * 4096 - 24) / 8);
  if (d !== undefined) {
    for (let i = 0; i < op.nr_frames!; i++) {
      const frame = frameNumber(call, d, false, i);
      if (frame > 0xffffffffn) {
        op.status = namedCheck(
          trace,
          `${ID}.setup_table.address_too_big`,
          GNTST_address_too_big,
          "GNTST_address_too_big",
        );
        break;
      }
      if (!copyElement(call.domain, op.frame_list!, i, 4, frame)) {
        op.status = namedCheck(
          trace,
          `${ID}.setup_table.frame_list`,
          GNTST_bad_virt_addr,
          "GNTST_bad_virt_addr",
        );
        break;
      }
    }
  }
  if (!copyOut(call, "gnttab_setup_table_t", uop, op, ["status"]))
    return failCheck(trace, `${ID}.setup_table.copy_out`, EFAULT);
  return 0;
}

/** A reserved entry (0-7) a toolstack filled in: set_version's carrying them over is not modelled. */
function reservedInUse(gt: GrantTable): boolean {
  const bytes = gt.version === 1 ? 8 : 16;
  const first = gt.shared[0]!;
  for (let i = 0; i < GNTTAB_NR_RESERVED_ENTRIES * bytes; i++) if (first[i] !== 0) return true;
  return false;
}

/** gnttab_set_version(uop): on the caller's own table. */
export function gnttabSetVersion(call: HypercallCall, uop: number): number {
  const trace = call.xen.trace;
  const op = copyIn(call, "gnttab_set_version_t", uop);
  if (op === null) return failCheck(trace, `${ID}.set_version.copy_in`, EFAULT);
  const d = call.domain;
  const gt = gnttabOf(call.xen, d);
  let res = 0;
  if (op.version !== 1 && op.version !== 2)
    res = failCheck(trace, `${ID}.set_version.version`, EINVAL, "version", op.version!);
  else if (op.version === 2 && gt.maxVersion === 1)
    res = failCheck(trace, `${ID}.set_version.max_version`, ENOSYS);
  else if (gt.version !== op.version) {
    const n = nrGrantEntries(gt);
    for (const [ref, act] of gt.active)
      if (ref >= GNTTAB_NR_RESERVED_ENTRIES && ref < n && act.pin !== 0) {
        res = failCheck(trace, `${ID}.set_version.in_use`, EBUSY, "ref", ref);
        break;
      }
    if (res === 0) {
      if (reservedInUse(gt))
        return unmodelled(call, "grant_table_op/set_version(reserved entries in use)");
      if (gt.version === 1) populateStatusFrames(gt, gt.shared.length);
      else {
        // gnttab_unpopulate_status_frames: the frames leave the guest's p2m and are freed.
        for (const gfn of gt.statusGfn) if (gfn >= 0) d.memory.unmap(gfn);
        gt.status.length = 0;
        gt.statusGfn.length = 0;
      }
      for (const page of gt.shared) page.fill(0);
      gt.version = op.version!;
    }
  }
  op.version = gt.version;
  if (!copyOut(call, "gnttab_set_version_t", uop, op, ["version"]))
    return failCheck(trace, `${ID}.set_version.copy_out`, EFAULT);
  return res;
}

/** gnttab_get_version(uop). */
export function gnttabGetVersion(call: HypercallCall, uop: number): number {
  const trace = call.xen.trace;
  const op = copyIn(call, "gnttab_get_version_t", uop);
  if (op === null) return failCheck(trace, `${ID}.get_version.copy_in`, EFAULT);
  const d = domainByAnyId(call.xen, call.domain, op.dom!);
  if (d === undefined) return failCheck(trace, `${ID}.get_version.domid`, ESRCH, "dom", op.dom!);
  const xsm = xsmTarget(call.xen, "query", call.domain, d);
  if (xsm !== 0)
    return failCheck(
      trace,
      `${ID}.get_version.${call.xen.xsm.module === "flask" ? "flask" : "xsm"}`,
      -xsm,
      "dom",
      op.dom!,
    );
  if (!copyField(call, "gnttab_get_version_t", uop, "version", gnttabOf(call.xen, d).version))
    return failCheck(trace, `${ID}.get_version.copy_out`, EFAULT);
  return 0;
}
