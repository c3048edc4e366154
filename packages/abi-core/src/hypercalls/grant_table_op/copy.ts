/**
 * GNTTABOP_copy (xen/common/grant_table.c: gnttab_copy, gnttab_copy_one,
 * gnttab_copy_lock_domains, gnttab_copy_claim_buf, acquire_grant_for_copy,
 * release_grant_for_copy, gnttab_copy_buf): copy bytes between a grant and/or the caller's
 * own frames without mapping them. Each op gets its own GNTST_* status. The model pins and
 * releases the grant per op (Xen keeps a source and a destination claimed across ops with the
 * same pointer; what the guest sees is the same). Grants of either version (v2: the
 * reading/writing bits go to the status word, and sub-page and transitive grants;
 * copy-acquire.ts).
 */
import type { HypercallCall } from "../../machine/call.js";
import type { Domain } from "../../machine/domain.js";
import { EFAULT } from "../../machine/errno.js";
import { failCheck, namedCheck } from "../../machine/trace.js";
import { readStruct } from "../../machine/structio.js";
import { layoutOf } from "../../table/structs.js";
import { hypercallPreemptCheck } from "../continuation.js";
import {
  GNTCOPY_dest_gref,
  GNTCOPY_source_gref,
  GNTST_bad_copy_arg,
  GNTST_bad_domain,
  GNTST_bad_page,
  GNTST_general_error,
  GNTST_okay,
  GNTST_permission_denied,
} from "./constants.js";
import { acquireGrantForCopy, releaseGrantForCopy, type Acquired } from "./copy-acquire.js";
import { copyField, copyIn, opSize, xsmGrantPair, type Op } from "./io.js";
import { pagedFrame } from "./map.js";
import { DOMID_SELF } from "../event_channel_op/constants.js";
import { domainByAnyId } from "../event_channel_op/ports.js";

const ID = "grant_table_op.copy";

/** gnttab_copy_buf: one side, with what acquire_grant_for_copy gave (page, off, len, owner, gfn). */
interface Buf extends Acquired {
  /** The domain the op names (the granter, or the caller). */
  domain: Domain;
  /** The pinned grant, to release after the copy; null for a frame of the caller's own. */
  ref: number | null;
  readOnly: boolean;
}

/**
 * Count Xen's store to b's page as a write to the frame that holds it (GuestMemory's write
 * counts, when they are kept), if the page is still mapped there: Xen writes a pinned page by
 * its reference.
 */
function noteWrite(b: Buf): void {
  const mem = b.owner.memory;
  if (b.gfn >= 0 && b.gfn < mem.nrFrames && mem.peekFrame(b.gfn) === b.page) mem.noteWrite(b.gfn);
}

function status(call: HypercallCall, id: string, st: number, name: string): number {
  return namedCheck(call.xen.trace, `${ID}.${id}`, st, name);
}

/** gnttab_copy_claim_buf for one side of the op. */
function claimBuf(
  call: HypercallCall,
  d: Domain,
  ptr: Op,
  isGref: boolean,
  readOnly: boolean,
): Buf | number {
  if (isGref) {
    // opt_transitive_grants: on unless gnttab=no-transitive, which the machine does not take.
    const got = acquireGrantForCopy(call, d, ptr.ref!, call.domain.id, readOnly, true);
    if (typeof got === "number") return got;
    return { domain: d, ref: ptr.ref!, readOnly, ...got };
  }
  // get_paged_frame(gmfn, readonly, domain): for a PV caller the model's frame numbers are
  // its own guest frames (the model's identity view of a PV guest's memory).
  const frame = pagedFrame(d, ptr.u!);
  if (frame === null) return status(call, "bad_page", GNTST_bad_page, "GNTST_bad_page");
  return {
    domain: d,
    page: frame.page,
    ref: null,
    readOnly,
    off: 0,
    len: 4096,
    owner: d,
    gfn: ptr.u!,
  };
}

function releaseBuf(call: HypercallCall, b: Buf | null): void {
  if (b !== null && b.ref !== null) releaseGrantForCopy(call.xen, b.domain, b.ref, b.readOnly);
}

/**
 * gnttab_copy_buf(op, dest, src): both ranges inside one page, then each inside the bytes its
 * grant allows (a sub-page grant's page_off and length; every other buffer the whole page).
 */
function gnttabCopyBuf(call: HypercallCall, op: Op, src: Op, dst: Op, s: Buf, d: Buf): number {
  const len = op.len!;
  if (src.offset! + len > 4096 || dst.offset! + len > 4096)
    return status(call, "beyond_page", GNTST_bad_copy_arg, "GNTST_bad_copy_arg");
  if (src.offset! < s.off || src.offset! + len > s.off + s.len)
    return status(call, "source_bounds", GNTST_general_error, "GNTST_general_error");
  if (dst.offset! < d.off || dst.offset! + len > d.off + d.len)
    return status(call, "dest_bounds", GNTST_general_error, "GNTST_general_error");
  d.page.set(s.page.subarray(src.offset!, src.offset! + len), dst.offset!);
  noteWrite(d);
  return GNTST_okay;
}

