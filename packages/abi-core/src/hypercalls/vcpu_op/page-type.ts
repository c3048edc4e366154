/**
 * Taking and dropping a PV frame's type (xen/arch/x86/mm.c: _get_page_type, validate_page,
 * _put_page_type, _put_final_page_type, devalidate_page) on the domain's type info
 * (machine/page-type.ts). A frame with type references keeps its type: taking another is a
 * conflict (-EINVAL from the callers, or -EBUSY for an L1's writable mapping). A frame whose
 * count is 0 takes any type; a change of type clears the validated bit, and a frame not validated
 * has its contents validated for the new type. A failed validation leaves the frame untyped
 * (type_info 0) unless the validation made it the calling vCPU's old_guest_table (a page table
 * that failed past its first slot): then it stays typed, count 1, PGT_partial. Dropping the last
 * reference to a validated or partial page table devalidates it, dropping what its entries took.
 *
 * A validation Xen preempts (PtContext.preempt) leaves its tables partial and returns -ERESTART,
 * and the call goes on in a continuation. What the machine does not run reports `unmodelled` by
 * throwing PtUnmodelled, which arch_set_info_guest's caller catches to undo the whole call: a
 * table being validated taken again (Xen would wait), and a page table in use or partly
 * validated that the guest has
 * written since (a real PV guest's mappings of it are read-only). A partly validated table taken
 * again (one a release build's failure left with no holder) resumes its validation where it
 * stopped, as Xen's does.
 */
import type { Domain, Vcpu } from "../../machine/domain.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import { untyped, type PageType, type PageTypeInfo } from "../../machine/page-type.js";
import type { TraceSink } from "../../machine/trace.js";

/** What the machine cannot model in a PV VCPUOP_initialise: the call is undone and unmodelled. */
export class PtUnmodelled extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

/** Xen's ERESTART (public/errno.h): a validation preempted, to go on in a continuation. */
export const ERESTART = 85;

/** A frame's type taken, or a conflict with the type it holds (the caller traces it). */
export const CONFLICT = "conflict";
export type TakeOutcome = number | typeof CONFLICT;

/** Everything a page-table validation needs: the call's machine and the level functions. */
export interface PtContext {
  readonly trace: TraceSink;
  readonly d: Domain;
  /** `current`: the vCPU making the call, whose old_guest_table a failure may set. */
  readonly current: Vcpu;
  readonly minor: number;
  /** A debug build: its ASSERTs stop the host where a release build goes on. */
  readonly debug: boolean;
  /**
   * The model's hypercall_preempt_check() at one of Xen's preemption points (continuation.ts).
   * The unit of work this path counts (`tick`) is a page table validated: once the budget's
   * worth are validated in one invocation, the next preemption point (promote_l2_table's or
   * promote_l3_table's, before each slot past the first it looks at) preempts the call.
   */
  readonly preempt: () => boolean;
  readonly tick: () => void;
  /** Keep frame `frame`'s bytes for the undo before the validation writes it. */
  readonly touch: (frame: number) => void;
  /**
   * validate_page for a page table or descriptor page: 0 or -errno (traced). A table's
   * validation starts at info.nrValidated, the first entry's reference partial if
   * info.partialSet (both 0 unless it resumes).
   */
  readonly validate: (frame: number, info: PageTypeInfo) => number;
  /** devalidate_page: drop what a page table's validated entries took. */
  readonly devalidate: (frame: number, info: PageTypeInfo, partial: boolean) => void;
}

const TABLES: readonly PageType[] = ["l1", "l2", "l3", "l4"];
export const isTable = (t: PageType): boolean => TABLES.includes(t);

/**
 * mfn_valid and get_page(page, d): a frame of the domain's own memory now. A frame mapping a
 * page that is not its RAM (another domain's granted page, which get_page refuses, or Xen's
 * shared_info, which holds a writable type) counts as not the domain's.
 */
export function owned(d: Domain, frame: bigint): boolean {
  if (frame < 0n || frame >= BigInt(d.memory.nrFrames)) return false;
  const f = Number(frame);
  return d.memory.hasFrame(f) && !d.memory.isForeign(f);
}

