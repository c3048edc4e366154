/** XEN_ARGO_OP_register_ring (argo.c register_ring), after do_argo_op's own checks. */
import type { Domain } from "../../machine/domain.js";
import { NO_FRAMES } from "../../machine/memory.js";
import {
  ECONNREFUSED,
  EEXIST,
  EFAULT,
  EINVAL,
  ENODEV,
  ENOSPC,
  EPERM,
  ESRCH,
} from "../../machine/errno.js";
import type { XenState } from "../../machine/state.js";
import { failCheck, passCheck, type TraceSink } from "../../machine/trace.js";
import {
  MAX_RINGS_PER_DOMAIN,
  MIN_ARGO_RING_LEN,
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_MAX_RING_SIZE,
  XEN_ARGO_REGISTER_FLAG_FAIL_EXIST,
  XEN_ARGO_REGISTER_FLAG_MASK,
  npagesRing,
  roundupMessage,
} from "./constants.js";
import { GFN_SIZE, REGISTER_RING } from "./layouts.js";
import { ringRemoveInfo, ringRemoveMfns } from "./lifecycle.js";
import { guestRxPtr, guestTxPtr, updateTxPtr } from "./ring.js";
import { hashIndex } from "./ring-id.js";
import { argoOf, findRingInfo, type RingInfo } from "./state.js";

/**
 * argo.c find_ring_mfns: read each gfn (xen_argo_gfn_t, 64-bit) and take its page. A gfn
 * that is not guest RAM fails check_get_page_from_gfn with -EINVAL; a bad gfn array is
 * -EFAULT. Every guest page is p2m_ram_rw and writable in this model.
 */
function findRingMfns(
  xen: XenState,
  trace: TraceSink,
  currd: Domain,
  ring: RingInfo,
  npage: number,
  gfnAddr: number,
): number {
  const r = xen.scratch.struct;
  if (ring.map.frames.length > 0) ringRemoveMfns(ring); // re-registration drops the old mapping first
  const gfns: number[] = [];
  for (let i = 0; i < npage; i++) {
    if (!r.read(currd, gfnAddr + i * GFN_SIZE, GFN_SIZE))
      return failCheck(trace, "argo_op.register_ring.copy_gfn", EFAULT, "index", i);
    // xen_argo_gfn_t is a little-endian uint64_t.
    const lo = r.u32(0);
    const hi = r.u32(4);
    const gfn = hi * 0x100000000 + lo;
    if (hi !== 0 || !currd.memory.hasFrame(gfn))
      return failCheck(trace, "argo_op.register_ring.gfn_not_ram", EINVAL, "gfn", gfn);
    gfns.push(gfn);
  }
  ring.map = currd.memory.mapFrames(gfns);
  ring.gfns = gfns;
  return 0;
}

/** register_ring(currd, reg_hnd, gfn_hnd, npage, flags): 0 or -errno, checks in Xen's order. */
export function registerRing(
  xen: XenState,
  currd: Domain,
  regAddr: number,
  gfnAddr: number,
  npage: number,
  flags: number,
): number {
  const trace = xen.trace;
  if ((flags & ~XEN_ARGO_REGISTER_FLAG_MASK) !== 0)
    return failCheck(trace, "argo_op.register_ring.flags", EINVAL, "flags", flags);
  const r = xen.scratch.struct;
  const L = REGISTER_RING[currd.mode];
  if (!r.read(currd, regAddr, L.size))
    return failCheck(trace, "argo_op.register_ring.copy_reg", EFAULT);
  const aport = r.u32(L.at.aport);
  const partnerId = r.u16(L.at.partner_id);
  const pad = r.u16(L.at.pad);
  const len = r.u32(L.at.len);
  if (
    len < MIN_ARGO_RING_LEN ||
    len > XEN_ARGO_MAX_RING_SIZE ||
    len !== roundupMessage(len) ||
    npagesRing(len) !== npage ||
    pad !== 0
  )
    return failCheck(trace, "argo_op.register_ring.reg_fields", EINVAL, "len", len);

  let dst: Domain | undefined;
  if (partnerId === XEN_ARGO_DOMID_ANY) {
    // Wildcard rings need mac-permissive on the command line, then the policy's consent.
    if (!xen.boot.argoMacPermissive)
      return failCheck(trace, "argo_op.register_ring.any_not_permissive", EPERM);
    const rc = xen.argoPolicy.registerAnySource(currd);
    if (rc !== 0) return passCheck(trace, "argo_op.register_ring.xsm_any_source", rc);
  } else {
    dst = xen.domains.get(partnerId);
    if (dst === undefined)
      return failCheck(
        trace,
        "argo_op.register_ring.partner_missing",
        ESRCH,
        "partner_id",
        partnerId,
      );
    const rc = xen.argoPolicy.registerSingleSource(currd, dst);
    if (rc !== 0) return passCheck(trace, "argo_op.register_ring.xsm_single_source", rc);
  }

  const a = argoOf(currd);
  if (a === null) return failCheck(trace, "argo_op.register_ring.no_argo", ENODEV);
  const da = dst === undefined ? null : argoOf(dst);
  if (dst !== undefined && da === null)
    return failCheck(trace, "argo_op.register_ring.partner_no_argo", ECONNREFUSED);
  // Counted before the lookup, so at 128 even a re-registration fails.
  if (a.ringCount >= MAX_RINGS_PER_DOMAIN)
    return failCheck(trace, "argo_op.register_ring.ring_count", ENOSPC, "ring_count", a.ringCount);

  let ring = findRingInfo(a, aport, currd.id, partnerId);
  if (ring === undefined) {
    ring = {
      id: { aport, domainId: currd.id, partnerId },
      len: 0,
      txPtr: 0,
      map: NO_FRAMES,
      gfns: [],
      pending: [],
    };
    a.ringHash[hashIndex(aport, currd.id, partnerId)]!.push(ring);
  } else if (ring.len !== 0) {
    if ((flags & XEN_ARGO_REGISTER_FLAG_FAIL_EXIST) !== 0)
      return failCheck(trace, "argo_op.register_ring.exists_fail_exist", EEXIST);
    // No resizing; Xen answers EEXIST rather than EINVAL (the arguments were valid).
    if (ring.len !== len)
      return failCheck(trace, "argo_op.register_ring.exists_len", EEXIST, "len", len);
  }

  const rc = findRingMfns(xen, trace, currd, ring, npage, gfnAddr);
  if (rc !== 0) {
    // The ring goes entirely, an already-registered one too; Xen leaves ring_count and the
    // partner's send_info as they were.
    ringRemoveInfo(xen, a, ring);
    return rc;
  }

  // Keep the guest's tx_ptr when it is a valid slot offset; otherwise restart at the slot
  // after the guest's rx_ptr (0 past the end), and publish that.
  let tx = guestTxPtr(ring);
  if (tx >= len || roundupMessage(tx) !== tx) {
    tx = roundupMessage(guestRxPtr(ring));
    if (tx >= len) tx = 0;
    updateTxPtr(ring, tx);
  }
  ring.txPtr = tx;
  ring.len = len;
  a.ringCount++; // unconditional: a re-registration counts again, as in Xen
  if (dst !== undefined && da !== null) {
    const id = ring.id;
    da.sendHash[hashIndex(id.aport, id.domainId, id.partnerId)]!.push({ id });
  }
  return 0;
}
