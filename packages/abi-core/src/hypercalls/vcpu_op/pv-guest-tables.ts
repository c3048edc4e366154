/**
 * The part of arch_set_info_guest (xen/arch/x86/domain.c) that types frames for a PV vCPU being
 * initialised, in Xen's order: put_old_guest_table(current), pv_set_gdt
 * (xen/arch/x86/pv/descriptor-tables.c) taking each GDT frame as a descriptor page, then the
 * CR3 frame as the root page table (an L4; a 32-bit guest's PAE L3) and, for a 64-bit guest with
 * ctrlreg[1] set, the user root table. A failure drops what it took as Xen does: pv_set_gdt its
 * frames taken so far, arch_set_info_guest the new GDT (pv_destroy_gdt) once the CR3 stage fails,
 * though a kernel table already installed in guest_table keeps its reference when the user table
 * fails, as in Xen.
 */
import type { Domain, Vcpu } from "../../machine/domain.js";
import { EINVAL } from "../../machine/errno.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import type { PageTypeInfo } from "../../machine/page-type.js";
import { failCheck, type TraceSink } from "../../machine/trace.js";
import { FIRST_RESERVED_GDT_ENTRY, validateSegdescPage } from "./descriptor.js";
import { getPageType, putPageType } from "./page-type.js";
import { promoteL3Compat, promoteL4 } from "./pv-root-table.js";

const ID = "vcpu_op.initialise";

/**
 * mfn_valid and get_page(page, d): a frame of the domain's own memory now. A frame mapping a
 * page that is not its RAM (another domain's granted page, which get_page refuses, or Xen's
 * shared_info, which holds a writable type) counts as not the domain's: -EINVAL either way.
 */
export function owned(d: Domain, frame: bigint): boolean {
  if (frame >= BigInt(d.memory.nrFrames)) return false;
  const f = Number(frame);
  return d.memory.hasFrame(f) && !d.memory.isForeign(f);
}

/**
 * What the typing may change (the frames' type info and bytes, the vCPUs' tables), and a function
 * that puts it back: a call answered `unmodelled` leaves the machine as it found it.
 */
export function snapshot(d: Domain, vcpus: readonly Vcpu[], frames: readonly number[]): () => void {
  const types = frames.map((f): [number, PageTypeInfo] => [f, { ...d.pageTypes.of(f) }]);
  const bytes = frames.map((f): [number, Uint8Array] => [
    f,
    d.memory.readBytes(f * PAGE_SIZE, PAGE_SIZE)!,
  ]);
  const pv = vcpus.map((v) => ({ ...v.pv, gdtFrames: [...v.pv.gdtFrames] }));
  return () => {
    for (const [f, info] of types) Object.assign(d.pageTypes.of(f), info);
    for (const [f, b] of bytes) d.memory.write(f * PAGE_SIZE, b);
    vcpus.forEach((v, i) => Object.assign(v.pv, pv[i]));
  };
}

/** pv_destroy_gdt: drop each GDT frame's type reference. */
function destroyGdt(d: Domain, v: Vcpu): void {
  for (const f of v.pv.gdtFrames) putPageType(d, f);
  v.pv.gdtFrames = [];
  v.pv.gdtEnts = 0;
}

/** put_old_guest_table: drop the reference a partly validated table left with the vCPU. */
function putOldGuestTable(d: Domain, v: Vcpu): void {
  if (v.pv.oldGuestTable === null) return;
  putPageType(d, v.pv.oldGuestTable);
  v.pv.oldGuestTable = null;
}

/** pv_set_gdt(v, frames, entries): 0 with the frames typed and installed, or -EINVAL. */
function pvSetGdt(
  trace: TraceSink,
  d: Domain,
  v: Vcpu,
  frames: readonly bigint[],
  entries: number,
): number {
  if (entries > FIRST_RESERVED_GDT_ENTRY)
    return failCheck(trace, `${ID}.pv_gdt_entries`, EINVAL, "gdt_ents", entries);
  const taken: number[] = [];
  const fail = (rc: number): number => {
    for (const f of taken.reverse()) putPageType(d, f);
    return rc;
  };
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i]!;
    if (!owned(d, f)) return fail(failCheck(trace, `${ID}.pv_gdt_frame`, EINVAL, "gdt_frames", i));
    const frame = Number(f);
    const validate = (fr: number): number =>
      validateSegdescPage(trace, d, fr, `${ID}.pv_gdt_descriptor`);
    const rc = getPageType(trace, d, frame, "seg_desc", validate, `${ID}.pv_gdt_type`);
    if (rc !== 0) return fail(rc as number); // a descriptor page's validation is always modelled
    taken.push(frame);
  }
  destroyGdt(d, v);
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
  readonly minor: number;
}

/**
 * From put_old_guest_table(current) to the root tables installed: 0, -errno, or unmodelled (the
 * caller undoes what was done).
 */
export function setGuestTables(
  trace: TraceSink,
  d: Domain,
  v: Vcpu,
  caller: Vcpu,
  r: TablesRequest,
): number | { readonly unmodelled: string } {
  putOldGuestTable(d, caller);
  const gdt = pvSetGdt(trace, d, v, r.gdtFrames, Number(r.gdtEnts & 0xffff_ffffn));
  if (gdt !== 0) return gdt;
  if (!owned(d, r.pfn)) {
    destroyGdt(d, v);
    return failCheck(trace, `${ID}.pv_cr3`, EINVAL, "ctrlreg[3]");
  }
  const pfn = Number(r.pfn);
  // Not the vCPU's old_guest_table (only a preempted call leaves one, and none is preempted).
  const rc = r.compat
    ? getPageType(
        trace,
        d,
        pfn,
        "l3",
        (f) => promoteL3Compat(trace, d, f, r.minor),
        `${ID}.pv_cr3_type`,
      )
    : getPageType(trace, d, pfn, "l4", (f) => promoteL4(d, f), `${ID}.pv_cr3_type`);
  if (typeof rc !== "number" && "unmodelled" in rc) return rc;
  if (typeof rc !== "number") {
    // Failed past slot 0: Xen keeps the table typed, held by the caller's old_guest_table.
    caller.pv.oldGuestTable = pfn;
    destroyGdt(d, v);
    return rc.partial;
  }
  if (rc !== 0) {
    destroyGdt(d, v);
    return rc;
  }
  // 64-bit: fill_ro_mpt would copy the host's RO M2P entry into slot 256, 0 in the machine.
  // 32-bit: Xen writes the L3 into slot 0 of its own L4 for the vCPU, not a guest frame.
  v.pv.guestTable = pfn;
  if (r.cr1 === 0n) return 0;
  const upfn = r.cr1 >> 12n;
  if (!owned(d, upfn)) {
    destroyGdt(d, v);
    return failCheck(trace, `${ID}.pv_cr1`, EINVAL, "ctrlreg[1]");
  }
  const urc = getPageType(
    trace,
    d,
    Number(upfn),
    "l4",
    (f) => promoteL4(d, f),
    `${ID}.pv_cr1_type`,
  );
  if (typeof urc !== "number") return urc as { unmodelled: string }; // an L4 is never partial
  if (urc !== 0) {
    destroyGdt(d, v);
    return urc;
  }
  v.pv.guestTableUser = Number(upfn);
  return 0;
}
