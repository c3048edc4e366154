/**
 * GNTTABOP_get_status_frames: gnttab_get_status_frames (xen/common/grant_table.c) and
 * compat_grant_table_op's translation of it for 32-bit PV guests
 * (xen/common/compat/grant_table.c). HVM guests never get here (hvm_grant_table_op refuses
 * the op), so the compat path is a PV guest's. frame_list is uint64_t in both ABIs.
 *
 * Releases: 0c229e6c9f (4.16) checks the frame list's handle before the domain lookup;
 * 432ffda15f (4.18) hands the 32-bit guest's own frame_list to the native function instead
 * of a list in the translation area that compat copies out afterwards (and so the guest
 * first learns of a frame it cannot write); 5488cc3a4d (4.18) stops the frame loop at the
 * first fault (before, it went on and wrote what it could).
 */
import type { HypercallCall } from "../../machine/call.js";
import { EFAULT, EINVAL } from "../../machine/errno.js";
import { guestHandleOkay } from "../../machine/guest-access.js";
import { failCheck, namedCheck } from "../../machine/trace.js";
import { GNTST_bad_virt_addr, GNTST_general_error, GNTST_okay } from "./constants.js";
import { copyElement, copyField, copyIn, copyOut, gnttabOf, type Op } from "./io.js";
import { frameNumber, targetDomain } from "./setup.js";

const ID = "grant_table_op";

/** HYPERVISOR_COMPAT_VIRT_START(d): a 32-bit PV domain's hv_compat_vstart (x86 asm/config.h). */
const COMPAT_VIRT_START = 0xf5800000;

/**
 * The native call's frame-list bound in the translation area before 4.18:
 * (COMPAT_ARG_XLAT_SIZE (2 pages) - sizeof(struct gnttab_get_status_frames) (16)) / 8.
 */
const COMPAT_LIMIT = (2 * 4096 - 16) / 8;

/**
 * compat_handle_okay(frame_list, nr_frames) for uint64_t elements (x86_64/uaccess.h:
 * compat_array_access_ok): nr_frames below ~0U / 8 and the list's last byte below
 * hv_compat_vstart (with nr_frames 0, frame_list itself).
 */
function compatHandleOkay(addr: number, nr: number): boolean {
  if (nr >= Math.floor(0xffffffff / 8)) return false;
  return addr + (nr === 0 ? 0 : nr * 8 - 1) < COMPAT_VIRT_START;
}

/**
 * The body of gnttab_get_status_frames after the struct is read: `limit` is the compat
 * translation area's bound before 4.18 (undefined: none), `write` puts frame i where the
 * frame list is and says whether it could. Sets op.status; a -errno when the call fails.
 */
function getStatusFrames(
  call: HypercallCall,
  op: Op,
  limit: number | undefined,
  write: (i: number, frame: bigint) => boolean,
): number {
  const trace = call.xen.trace;
  const d = targetDomain(call, op, "get_status_frames");
  if (d === undefined) return 0;
  const gt = gnttabOf(call.xen, d);
  const nr = op.nr_frames!;
  op.status = GNTST_okay;
  if (nr > gt.status.length) {
    op.status = namedCheck(
      trace,
      `${ID}.get_status_frames.nr_frames`,
      GNTST_general_error,
      "GNTST_general_error",
    );
    return 0;
  }
  // limit_max: ec820035b8 (4.16, backported to 4.13.4, 4.14.3, 4.15.1) compares nr_frames;
  // before, grant_to_status_frames(nr_frames). Either way nr_frames is at most the table's
  // status frames here, far below the bound.
  if (limit !== undefined && limit < nr) {
    op.status = namedCheck(
      trace,
      `${ID}.get_status_frames.compat_limit`,
      GNTST_general_error,
      "GNTST_general_error",
    );
    return 0;
  }
  const bail = call.xen.profile.minor >= 18;
  for (let i = 0; i < nr; i++)
    if (!write(i, frameNumber(call, d, true, i))) {
      op.status = namedCheck(
        trace,
        `${ID}.get_status_frames.frame_list`,
        GNTST_bad_virt_addr,
        "GNTST_bad_virt_addr",
      );
      if (bail) break;
    }
  return 0;
}