export function frameBytes(d: Domain, frame: number): Uint8Array {
  return d.memory.readBytes(frame * PAGE_SIZE, PAGE_SIZE)!;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * _get_page_type(page, type): 0 with one more type reference, CONFLICT on a frame held as
 * another type (or, `paeXenL2`, with the other PGT_pae_xen_l2 bit), or the validation's -errno.
 */
export function takeType(
  ctx: PtContext,
  frame: number,
  type: PageType,
  paeXenL2 = false,
): TakeOutcome {
  const info = ctx.d.pageTypes.of(frame);
  if (info.count > 0) {
    if (info.type !== type || info.paeXenL2 !== paeXenL2) return CONFLICT;
    if (!info.validated && !info.partial)
      throw new PtUnmodelled(
        "vcpu_op/VCPUOP_initialise(a page table whose validation is in progress)",
      );
    if (
      isTable(type) &&
      info.contents !== null &&
      !sameBytes(frameBytes(ctx.d, frame), info.contents)
    )
      throw new PtUnmodelled(
        "vcpu_op/VCPUOP_initialise(a page table in use or partly validated that the guest wrote since, which a PV guest's read-only mappings of it cannot do)",
      );
    if (info.validated) {
      info.count++;
      return 0;
    }
    // PGT_partial: the validation lock is taken with the partial reference, and the validation
    // resumes where it stopped (nr_validated_ptes, the entry's PTF_partial_set).
    info.partial = false;
    return validated(ctx, frame, info);
  }
  if (info.type !== type) {
    info.type = type;
    info.validated = false;
    info.contents = null;
  } else if (info.validated && info.contents !== null) {
    // A descriptor page written since its validation: in Xen only through a writable type.
    if (!sameBytes(frameBytes(ctx.d, frame), info.contents)) info.validated = false;
  }
  info.paeXenL2 = paeXenL2;
  info.count = 1;
  if (info.validated) return 0;
  if (type === "writable") {
    info.validated = true;
    return 0;
  }
  Object.assign(info, { partial: false, nrValidated: 0, partialSet: false, linear: 0 });
  return validated(ctx, frame, info);
}

/**
 * validate_page's outcome on a frame with its type reference taken: validated, partial (-ERESTART:
 * preempted; or a failure that made the table old_guest_table), or untyped.
 */
function validated(ctx: PtContext, frame: number, info: PageTypeInfo): number {
  const rc = ctx.validate(frame, info);
  if (rc === 0) {
    info.validated = true;
    info.contents = frameBytes(ctx.d, frame);
    if (isTable(info.type)) ctx.tick();
  } else if (rc === -ERESTART || frame === ctx.current.pv.oldGuestTable) {
    info.partial = true;
    info.contents = frameBytes(ctx.d, frame);
  } else {
    Object.assign(info, untyped());
  }
  return rc;
}

/**
 * _put_page_type(page, flags, ptpg): drop a type reference (`partialSet`: only a partial one,
 * nothing if the frame is not partial). The last one to a validated or partial page table
 * devalidates it; a linear reference (ptpg of the same type) gives back its linear counts.
 */
export function putType(
  ctx: PtContext,
  frame: number,
  partialSet = false,
  ptpg: number | null = null,
): void {
  const info = ctx.d.pageTypes.of(frame);
  if (!partialSet) {
    if (info.count === 0 || info.partial)
      throw new Error(`put_page_type: frame ${frame} holds no full type reference`);
  } else if (!info.partial) return;
  const parent = ptpg === null ? undefined : ctx.d.pageTypes.of(ptpg);
  const linear = parent !== undefined && parent.type === info.type;
  if (info.count === 1 && isTable(info.type) && (info.validated || info.partial)) {
    const { validated, partial } = info;
    info.validated = false;
    info.partial = false;
    ctx.devalidate(frame, info, partial);
    if (linear && validated) {
      info.linear++;
      parent.linear--;
    }
    info.count = 0;
    return;
  }
  info.count--;
  if (linear) {
    info.linear++;
    parent.linear--;
  }
}

/** put_old_guest_table(v): drop the reference a failed validation left with the vCPU. */
export function putOldGuestTable(ctx: PtContext, v: Vcpu): void {
  const old = v.pv.oldGuestTable;
  if (old === null) return;
  putType(ctx, old, v.pv.oldGuestTablePartial, v.pv.oldGuestPtpg);
  v.pv.oldGuestTable = null;
  v.pv.oldGuestPtpg = null;
  v.pv.oldGuestTablePartial = true;
}
