/**
 * XEN_ARGO_OP_sendv: argo.c sendv() and iov_count(), fed by do_argo_op (native iovs) or
 * compat_argo_op (12-byte iovs of 32-bit x86 guests). Hot path: the iovs are parsed into
 * fixed scratch arrays, so a send allocates nothing.
 */
import type { Domain } from "../../machine/domain.js";
import { sendGuestDomainVirq } from "../event_channel_op/virq.js";
import {
  EAGAIN,
  EBUSY,
  ECONNREFUSED,
  EINVAL,
  EMSGSIZE,
  ENODEV,
  ENOMEM,
  EPERM,
  ESRCH,
} from "../../machine/errno.js";
import type { XenState } from "../../machine/state.js";
import { failCheck, passCheck, type TraceSink } from "../../machine/trace.js";
import {
  ARGO_ADDR_aport,
  ARGO_ADDR_domain_id,
  ARGO_ADDR_pad,
  ARGO_SEND_ADDR_SIZE,
  ARGO_SEND_ADDR_dst,
  ARGO_SEND_ADDR_src,
  ARGO_IOV_SIZE,
  ARGO_IOV_iov_hnd,
  ARGO_IOV_iov_len,
  ARGO_IOV_pad,
  COMPAT_ARGO_IOV_SIZE,
  COMPAT_ARGO_IOV_iov_hnd,
  COMPAT_ARGO_IOV_iov_len,
  COMPAT_ARGO_IOV_pad,
  MAX_ARGO_MESSAGE_SIZE,
  VIRQ_ARGO,
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_MAXIOV,
} from "./constants.js";
import { readStruct, structU16, structU32 } from "../../machine/guest-access.js";
import { pendingRequeue } from "./pending.js";
import { ringbufInsert } from "./ring.js";
import { argoOf, findRingInfo, type RingInfo } from "./state.js";

/** The parsed iovs of the current sendv (xen_argo_iov_t iovs[XEN_ARGO_MAXIOV] on Xen's stack). */
const iovAddr = new Float64Array(XEN_ARGO_MAXIOV);
const iovAddrHi = new Uint32Array(XEN_ARGO_MAXIOV);
const iovLen = new Uint32Array(XEN_ARGO_MAXIOV);
const iovPad = new Uint32Array(XEN_ARGO_MAXIOV);

/** The current sendv's xen_argo_send_addr_t: src aport, domain_id, pad; dst aport, domain_id, pad. */
export const sendAddr = new Uint32Array(6);

/** copy_from_guest of the xen_argo_send_addr_t at `addr` into sendAddr. False: -EFAULT. */
export function readSendAddr(currd: Domain, addr: number): boolean {
  if (!readStruct(currd, addr, ARGO_SEND_ADDR_SIZE)) return false;
  sendAddr[0] = structU32(ARGO_SEND_ADDR_src + ARGO_ADDR_aport);
  sendAddr[1] = structU16(ARGO_SEND_ADDR_src + ARGO_ADDR_domain_id);
  sendAddr[2] = structU16(ARGO_SEND_ADDR_src + ARGO_ADDR_pad);
  sendAddr[3] = structU32(ARGO_SEND_ADDR_dst + ARGO_ADDR_aport);
  sendAddr[4] = structU16(ARGO_SEND_ADDR_dst + ARGO_ADDR_domain_id);
  sendAddr[5] = structU16(ARGO_SEND_ADDR_dst + ARGO_ADDR_pad);
  return true;
}

/**
 * copy_from_guest of `niov` iovs at `addr`, native (16 bytes) or compat (12). On arm32 Xen
 * a handle in a struct is read through its 32-bit pointer member, so only the low half counts.
 */
export function readIovs(
  currd: Domain,
  addr: number,
  niov: number,
  compat: boolean,
  lowHalfOnly: boolean,
): boolean {
  const size = compat ? COMPAT_ARGO_IOV_SIZE : ARGO_IOV_SIZE;
  for (let i = 0; i < niov; i++) {
    if (!readStruct(currd, addr + i * size, size)) return false;
    if (compat) {
      iovAddr[i] = structU32(COMPAT_ARGO_IOV_iov_hnd);
      iovAddrHi[i] = 0;
      iovLen[i] = structU32(COMPAT_ARGO_IOV_iov_len);
      iovPad[i] = structU32(COMPAT_ARGO_IOV_pad);
    } else {
      const lo = structU32(ARGO_IOV_iov_hnd);
      const hi = lowHalfOnly ? 0 : structU32(ARGO_IOV_iov_hnd + 4);
      iovAddr[i] = hi * 0x100000000 + lo;
      iovAddrHi[i] = hi;
      iovLen[i] = structU32(ARGO_IOV_iov_len);
      iovPad[i] = structU32(ARGO_IOV_pad);
    }
  }
  return true;
}

/**
 * argo.c iov_count: total payload bytes of the iovs read by readIovs, or -errno: a nonzero
 * pad or an iov over MAX_ARGO_MESSAGE_SIZE is -EINVAL, a total over it -EMSGSIZE.
 */
