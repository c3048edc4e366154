/**
 * XENMEM_add_to_physmap with XENMAPSPACE_grant_table: a guest places a frame of its own grant
 * table (or, on a version 2 table, with XENMAPIDX_grant_table_status, a status frame) at a
 * gfn, growing the table as needed (xen/common/grant_table.c: gnttab_map_frame_begin,
 * gnttab_get_shared_frame_mfn, gnttab_get_status_frame_mfn; before 4.17 gnttab_map_frame).
 * Where the frame was mapped before: x86 (xen/arch/x86/mm/p2m.c xenmem_add_to_physmap_one)
 * and every release before 4.17 move it, leaving the old gfn empty; Arm from 4.17
 * (xen/arch/arm/mm.c xenmem_add_to_physmap_one) answers -EBUSY until it is unmapped.
 */
import type { HypercallCall } from "../../machine/call.js";
import type { Domain } from "../../machine/domain.js";
import { EBUSY, EINVAL } from "../../machine/errno.js";
import { XENMAPIDX_grant_table_status } from "./constants.js";
import { gnttabOf } from "./io.js";
import { grantToStatusFrames, gnttabGrowTable } from "./setup.js";

/** Map frame idx of d's grant table at gfn: 0 or -errno. */
export function gnttabMapFrame(call: HypercallCall, d: Domain, idx: bigint, gfn: number): number {
  const gt = gnttabOf(call.xen, d);
  const status = gt.version === 2 && (idx & BigInt(XENMAPIDX_grant_table_status)) !== 0n;
  // The frame index is an unsigned int in gnttab_get_{shared,status}_frame_mfn.
  const i = Number(BigInt.asUintN(32, status ? idx & ~BigInt(XENMAPIDX_grant_table_status) : idx));
  if (status) {
    if (i >= gt.status.length) {
      // status_to_grant_frames(i + 1): 2048 status words per frame, 256 v2 entries per frame.
      const nrGrant = (i + 1) * 8;
      if (grantToStatusFrames(nrGrant) === i + 1 && nrGrant <= gt.maxFrames)
        gnttabGrowTable(gt, nrGrant);
      if (i >= gt.status.length) return -EINVAL;
    }
  } else if (i >= gt.shared.length) {
    if (i + 1 <= gt.maxFrames) gnttabGrowTable(gt, i + 1);
    if (i >= gt.shared.length) return -EINVAL;
  }
  const gfns = status ? gt.statusGfn : gt.sharedGfn;
  const page = (status ? gt.status : gt.shared)[i]!;
  const old = gfns[i]!;
  if (old >= 0) {
    if (call.xen.arch !== "x86_64" && call.xen.profile.minor >= 17) return -EBUSY;
    if (old !== gfn) d.memory.unmap(old);
  }
  d.memory.mapForeign(gfn, page);
  gfns[i] = gfn;
  return 0;
}

/** XENMEM_remove_from_physmap of a grant frame: forget where it was. */
export function gnttabFrameUnmapped(d: Domain, gfn: number): void {
  const gt = d.gnttab;
  if (gt === null) return;
  for (const gfns of [gt.sharedGfn, gt.statusGfn]) {
    const i = gfns.indexOf(gfn);
    if (i >= 0) gfns[i] = -1;
  }
}
