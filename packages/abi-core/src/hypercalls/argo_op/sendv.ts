/**
 * XEN_ARGO_OP_sendv: argo.c sendv() and iov_count(), fed by do_argo_op (native iovs) or
 * compat_argo_op (12-byte iovs of 32-bit x86 guests). Hot path: the iovs are parsed into
 * fixed scratch arrays, so a send allocates nothing.
 */
import type { Domain } from "../../machine/domain.js";
import { sendGuestDomainVirq } from "../event_channel_op/virq.js";
import {
  EAGAIN,
  ECONNREFUSED,
  EINVAL,
  EMSGSIZE,
  ENODEV,
  EPERM,
  ESRCH,
} from "../../machine/errno.js";
import type { XenState } from "../../machine/state.js";
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
function iovCount(niov: number): number {
  if (niov > XEN_ARGO_MAXIOV) return -EINVAL;
  let sum = 0;
  for (let i = 0; i < niov; i++) {
    if (iovPad[i] !== 0) return -EINVAL;
    const n = iovLen[i]!;
    if (n > MAX_ARGO_MESSAGE_SIZE) return -EINVAL;
    sum += n;
    if (sum > MAX_ARGO_MESSAGE_SIZE) return -EMSGSIZE;
  }
  return sum;
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
  if (srcPad !== 0 || dstPad !== 0) return -EINVAL;
  if (srcDomid === XEN_ARGO_DOMID_ANY) srcDomid = srcD.id;
  // No domain may send on behalf of another.
  if (srcDomid !== srcD.id) return -EPERM;
  const dstD = xen.domains.get(dstDomid);
  if (dstD === undefined) return -ESRCH;
  let ret = xen.argoPolicy.send(srcD, dstD);
  if (ret !== 0) return ret;
  if (argoOf(srcD) === null) return -ENODEV;
  if (argoOf(dstD) === null) return -ECONNREFUSED;
  const ring = findRingByMatch(dstD, dstAport, srcD.id);
  let len = 0;
  if (ring === undefined) ret = -ECONNREFUSED;
  else {
    const count = iovCount(niov);
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
      if (ret === 0 || xen.profile.argoSendvEagain) len = count;
      if (ret === -EAGAIN) {
        // Queue the sender for a wake-up when the owner frees space. 4.12.0 queued with
        // len still 0 and returned the queueing's result instead of -EAGAIN.
        const rc = pendingRequeue(xen, ring, srcD.id, len);
        if (!xen.profile.argoSendvEagain) ret = rc;
        else if (rc !== 0) ret = rc;
      }
    }
  }
  if (ret >= 0) sendGuestDomainVirq(dstD, VIRQ_ARGO);
  return ret < 0 ? ret : len;
}