function iovCount(trace: TraceSink, niov: number): number {
  if (niov > XEN_ARGO_MAXIOV)
    return failCheck(trace, "argo_op.sendv.iov_niov", EINVAL, "niov", niov);
  let sum = 0;
  for (let i = 0; i < niov; i++) {
    if (iovPad[i] !== 0) return failCheck(trace, "argo_op.sendv.iov_pad", EINVAL, "index", i);
    const n = iovLen[i]!;
    if (n > MAX_ARGO_MESSAGE_SIZE)
      return failCheck(trace, "argo_op.sendv.iov_len_max", EINVAL, "iov_len", n);
    sum += n;
    if (sum > MAX_ARGO_MESSAGE_SIZE)
      return failCheck(trace, "argo_op.sendv.total_len", EMSGSIZE, "total", sum);
  }
  return sum;
}

/**
 * The check ringbuf_insert's or pending_requeue's error stands for (they return errnos from
 * deep inside the copy; only a traced call asks).
 */
function insertCheckId(rc: number, queueing: boolean): string {
  if (queueing) return rc === -EBUSY ? "argo_op.sendv.pending_max" : "argo_op.sendv.pending_nomem";
  switch (rc) {
    case -EMSGSIZE:
      return "argo_op.sendv.ring_too_small";
    case -EAGAIN:
      return "argo_op.sendv.ring_full";
    case -EINVAL:
      return "argo_op.sendv.rx_ptr";
    case -ENOMEM:
      return "argo_op.sendv.ring_map";
    default:
      return "argo_op.sendv.copy_buf";
  }
}

/** find_ring_info_by_match: the ring for exactly this sender, else the wildcard ring. */
export function findRingByMatch(d: Domain, aport: number, sender: number): RingInfo | undefined {
  const a = argoOf(d)!;
  return findRingInfo(a, aport, d.id, sender) ?? findRingInfo(a, aport, d.id, XEN_ARGO_DOMID_ANY);
}

/**
 * sendv(src_d, src_addr, dst_addr, iovs, niov, message_type): payload bytes sent, or -errno.
 * The iovs are those readIovs left in the scratch arrays. Every non-negative outcome raises
 * VIRQ_ARGO at the destination.
 */
export function sendv(
  xen: XenState,
  srcD: Domain,
  srcAport: number,
  srcDomid: number,
  srcPad: number,
  dstAport: number,
  dstDomid: number,
  dstPad: number,
  niov: number,
  messageType: number,
): number {
  const trace = xen.trace;
  if (srcPad !== 0 || dstPad !== 0) return failCheck(trace, "argo_op.sendv.addr_pad", EINVAL);
  if (srcDomid === XEN_ARGO_DOMID_ANY) srcDomid = srcD.id;
  // No domain may send on behalf of another.
  if (srcDomid !== srcD.id)
    return failCheck(trace, "argo_op.sendv.src_not_caller", EPERM, "domain_id", srcDomid);
  const dstD = xen.domains.get(dstDomid);
  if (dstD === undefined)
    return failCheck(trace, "argo_op.sendv.dst_missing", ESRCH, "domain_id", dstDomid);
  let ret = xen.argoPolicy.send(srcD, dstD);
  if (ret !== 0) return passCheck(trace, "argo_op.sendv.xsm_send", ret);
  if (argoOf(srcD) === null) return failCheck(trace, "argo_op.sendv.no_argo", ENODEV);
  if (argoOf(dstD) === null) return failCheck(trace, "argo_op.sendv.dst_no_argo", ECONNREFUSED);
  const ring = findRingByMatch(dstD, dstAport, srcD.id);
  let len = 0;
  if (ring === undefined)
    ret = failCheck(trace, "argo_op.sendv.no_ring", ECONNREFUSED, "aport", dstAport);
  else {
    const count = iovCount(trace, niov);
    if (count < 0) ret = count;
    else {
      const pv64 = srcD.mode === "pv64";
      ret = ringbufInsert(
        ring,
        srcAport,
        srcD.id,
        srcD.memory,
        pv64,
        iovAddr,
        iovAddrHi,
        iovLen,
        niov,
        messageType,
        count,
      );
      if (ret < 0 && trace !== null) passCheck(trace, insertCheckId(ret, false), ret);
      if (ret === 0 || xen.profile.argoSendvEagain) len = count;
      if (ret === -EAGAIN) {
        // Queue the sender for a wake-up when the owner frees space. 4.12.0 queued with
        // len still 0 and returned the queueing's result instead of -EAGAIN.
        const rc = pendingRequeue(xen, ring, srcD.id, len);
        if (rc < 0 && trace !== null) passCheck(trace, insertCheckId(rc, true), rc);
        if (!xen.profile.argoSendvEagain) ret = rc;
        else if (rc !== 0) ret = rc;
      }
    }
  }
  if (ret >= 0) sendGuestDomainVirq(dstD, VIRQ_ARGO);
  return ret < 0 ? ret : len;
}
