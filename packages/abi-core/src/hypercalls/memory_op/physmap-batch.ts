/**
 * XENMEM_add_to_physmap_batch: xen/common/memory.c do_memory_op and
 * xenmem_add_to_physmap_batch; for a 32-bit x86 guest, xen/common/compat/memory.c
 * compat_memory_op translates first. `size` entries of idxs and gpfns are mapped one by one,
 * each one's result (0 or -errno) written to errs; the call's own result is 0, an errno that
 * stops it, or a continuation that resumes from the next entry (kept in cmd's bits above
 * MEMOP_EXTENT_SHIFT, so at most 0xffff: typeof(size) is uint16_t).
 */
import { argAddr, unmodelled, type HypercallCall } from "../../machine/call.js";
import { type Domain, isCompatDomain, pagingModeTranslate } from "../../machine/domain.js";
import { EDOM, EFAULT, EILSEQ, EINVAL, EOPNOTSUPP, ESRCH } from "../../machine/errno.js";
import { readGuestUint } from "../../machine/guest-access.js";
import { readStruct } from "../../machine/structio.js";
import { failCheck } from "../../machine/trace.js";
import { fieldOf } from "../../abi/layout.js";
import { layoutOf } from "../../table/structs.js";
import { hypercallCreateContinuation, hypercallPreemptCheck } from "../continuation.js";
import { domainByAnyId } from "../event_channel_op/ports.js";
import {
  HYPERVISOR_memory_op,
  MEMOP_EXTENT_SHIFT,
  XENMAPSPACE_dev_mmio,
  XENMAPSPACE_gmfn_foreign,
  XENMAPSPACE_gmfn_range,
  XENMEM_add_to_physmap_batch,
} from "./constants.js";
import { addToPhysmapOne, isInvalidGfn, xatpPermissionCheck } from "./physmap.js";

const OP = "memory_op.add_to_physmap_batch";

/**
 * compat_memory_op's translation area: COMPAT_ARG_XLAT_SIZE (2 pages) holds the native
 * struct (32 bytes) and, per entry, an 8-byte idx and an 8-byte gpfn: 510 entries a round.
 */
const COMPAT_LIMIT = Math.floor((2 * 4096 - 32) / (8 + 8));

/** The batch's struct fields as do_memory_op sees them (native, or after translation). */
interface Batch {
  readonly domid: number;
  readonly space: number;
  readonly size: number;
  readonly u: number;
  readonly errs: number;
}

/** The entry reader: [idx, gpfn] of entry i, or undefined when the copy faults. */
type Entries = (i: number) => readonly [bigint, bigint] | undefined;

/** Element sizes of idxs (xen_ulong_t) and gpfns (xen_pfn_t) in the caller's layout. */
function elementSizes(d: Domain): readonly [4 | 8, 4 | 8] {
  const l = layoutOf("xen_add_to_physmap_t", d.mode);
  return [fieldOf(l, "idx")!.size as 4 | 8, fieldOf(l, "gpfn")!.size as 4 | 8];
}

/**
 * do_memory_op's case from the EDOM check on: `rc` is 0, -errno, or (> 0) the entry to
 * resume from; the caller turns the last into a continuation.
 */
function doBatch(call: HypercallCall, start: number, b: Batch, entries: Entries): number {
  const t = call.xen.trace;
  const rel = call.xen.profile.minor;
  // typeof(xatpb.size) is uint16_t: a resume extent beyond it is bogus input (the native
  // path checked it before reading the struct; the compat path reaches it here).
  if (start > 0xffff) return failCheck(t, `${OP}.resume_bits`, EDOM, "start_extent", start);
  // "This mapspace is unsupported for this hypercall."
  if (b.space === XENMAPSPACE_gmfn_range) return failCheck(t, `${OP}.gmfn_range`, EOPNOTSUPP);
  const d = domainByAnyId(call.xen, call.domain, b.domid);
  if (d === undefined) return failCheck(t, `${OP}.domid`, ESRCH, "domid", b.domid);
  const rc = xatpPermissionCheck(call, OP, d, b.space);
  if (rc !== 0) return rc;
  if (!pagingModeTranslate(d))
    return unmodelled(call, "memory_op/XENMEM_add_to_physmap_batch(a PV domain, before 4.13)");
  // xenmem_add_to_physmap_batch
  if (b.size < start) return failCheck(t, `${OP}.resume_past_end`, EILSEQ, "start_extent", start);
  // From 4.13 a resume at the end is -EILSEQ too (4.12 ran no entry and answered 0).
  if (b.size === start && rel >= 13)
    return start !== 0 ? failCheck(t, `${OP}.resume_at_end`, EILSEQ, "start_extent", start) : 0;
  // guest_handle_subrange_okay is (1) on Arm and for x86 HVM (paging_mode_external); the PV
  // guests it checks were turned away above.
  // XSA-346 (4.15.0; 4.12.4, 4.13.2, 4.14.1): release-differences.ts physmapBatchRes0.
  if (call.xen.profile.physmapBatchRes0 && b.space === XENMAPSPACE_dev_mmio && b.u !== 0)
    return failCheck(t, `${OP}.dev_mmio_res0`, EOPNOTSUPP);
  const foreign = b.space === XENMAPSPACE_gmfn_foreign ? b.u : 0;
  const err = new Uint8Array(4);
  for (let i = start; i < b.size;) {
    const e = entries(i);
    if (e === undefined) return failCheck(t, `${OP}.entry_copy`, EFAULT, "entry", i);
    // From 4.17 (ef0f94a48f): INVALID_GFN stops the call, with no error written for it.
    if (rel >= 17 && isInvalidGfn(call, e[1]))
      return failCheck(t, `${OP}.invalid_gfn`, EINVAL, "entry", i);
    const r = addToPhysmapOne(call, OP, d, b.space, foreign, e[0], e[1]);
    if (call.unmodelled !== null) return 0;
    new DataView(err.buffer).setInt32(0, r, true);
    if (!call.domain.memory.write(b.errs + i * 4, err))
      return failCheck(t, `${OP}.errs_copy`, EFAULT, "entry", i);
    // Check for a continuation unless that was the last entry.
    i++;
    call.work++;
    if (b.size > i && hypercallPreemptCheck(call)) return i;
  }
  return 0;
}