/** gnttab_copy_one(op): the op's GNTST_* status. */
function gnttabCopyOne(call: HypercallCall, op: Op, src: Op, dst: Op): number {
  if (op.len === 0) return GNTST_okay;
  const flags = op.flags!;
  const srcGref = (flags & GNTCOPY_source_gref) !== 0;
  const dstGref = (flags & GNTCOPY_dest_gref) !== 0;
  // gnttab_copy_lock_domains: only DOMID_SELF may name a frame directly.
  if (src.domid !== DOMID_SELF && !srcGref)
    return status(call, "frame_not_self", GNTST_permission_denied, "GNTST_permission_denied");
  const sd = domainByAnyId(call.xen, call.domain, src.domid!);
  if (sd === undefined) return status(call, "bad_domain", GNTST_bad_domain, "GNTST_bad_domain");
  if (dst.domid !== DOMID_SELF && !dstGref)
    return status(call, "frame_not_self", GNTST_permission_denied, "GNTST_permission_denied");
  const dd = domainByAnyId(call.xen, call.domain, dst.domid!);
  if (dd === undefined) return status(call, "bad_domain", GNTST_bad_domain, "GNTST_bad_domain");
  if (xsmGrantPair(call.xen, sd, dd, ["copy"]) !== 0)
    return status(call, "xsm", GNTST_permission_denied, "GNTST_permission_denied");
  const s = claimBuf(call, sd, src, srcGref, true);
  if (typeof s === "number") return s;
  const d = claimBuf(call, dd, dst, dstGref, false);
  if (typeof d === "number") {
    releaseBuf(call, s);
    return d;
  }
  const rc = gnttabCopyBuf(call, op, src, dst, s, d);
  releaseBuf(call, s);
  releaseBuf(call, d);
  return rc;
}

/** The op's two gnttab_copy_ptr as numbers (source.u, dest.offset, ...); null on a fault. */
function copyNested(call: HypercallCall, at: number): { source: Op; dest: Op } | null {
  const raw = readStruct(call.domain.memory, at, layoutOf("gnttab_copy_t", call.domain.mode));
  if (raw === undefined) return null;
  const side = (v: unknown): Op => {
    const out: Op = {};
    for (const [k, x] of Object.entries(v as Record<string, bigint>)) out[k] = Number(x);
    // u is a union: ref is its low 32 bits (little-endian), gmfn all of it.
    out.ref = Number(BigInt.asUintN(32, (v as Record<string, bigint>).u!));
    return out;
  };
  return { source: side(raw.source), dest: side(raw.dest) };
}

/** gnttab_copy(uop, count): 0, count - i when preempted, or -EFAULT. */
export function gnttabCopy(call: HypercallCall, uop: number, count: number): number {
  const size = opSize(call, "gnttab_copy_t");
  for (let i = 0; i < count; i++) {
    if (i !== 0) {
      call.work++;
      if (hypercallPreemptCheck(call)) return count - i;
    }
    const at = uop + i * size;
    const op = copyIn(call, "gnttab_copy_t", at);
    const raw = op === null ? null : copyNested(call, at);
    if (op === null || raw === null) return failCheck(call.xen.trace, `${ID}.copy_in`, EFAULT);
    const st = gnttabCopyOne(call, op, raw.source, raw.dest);
    if (!copyField(call, "gnttab_copy_t", at, "status", st))
      return failCheck(call.xen.trace, `${ID}.copy_out`, EFAULT);
  }
  return 0;
}

/**
 * compat_grant_table_op's GNTTABOP_copy (xen/common/compat/grant_table.c): the 32-bit structs
 * are translated in batches of COMPAT_ARG_XLAT_SIZE / sizeof(struct gnttab_copy) = 8192 / 40 =
 * 204, each batch read whole before any of it runs (a fault reading op k of a batch is -EFAULT
 * with none of the batch done), and the statuses written back after the batch. Returns 0,
 * -EFAULT, or the ops done when preempted.
 */
export function compatGnttabCopy(call: HypercallCall, uop: number, count: number): number {
  const size = opSize(call, "gnttab_copy_t");
  const per = Math.floor(8192 / 40);
  let i = 0;
  let rc = 0;
  while (i < count && rc === 0) {
    const batch: { op: Op; source: Op; dest: Op }[] = [];
    let n = 0;
    for (; n < per && i < count && rc === 0; i++, n++) {
      const op = copyIn(call, "gnttab_copy_t", uop + i * size);
      const raw = op === null ? null : copyNested(call, uop + i * size);
      if (op === null || raw === null) rc = failCheck(call.xen.trace, `${ID}.copy_in`, EFAULT);
      else batch.push({ op, ...raw });
    }
    if (rc !== 0) break;
    // gnttab_copy on the translated array: preempted, it leaves the rest for a continuation.
    const status: number[] = [];
    for (let j = 0; j < n; j++) {
      if (j !== 0) {
        call.work++;
        if (hypercallPreemptCheck(call)) {
          rc = n - j;
          break;
        }
      }
      const b = batch[j]!;
      status.push(gnttabCopyOne(call, b.op, b.source, b.dest));
    }
    if (rc > 0) {
      i -= rc;
      n -= rc;
    }
    for (let j = 0; j < n; j++)
      if (!copyField(call, "gnttab_copy_t", uop + (i - n + j) * size, "status", status[j]!))
        rc = failCheck(call.xen.trace, `${ID}.copy_out`, EFAULT);
  }
  return rc > 0 ? i : rc;
}
