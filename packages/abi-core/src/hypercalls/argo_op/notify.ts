/** XEN_ARGO_OP_notify: argo.c notify(), notify_check_pending() and fill_ring_data(). */
import type { Domain } from "../../machine/domain.js";
import { EACCES, EBUSY, EFAULT, ENODEV } from "../../machine/errno.js";
import { putU32 } from "../../machine/memory.js";
import type { XenState } from "../../machine/state.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import {
  ARGO_MSG_HDR_SIZE,
  MAX_NOTIFY_COUNT,
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_MSG_SLOT_SIZE,
  XEN_ARGO_RING_EBUSY,
  XEN_ARGO_RING_EMPTY,
  XEN_ARGO_RING_EMSGSIZE,
  XEN_ARGO_RING_EXISTS,
  XEN_ARGO_RING_SHARED,
  XEN_ARGO_RING_SUFFICIENT,
} from "./constants.js";
import { guestHandleOkay } from "../../machine/guest-access.js";
import { RING_DATA, RING_DATA_ENT } from "./layouts.js";
import { pendingCancel, pendingFind, pendingNotify, pendingRequeue } from "./pending.js";
import { ringbufPayloadSpace } from "./ring.js";
import { findRingByMatch } from "./sendv.js";
import { argoScratch } from "./scratch.js";
import { argoOf } from "./state.js";

/**
 * notify_check_pending: for each of the caller's own rings, wake every sender whose wanted
 * size now fits. Only the owner's notify does this: it is how waiting senders learn of space.
 */
export function notifyCheckPending(xen: XenState, d: Domain): void {
  const a = argoOf(d)!;
  const toNotify = argoScratch(xen).toNotify;
  for (const bucket of a.ringHash) {
    for (const ring of bucket) {
      const space = ring.len !== 0 ? ringbufPayloadSpace(ring) : 0;
      if (space !== 0) pendingFind(xen, ring, space, toNotify);
    }
  }
  if (toNotify.length > 0) pendingNotify(xen, toNotify);
}

function writeField(xen: XenState, d: Domain, addr: number, v: number, bytes: number): boolean {
  const out = xen.scratch.word;
  putU32(out, 0, v);
  return d.memory.write(addr, out, 0, bytes);
}

/**
 * fill_ring_data: answer one xen_argo_ring_data_ent_t. Writes back only `flags` and
 * `max_message_size` (the latter untouched when the ring's domain is absent or has no Argo),
 * and nothing when the policy forbids sending there (that error ends the notify).
 */
function fillRingData(xen: XenState, currd: Domain, entAddr: number): number {
  const trace = xen.trace;
  const r = xen.scratch.struct;
  const L = RING_DATA_ENT[currd.mode];
  if (!r.read(currd, entAddr, L.size)) return failCheck(trace, "argo_op.notify.copy_ent", EFAULT);
  const aport = r.u32(L.at["ring.aport"]);
  const domid = r.u16(L.at["ring.domain_id"]);
  const spaceRequired = r.u32(L.at.space_required);
  let maxMessageSize = r.u32(L.at.max_message_size);
  let flags = 0;
  let ret = 0;
  const dst = xen.domains.get(domid);
  if (dst !== undefined && argoOf(dst) !== null) {
    ret = xen.argoPolicy.send(currd, dst);
    if (ret !== 0) return passCheck(trace, "argo_op.notify.xsm_send", ret);
    const ring = findRingByMatch(dst, aport, currd.id);
    if (ring !== undefined) {
      flags |= XEN_ARGO_RING_EXISTS;
      maxMessageSize = ring.len - ARGO_MSG_HDR_SIZE - XEN_ARGO_MSG_SLOT_SIZE;
      if (ring.id.partnerId === XEN_ARGO_DOMID_ANY) flags |= XEN_ARGO_RING_SHARED;
      const spaceAvail = ringbufPayloadSpace(ring);
      // No waiting for a size the ring can never hold.
      if (spaceRequired > maxMessageSize) flags |= XEN_ARGO_RING_EMSGSIZE;
      else if (spaceAvail >= spaceRequired) {
        pendingCancel(xen, ring, currd.id);
        flags |= XEN_ARGO_RING_SUFFICIENT;
      } else {
        ret = pendingRequeue(xen, ring, currd.id, spaceRequired);
        if (ret === -EBUSY) {
          flags |= XEN_ARGO_RING_EBUSY;
          ret = 0;
        } else if (ret !== 0) passCheck(trace, "argo_op.notify.pending_nomem", ret);
      }
      if (spaceAvail === maxMessageSize) flags |= XEN_ARGO_RING_EMPTY;
    }
  }
  if (ret !== 0) return ret;
  if (
    !writeField(xen, currd, entAddr + L.at.flags, flags, L.len.flags) ||
    !writeField(xen, currd, entAddr + L.at.max_message_size, maxMessageSize, L.len.max_message_size)
  )
    return failCheck(trace, "argo_op.notify.write_ent", EFAULT);
  return 0;
}

/** notify(currd, ring_data_hnd): 0 or -errno; a null handle only wakes waiting senders. */
export function notify(
  xen: XenState,
  currd: Domain,
  addr: number,
  addrHi: number,
  isNull: boolean,
): number {
  const trace = xen.trace;
  if (argoOf(currd) === null) return failCheck(trace, "argo_op.notify.no_argo", ENODEV);
  notifyCheckPending(xen, currd);
  if (isNull) return 0;
  const r = xen.scratch.struct;
  const L = RING_DATA[currd.mode];
  if (!r.read(currd, addr, L.size))
    return failCheck(trace, "argo_op.notify.copy_ring_data", EFAULT);
  let nent = r.u32(L.at.nent);
  if (nent > MAX_NOTIFY_COUNT)
    return failCheck(trace, "argo_op.notify.nent_max", EACCES, "nent", nent);
  let entAddr = addr + L.at.data;
  const entSize = RING_DATA_ENT[currd.mode].size;
  // guest_handle_okay(ent_hnd, nent): only x86 PV checks, on the address's range of the
  // 48-bit space (ent_hnd = ring_data + 8, which can carry into the high half).
  const entHi = entAddr >= 0x100000000 * (addrHi + 1) ? addrHi + 1 : addrHi;
  if (!guestHandleOkay(currd, entHi)) return failCheck(trace, "argo_op.notify.ent_handle", EFAULT);
  let ret = 0;
  while (ret === 0 && nent-- > 0) {
    ret = fillRingData(xen, currd, entAddr);
    entAddr += entSize;
  }
  return ret;
}