function continueAt(call: HypercallCall, extent: number): number {
  return hypercallCreateContinuation(call, HYPERVISOR_memory_op, [
    XENMEM_add_to_physmap_batch + extent * 2 ** MEMOP_EXTENT_SHIFT,
    argAddr(call, 1),
  ]);
}

/** The native path: do_memory_op reads the struct after the EDOM check. */
function nativeBatch(call: HypercallCall, start: number): number {
  const t = call.xen.trace;
  if (start > 0xffff) return failCheck(t, `${OP}.resume_bits`, EDOM, "start_extent", start);
  const cd = call.domain;
  const x = copyInBatch(call);
  if (x === undefined) return failCheck(t, `${OP}.copy_in`, EFAULT);
  const [idxSize, gpfnSize] = elementSizes(cd);
  const idxs = Number(x.idxs as bigint);
  const gpfns = Number(x.gpfns as bigint);
  const entries: Entries = (i) => {
    const idx = readGuestUint(cd.memory, idxs + i * idxSize, idxSize);
    const gpfn =
      idx === undefined ? undefined : readGuestUint(cd.memory, gpfns + i * gpfnSize, gpfnSize);
    return gpfn === undefined ? undefined : [idx!, gpfn];
  };
  const rc = doBatch(call, start, batchOf(x), entries);
  return rc > 0 ? continueAt(call, rc) : rc;
}

/** copy_from_guest of the xen_add_to_physmap_batch struct, in the caller's layout. */
function copyInBatch(call: HypercallCall) {
  const mode = call.domain.mode;
  return readStruct(
    call.domain.memory,
    argAddr(call, 1),
    layoutOf("xen_add_to_physmap_batch_t", mode),
  );
}

function batchOf(x: Readonly<Record<string, unknown>>, size?: number): Batch {
  return {
    domid: Number(x.domid as bigint),
    space: Number(x.space as bigint),
    size: size ?? Number(x.size as bigint),
    u: Number(x.u as bigint),
    errs: Number(x.errs as bigint),
  };
}

/**
 * compat_memory_op: read the compat struct (-EFAULT before any other check), then in rounds of
 * at most COMPAT_LIMIT entries copy each round's idxs and gpfns (4 bytes each) into the
 * translation area, zero-extended, and run do_memory_op on that round with size cut to the
 * round's end; between rounds, a preemption point.
 */
function compatBatch(call: HypercallCall, start: number): number {
  const t = call.xen.trace;
  const cd = call.domain;
  const x = copyInBatch(call);
  if (x === undefined) return failCheck(t, `${OP}.copy_in`, EFAULT);
  const size = Number(x.size as bigint);
  // compat_handle_okay(idxs/gpfns/errs, size): the model's 32-bit guests' addresses are all
  // below the compat hypervisor area, and an HVM guest's always pass.
  const idxs = Number(x.idxs as bigint);
  const gpfns = Number(x.gpfns as bigint);
  for (;;) {
    const end = Math.min(start + COMPAT_LIMIT, size);
    const nat: [bigint, bigint][] = [];
    for (let i = start; i < end; i++) {
      const idx = readGuestUint(cd.memory, idxs + i * 4, 4);
      const gpfn = idx === undefined ? undefined : readGuestUint(cd.memory, gpfns + i * 4, 4);
      if (gpfn === undefined) return failCheck(t, `${OP}.compat_entry_copy`, EFAULT, "entry", i);
      nat.push([idx!, gpfn]);
    }
    const split = end < size;
    const rc = doBatch(call, start, batchOf(x, split ? end : size), (i) => nat[i - start]);
    if (rc < 0 || call.unmodelled !== null) return rc;
    if (rc > 0) return continueAt(call, rc);
    if (!split) return rc;
    start = end;
    if (hypercallPreemptCheck(call)) return continueAt(call, start);
  }
}

/** memory_op(XENMEM_add_to_physmap_batch, arg), resuming at `start`. */
export function addToPhysmapBatch(call: HypercallCall, start: number): number {
  return isCompatDomain(call.domain) ? compatBatch(call, start) : nativeBatch(call, start);
}
