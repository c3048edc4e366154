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
  EPERM,
  ESRCH,
} from "../../machine/errno.js";
import { releaseDecides } from "../../machine/release-decided.js";
import type { XenState } from "../../machine/state.js";
import { failCheck, passCheck, type TraceSink } from "../../machine/trace.js";
import {
  MAX_ARGO_MESSAGE_SIZE,
  VIRQ_ARGO,
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_MAXIOV,
} from "./constants.js";
import { IOV, SEND_ADDR } from "./layouts.js";
import { pendingRequeue } from "./pending.js";
import { ringbufInsert } from "./ring.js";
import { argoScratch, type ArgoScratch } from "./scratch.js";
import { argoOf, findRingInfo, type RingInfo } from "./state.js";

/** copy_from_guest of the xen_argo_send_addr_t at `addr` into the machine's sendAddr. False: -EFAULT. */
export function readSendAddr(xen: XenState, currd: Domain, addr: number): boolean {
  const r = xen.scratch.struct;
  const L = SEND_ADDR[currd.mode];
  if (!r.read(currd, addr, L.size)) return false;
  const a = argoScratch(xen).sendAddr;
  a[0] = r.u32(L.at["src.aport"]);
  a[1] = r.u16(L.at["src.domain_id"]);
  a[2] = r.u16(L.at["src.pad"]);
  a[3] = r.u32(L.at["dst.aport"]);
  a[4] = r.u16(L.at["dst.domain_id"]);
  a[5] = r.u16(L.at["dst.pad"]);
  return true;
}

/**
 * copy_from_guest of `niov` iovs at `addr` into the machine's iov arrays, in the caller's
 * layout: 16 bytes natively, the 12-byte compat iov for 32-bit x86 guests. On arm32 Xen a
 * handle in a struct is read through its 32-bit pointer member, so only the low half counts.
 */
export function readIovs(xen: XenState, currd: Domain, addr: number, niov: number): boolean {
  const r = xen.scratch.struct;
  const s = argoScratch(xen);
  const L = IOV[currd.mode];
  const size = L.size;
  const hnd = L.at.iov_hnd;
  const wideHandle = L.len.iov_hnd === 8 && xen.arch !== "arm32";
  for (let i = 0; i < niov; i++) {
    if (!r.read(currd, addr + i * size, size)) return false;
    const lo = r.u32(hnd);
    const hi = wideHandle ? r.u32(hnd + 4) : 0;
    s.iovAddr[i] = hi * 0x100000000 + lo;
    s.iovAddrHi[i] = hi;
    s.iovLen[i] = r.u32(L.at.iov_len);
    s.iovPad[i] = r.u32(L.at.pad);
  }
  return true;
}

/**
 * argo.c iov_count: total payload bytes of the iovs read by readIovs, or -errno: a nonzero
 * pad or an iov over MAX_ARGO_MESSAGE_SIZE is -EINVAL, a total over it -EMSGSIZE.
 */
function iovCount(trace: TraceSink, s: ArgoScratch, niov: number): number {
  if (niov > XEN_ARGO_MAXIOV)
    return failCheck(trace, "argo_op.sendv.iov_niov", EINVAL, "niov", niov);
  let sum = 0;
  for (let i = 0; i < niov; i++) {
    if (s.iovPad[i] !== 0) return failCheck(trace, "argo_op.sendv.iov_pad", EINVAL, "index", i);
    const n = s.iovLen[i]!;
    if (n > MAX_ARGO_MESSAGE_SIZE)
      return failCheck(trace, "argo_op.sendv.iov_len_max", EINVAL, "iov_len", n);
    sum += n;
    if (sum > MAX_ARGO_MESSAGE_SIZE)
      return failCheck(trace, "argo_op.sendv.total_len", EMSGSIZE, "total", sum);
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
 * The addresses and iovs are those readSendAddr and readIovs left in the machine's Argo
 * scratch. Every non-negative outcome raises VIRQ_ARGO at the destination.
 */
export function sendv(xen: XenState, srcD: Domain, niov: number, messageType: number): number {
  const s = argoScratch(xen);
  const a = s.sendAddr;
  const srcAport = a[0]!;
  let srcDomid = a[1]!;
  const srcPad = a[2]!;
  const dstAport = a[3]!;
  const dstDomid = a[4]!;
  const dstPad = a[5]!;
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
  // From here every outcome leaves through sendv's last line (out_unlock).
  if (argoOf(srcD) === null)
    return sendvResult(xen, failCheck(trace, "argo_op.sendv.no_argo", ENODEV), 0);
  if (argoOf(dstD) === null)
    return sendvResult(xen, failCheck(trace, "argo_op.sendv.dst_no_argo", ECONNREFUSED), 0);
  const ring = findRingByMatch(dstD, dstAport, srcD.id);
  let len = 0;
  if (ring === undefined)
    ret = failCheck(trace, "argo_op.sendv.no_ring", ECONNREFUSED, "aport", dstAport);
  else {
    const count = iovCount(trace, s, niov);
    if (count < 0) ret = count;
    else {
      s.srcAport = srcAport;
      s.srcDomid = srcD.id;
      s.messageType = messageType;
      s.niov = niov;
      s.len = count;
      ret = ringbufInsert(ring, srcD, s, trace);
      if (ret === 0) len = count;
      else if (ret === -EAGAIN) {
        // Queue the sender for a wake-up when the owner frees space. 4.12.0 queued with
        // len still 0 and returned the queueing's result instead of -EAGAIN. (Any other
        // error leaves through the last line, where len is not read.)
        const eagain = releaseDecides(xen, "argoSendvEagain");
        if (eagain) len = count;
        const rc = pendingRequeue(xen, ring, srcD.id, len);
        if (rc < 0) {
          const id = rc === -EBUSY ? "argo_op.sendv.pending_max" : "argo_op.sendv.pending_nomem";
          passCheck(trace, id, rc);
        }
        if (!eagain || rc !== 0) ret = rc;
      }
    }
  }
  if (ret >= 0) sendGuestDomainVirq(dstD, VIRQ_ARGO);
  return sendvResult(xen, ret, len);
}

/**
 * sendv's last line, `return (ret < 0) ? ret : len`, as the release's C types make it: with
 * `unsigned int len` (4.12.1, 4.13.0 and later) a negative int ret converts to unsigned int, and
 * sendv's `long` holds it zero-extended (-22 becomes 0xffffffea = 4294967274). A 32-bit Xen's
 * long and a 32-bit guest's result register keep only the low half, which reads -22 again.
 * 4.12.0's `unsigned long len` kept the sign.
 */
function sendvResult(xen: XenState, ret: number, len: number): number {
  if (ret >= 0) return len;
  return releaseDecides(xen, "argoSendvZeroExtends") ? ret >>> 0 : ret;
}
