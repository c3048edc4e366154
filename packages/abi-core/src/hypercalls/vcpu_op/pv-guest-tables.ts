/**
 * The part of arch_set_info_guest (xen/arch/x86/domain.c) that types frames for a PV vCPU being
 * initialised, in Xen's order: put_old_guest_table(current), pv_set_gdt
 * (xen/arch/x86/pv/descriptor-tables.c) taking each GDT frame as a descriptor page, then the
 * CR3 frame as the root page table (an L4; a 32-bit guest's PAE L3) and, for a 64-bit guest with
 * ctrlreg[1] set, the user root table, each validated with the tables below it. A failure drops
 * what it took as Xen does: pv_set_gdt its frames taken so far, arch_set_info_guest the new GDT
 * (pv_destroy_gdt) once the CR3 stage fails, though a kernel table already installed in
 * guest_table keeps its reference when the user table fails, as in Xen; a table that failed past
 * its first slot stays with the caller's old_guest_table until its next call. A preempted
 * validation answers -ERESTART with the GDT dropped and the tables left partial for the
 * continuation; if it was the user table's, the kernel table waits in v's old_guest_table.
 */
import type { Vcpu } from "../../machine/domain.js";
import { EINVAL } from "../../machine/errno.js";
import { failCheck } from "../../machine/trace.js";
import { FIRST_RESERVED_GDT_ENTRY } from "./descriptor.js";
import {
  CONFLICT,
  ERESTART,
  owned,
  putOldGuestTable,
  putType,
  takeType,
  type PtContext,
} from "./page-type.js";

const ID = "vcpu_op.initialise";

/** pv_destroy_gdt: drop each GDT frame's type reference. */
function destroyGdt(ctx: PtContext, v: Vcpu): void {
  for (const f of v.pv.gdtFrames) putType(ctx, f);
  v.pv.gdtFrames = [];
  v.pv.gdtEnts = 0;
}

/** pv_set_gdt(v, frames, entries): 0 with the frames typed and installed, or -EINVAL. */
function pvSetGdt(ctx: PtContext, v: Vcpu, frames: readonly bigint[], entries: number): number {
  const { trace, d } = ctx;
  if (entries > FIRST_RESERVED_GDT_ENTRY)
    return failCheck(trace, `${ID}.pv_gdt_entries`, EINVAL, "gdt_ents", entries);
  const taken: number[] = [];
  const fail = (rc: number): number => {
    for (const f of taken.reverse()) putType(ctx, f);
    return rc;
  };
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (!owned(d, f)) return fail(failCheck(trace, `${ID}.pv_gdt_frame`, EINVAL, "gdt_frames", i));
    const rc = takeType(ctx, Number(f), "seg_desc");
    if (rc === CONFLICT) return fail(failCheck(trace, `${ID}.pv_gdt_type`, EINVAL, "seg_desc", i));
    if (rc !== 0) return fail(rc);
    taken.push(Number(f));
  }
  destroyGdt(ctx, v);
  v.pv.gdtFrames = taken;
  v.pv.gdtEnts = entries;
  return 0;
}

export interface TablesRequest {
  readonly gdtEnts: bigint;
  readonly gdtFrames: readonly bigint[];
  /** The CR3 frame (compat: rotated) and the 64-bit user CR3 (ctrlreg[1], 0: none). */
  readonly pfn: bigint;
  readonly cr1: bigint;
  readonly compat: boolean;
}

/** get_page_type_preemptible(frame, root type): 0 or -errno (a conflict traced as `conflictId`). */
function takeRoot(ctx: PtContext, frame: number, compat: boolean, conflictId: string): number {
  const rc = takeType(ctx, frame, compat ? "l3" : "l4");
  return rc === CONFLICT ? failCheck(ctx.trace, conflictId, EINVAL, "type") : rc;
}

/**
 * From put_old_guest_table(current) to the root tables installed: 0, -errno or -ERESTART. What
 * the machine cannot model throws PtUnmodelled (the caller undoes the call).
 */
export function setGuestTables(ctx: PtContext, v: Vcpu, r: TablesRequest): number {
  const { trace, d } = ctx;
  putOldGuestTable(ctx, ctx.current);
  const gdt = pvSetGdt(ctx, v, r.gdtFrames, Number(r.gdtEnts & 0xffff_ffffn));
  if (gdt !== 0) return gdt;
  if (!owned(d, r.pfn)) {
    destroyGdt(ctx, v);
    return failCheck(trace, `${ID}.pv_cr3`, EINVAL, "ctrlreg[3]");
  }
  const pfn = Number(r.pfn);
  let rc = 0;
  if (pfn === v.pv.oldGuestTable) {
    // A continuation after the user table was preempted: v still holds this kernel table.
    v.pv.oldGuestTable = null;
  } else {
    if (!r.compat) putOldGuestTable(ctx, v);
    rc = takeRoot(ctx, pfn, r.compat, `${ID}.pv_cr3_type`);
  }
  if (rc !== 0) {
    destroyGdt(ctx, v);
    return rc;
  }
  // 64-bit: fill_ro_mpt would copy the host's RO M2P entry into slot 256, 0 in the machine.
  // 32-bit: Xen writes the L3 into slot 0 of its own L4 for the vCPU, not a guest frame.
  v.pv.guestTable = pfn;
  if (r.cr1 === 0n) return 0;
  const upfn = r.cr1 >> 12n;
  if (!owned(d, upfn)) {
    destroyGdt(ctx, v);
    return failCheck(trace, `${ID}.pv_cr1`, EINVAL, "ctrlreg[1]");
  }
  const urc = takeRoot(ctx, Number(upfn), false, `${ID}.pv_cr1_type`);
  if (urc === -ERESTART) {
    // The kernel table, validated, waits in v's old_guest_table for the continuation.
    Object.assign(v.pv, { oldGuestTable: pfn, oldGuestTablePartial: false, oldGuestPtpg: null });
    v.pv.guestTable = null;
  }
  if (urc !== 0) {
    destroyGdt(ctx, v);
    return urc;
  }
  v.pv.guestTableUser = Number(upfn);
  return 0;
}
