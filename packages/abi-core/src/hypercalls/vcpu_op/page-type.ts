/**
 * Taking and dropping a PV frame's type (xen/arch/x86/mm.c: _get_page_type, _put_page_type,
 * validate_page) on the domain's type info (machine/page-type.ts). A frame with type references
 * keeps its type: taking another fails (-EINVAL from the callers). A frame whose count is 0 takes
 * any type; a change of type clears the validated bit, and a frame not validated has its contents
 * validated for the new type (a failure leaves it untyped: type_info 0). Dropping the last
 * reference to a page table clears its validated bit (_put_final_page_type); a descriptor page
 * keeps it. Xen's preemption of a validation never happens here: the validations the machine
 * runs (a descriptor page, a root table with no present guest entry) have no preemption point.
 */
import type { Domain } from "../../machine/domain.js";
import { EINVAL } from "../../machine/errno.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import type { PageType, PageTypeInfo } from "../../machine/page-type.js";
import { failCheck, type TraceSink } from "../../machine/trace.js";

/**
 * -errno (the failing check traced), 0, or what the machine cannot model; `partial`: a
 * page-table validation that failed past its first entry, which Xen leaves typed (count 1, not
 * validated, PGT_partial) and hands to the calling vCPU's old_guest_table.
 */
export type TypeOutcome = number | { readonly unmodelled: string } | { readonly partial: number };

/** Validates frame `frame`'s contents for the type being taken (validate_page). */
export type Validator = (frame: number) => TypeOutcome;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * _get_page_type(page, type): 0 with one more type reference, -EINVAL (check `conflictId`) on a
 * frame held as another type, or the validator's failure, after which the frame is untyped. An
 * unmodelled validation leaves the frame as it was.
 */
export function getPageType(
  trace: TraceSink,
  d: Domain,
  frame: number,
  type: PageType,
  validate: Validator,
  conflictId: string,
): TypeOutcome {
  const info = d.pageTypes.of(frame);
  const before: PageTypeInfo = { ...info };
  if (info.count > 0 && info.type !== type)
    return failCheck(trace, conflictId, EINVAL, info.type, frame);
  if (info.count === 0) {
    if (info.type !== type) {
      info.type = type;
      info.validated = false;
      info.contents = null;
    } else if (info.validated && info.contents !== null) {
      // Written since its validation: in Xen only through a writable type, so validate again.
      const now = d.memory.readBytes(frame * PAGE_SIZE, PAGE_SIZE);
      if (now === undefined || !sameBytes(now, info.contents)) info.validated = false;
    }
  }
  info.count++;
  if (info.validated) return 0;
  const rc = validate(frame);
  if (typeof rc !== "number") {
    if ("unmodelled" in rc) Object.assign(info, before);
    return rc;
  }
  if (rc !== 0) {
    Object.assign(info, { type: "none", count: 0, validated: false, contents: null });
    return rc;
  }
  info.validated = true;
  if (type === "seg_desc") info.contents = d.memory.readBytes(frame * PAGE_SIZE, PAGE_SIZE) ?? null;
  return 0;
}

/** put_page_type: drop one type reference; the last one to a page table devalidates it. */
export function putPageType(d: Domain, frame: number): void {
  const info = d.pageTypes.of(frame);
  if (info.count === 0) throw new Error(`put_page_type: frame ${frame} holds no type reference`);
  info.count--;
  if (
    info.count === 0 &&
    (info.type === "l1" || info.type === "l2" || info.type === "l3" || info.type === "l4")
  )
    info.validated = false;
}
