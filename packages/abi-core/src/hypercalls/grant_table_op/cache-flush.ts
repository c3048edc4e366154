/**
 * GNTTABOP_cache_flush: gnttab_cache_flush, _cache_flush and grant_map_exists
 * (xen/common/grant_table.c; CONFIG_HAS_GRANT_CACHE_FLUSH: Arm, and every build before 4.21).
 * The flush itself changes nothing a guest can see; what the model decides is whether the
 * caller may flush the page: its own, or one a grant of its owner is pinned for the caller on.
 * The page is found from dev_bus_addr by the model's machine frame numbers (io.ts); a frame
 * number that names no page the model knows reports unmodelled (Xen's answer, -EINVAL for an
 * invalid frame or -EPERM for one without an owner, depends on the host's memory).
 *
 * A grant table of more than 4096 entries is searched in one pass here; Xen stops after 4096
 * and continues the hypercall with the next ref in cmd's upper bits.
 */
import { unmodelled, type HypercallCall } from "../../machine/call.js";
import type { Domain } from "../../machine/domain.js";
import { EFAULT, EILSEQ, EINVAL } from "../../machine/errno.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import { failCheck } from "../../machine/trace.js";
import { hypercallPreemptCheck } from "../continuation.js";
import { copyIn, opSize } from "./io.js";
import { frameMfn } from "./map.js";

const ID = "grant_table_op.cache_flush";
const GNTTAB_CACHE_CLEAN = 1;
const GNTTAB_CACHE_INVAL = 2;

/** The page machine frame `mfn` names and its owner, as io.ts numbers them; null: none. */
function pageOf(call: HypercallCall, mfn: number): { owner: Domain; page: Uint8Array } | null {
  // A domain's RAM frame: ((domid + 16) << 20) + gfn.
  const domid = Math.floor(mfn / 2 ** 20) - 16;
  const rd = domid >= 0 ? call.xen.domains.get(domid) : undefined;
  if (rd !== undefined) {
    const gfn = mfn % 2 ** 20;
    const mem = rd.memory;
    if (gfn >= mem.nrFrames || !mem.hasFrame(gfn) || mem.isForeign(gfn)) return null;
    return { owner: rd, page: mem.frame(gfn) };
  }
  // Xen's pages shared with a domain (shared_info, grant and status frames): owned by it.
  for (const d of call.xen.domains.values()) {
    const gt = d.gnttab;
    const pages = [d.sharedInfo, ...(gt?.shared ?? []), ...(gt?.status ?? [])];
    for (const p of pages) if (frameMfn(d, -1, p) === mfn) return { owner: d, page: p };
  }
  return null;
}

/** _cache_flush(cflush, cur_ref) on one op: 0, -errno, or null when not modelled. */
function cacheFlushOne(
  call: HypercallCall,
  a: number,
  offset: number,
  length: number,
  op: number,
  curRef: number,
): number | null {
  const trace = call.xen.trace;
  if (
    offset >= PAGE_SIZE ||
    length > PAGE_SIZE ||
    offset + length > PAGE_SIZE ||
    (op & ~(GNTTAB_CACHE_INVAL | GNTTAB_CACHE_CLEAN)) !== 0
  )
    return failCheck(trace, `${ID}.args`, EINVAL);
  if (length === 0 || op === 0)
    return curRef === 0 ? 0 : failCheck(trace, `${ID}.stale_ref`, EILSEQ, "cur_ref", curRef);
  // GNTTAB_CACHE_SOURCE_GREF (-EOPNOTSUPP) cannot get here: the op check refuses its bit.
  const mfn = Math.floor(a / PAGE_SIZE);
  const found = pageOf(call, mfn);
  if (found === null) {
    unmodelled(call, "grant_table_op/cache_flush(a frame the model has no page for)");
    return null;
  }
  const d = call.domain;
  if (found.owner !== d) {
    // grant_map_exists: a grant of the owner pinned for the caller on this very frame.
    const gt = found.owner.gnttab;
    let hit = false;
    for (const act of gt?.active.values() ?? [])
      if (act.pin !== 0 && act.domid === d.id && act.page === found.page) hit = true;
    if (!hit) return failCheck(trace, `${ID}.no_map`, EINVAL);
  }
  return 0; // clean / invalidate: nothing a guest sees
}

/**
 * gnttab_cache_flush(uop, cur_ref, count): ops done before a preemption, 0, or -errno; the
 * cur_ref it leaves (cmd's upper bits on a continuation) is always 0 here.
 */
export function gnttabCacheFlush(
  call: HypercallCall,
  uop: number,
  curRef: number,
  count: number,
): number {
  const size = opSize(call, "gnttab_cache_flush_t");
  let ref = curRef;
  for (let i = 0; i < count; i++) {
    if (i !== 0) {
      call.work++;
      if (hypercallPreemptCheck(call)) return i;
    }
    const op = copyIn(call, "gnttab_cache_flush_t", uop + i * size);
    if (op === null) return failCheck(call.xen.trace, `${ID}.copy_in`, EFAULT);
    const rc = cacheFlushOne(call, op.a!, op.offset!, op.length!, op.op!, ref);
    if (rc === null) return 0;
    if (rc < 0) return rc;
    ref = 0;
  }
  return 0;
}