/** gnttab_get_status_frames(uop, count): the native ABI. */
export function gnttabGetStatusFrames(call: HypercallCall, uop: number, count: number): number {
  const trace = call.xen.trace;
  if (count !== 1) return failCheck(trace, `${ID}.get_status_frames.count`, EINVAL, "count", count);
  const op = copyIn(call, "gnttab_get_status_frames_t", uop);
  if (op === null) return failCheck(trace, `${ID}.get_status_frames.copy_in`, EFAULT);
  // guest_handle_okay(op.frame_list, op.nr_frames) (4.16+): x86 PV's __addr_ok.
  const list = op.frame_list!;
  if (call.xen.profile.minor >= 16 && !guestHandleOkay(call.domain, Math.floor(list / 2 ** 32)))
    return failCheck(trace, `${ID}.get_status_frames.handle`, EFAULT);
  getStatusFrames(call, op, undefined, (i, frame) => copyElement(call.domain, list, i, 8, frame));
  if (!copyField(call, "gnttab_get_status_frames_t", uop, "status", op.status!))
    return failCheck(trace, `${ID}.get_status_frames.copy_out`, EFAULT);
  return 0;
}

/**
 * compat_grant_table_op's GNTTABOP_get_status_frames (32-bit PV): count 0 does nothing (0),
 * above 1 is -EINVAL; the struct and compat_handle_okay of frame_list are -EFAULT. Before
 * 4.18 the native call fills a list in the translation area and, when the status is
 * GNTST_okay, compat copies each frame to the guest's list, a frame it cannot write leaving
 * the status GNTST_okay; from 4.18 the native call writes the guest's list itself
 * (GNTST_bad_virt_addr at the first frame it cannot write).
 */
export function compatGnttabGetStatusFrames(
  call: HypercallCall,
  uop: number,
  count: number,
): number {
  const trace = call.xen.trace;
  if (count === 0) return 0;
  if (count !== 1)
    return failCheck(trace, `${ID}.get_status_frames.compat_count`, EINVAL, "count", count);
  const op = copyIn(call, "gnttab_get_status_frames_t", uop);
  if (op === null) return failCheck(trace, `${ID}.get_status_frames.copy_in`, EFAULT);
  const list = op.frame_list!;
  const nr = op.nr_frames!;
  if (!compatHandleOkay(list, nr))
    return failCheck(trace, `${ID}.get_status_frames.compat_handle`, EFAULT, "frame_list", list);
  const d = call.domain;
  if (call.xen.profile.minor >= 18) {
    getStatusFrames(call, op, undefined, (i, frame) => copyElement(d, list, i, 8, frame));
    if (!copyField(call, "gnttab_get_status_frames_t", uop, "status", op.status!))
      return failCheck(trace, `${ID}.get_status_frames.copy_out`, EFAULT);
    return 0;
  }
  // The native call's guest_handle_okay on the translation area (4.16, 4.17) passes whatever
  // nr_frames is: the area's alias for 32-bit PV guests (PERDOMAIN_ALT_VIRT_START) lies in
  // the lower half, which __addr_ok accepts without looking at the size.
  const frames: bigint[] = [];
  getStatusFrames(call, op, COMPAT_LIMIT, (i, frame) => {
    frames[i] = frame;
    return true;
  });
  // XLAT_gnttab_get_status_frames back to the guest's struct goes field by field in the
  // struct's order: status is copied before frame_list's handler writes the frames, so the
  // GNTST_bad_virt_addr it sets for a frame it cannot write lands in the native struct only
  // and the guest sees GNTST_okay (real 4.17.5 agrees). Every frame is tried.
  if (op.status === GNTST_okay) for (let i = 0; i < nr; i++) copyElement(d, list, i, 8, frames[i]!);
  // __copy_to_guest of the whole compat struct: only status differs from what was read.
  if (!copyOut(call, "gnttab_get_status_frames_t", uop, op, ["status"]))
    return failCheck(trace, `${ID}.get_status_frames.copy_out`, EFAULT);
  return 0;
}
