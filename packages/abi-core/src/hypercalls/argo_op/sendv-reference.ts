/**
 * Reference path of sendv (sendv.ts and op.ts's sendv case): argo.c's sendv path written
 * plainly, with named parameters. It reads the guest's structs by field name through
 * readStruct (BigInt, allocating), checks in Xen's order, and writes the message with
 * ringbufInsertReference over a linear copy of the ring. Not for the hot path:
 * sendv-reference.test.ts runs it and the tuned path on twin machines with random
 * arguments and compares the result, the failing check and every byte of every domain.
 */
import type { Domain } from "../../machine/domain.js";
import {
  EAGAIN,
  EBUSY,
  ECONNREFUSED,
  EFAULT,
  EINVAL,
  EMSGSIZE,
  ENODEV,
  EPERM,
  ESRCH,
} from "../../machine/errno.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import type { XenState } from "../../machine/state.js";
import { readStruct } from "../../machine/structio.js";
import { layoutOf } from "../../table/structs/index.js";
import { sendGuestDomainVirq } from "../event_channel_op/virq.js";
import {
  MAX_ARGO_MESSAGE_SIZE,
  VIRQ_ARGO,
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_MAXIOV,
} from "./constants.js";
import { pendingRequeue } from "./pending.js";
import { ringbufInsertReference, type ReferenceIov } from "./ring-reference.js";
import { findRingByMatch } from "./sendv.js";
import { argoOf } from "./state.js";

export interface SendvReferenceInput {
  readonly xen: XenState;
  /** The calling domain. */
  readonly source: Domain;
  /** Guest address of its xen_argo_send_addr_t (arg1). */
  readonly sendAddrAt: number;
  /** Guest address of its xen_argo_iov_t array (arg2). */
  readonly iovsAt: number;
  /** arg3, niov. */
  readonly niov: number;
  /** arg4, the message type. */
  readonly messageType: number;
}

export interface SendvReferenceResult {
  /** Bytes sent, or -errno (zero-extended where the release does: sendvResult). */
  readonly rc: number;
  /** The id of the last check that failed, if one did (a queued 4.12.0 sender's answers 0). */
  readonly check?: string;
}

/** do_argo_op's sendv case from the copy of the send address on (after the common checks). */
export function sendvReference(input: SendvReferenceInput): SendvReferenceResult {
  const { xen, source, niov } = input;
  const fail = (rc: number, check: string): SendvReferenceResult => ({ rc, check });

  const sendAddr = readStruct(
    source.memory,
    input.sendAddrAt,
    layoutOf("xen_argo_send_addr_t", source.mode),
  );
  if (sendAddr === undefined) return fail(-EFAULT, "argo_op.sendv.copy_send_addr");
  if (niov > XEN_ARGO_MAXIOV) return fail(-EINVAL, "argo_op.sendv.niov_max");

  const iovLayout = layoutOf("xen_argo_iov_t", source.mode);
  const iovs: { addr: bigint; len: number; pad: number }[] = [];
  for (let i = 0; i < niov; i++) {
    const iov = readStruct(source.memory, input.iovsAt + i * iovLayout.size, iovLayout);
    if (iov === undefined) return fail(-EFAULT, "argo_op.sendv.copy_iovs");
    // arm32 Xen reads a handle through its 32-bit pointer member.
    const handle = iov.iov_hnd as bigint;
    iovs.push({
      addr: xen.arch === "arm32" ? handle & 0xffffffffn : handle,
      len: Number(iov.iov_len as bigint),
      pad: Number(iov.pad as bigint),
    });
  }

  const src = sendAddr.src as { aport: bigint; domain_id: bigint; pad: bigint };
  const dst = sendAddr.dst as { aport: bigint; domain_id: bigint; pad: bigint };
  if (src.pad !== 0n || dst.pad !== 0n) return fail(-EINVAL, "argo_op.sendv.addr_pad");
  const srcDomid = Number(src.domain_id) === XEN_ARGO_DOMID_ANY ? source.id : Number(src.domain_id);
  if (srcDomid !== source.id) return fail(-EPERM, "argo_op.sendv.src_not_caller");
  const target = xen.domains.get(Number(dst.domain_id));
  if (target === undefined) return fail(-ESRCH, "argo_op.sendv.dst_missing");
  const denied = xen.argoPolicy.send(source, target);
  if (denied !== 0) return fail(denied, "argo_op.sendv.xsm_send");
  // From here sendv leaves through its last line, `(ret < 0) ? ret : len`, which zero-extends
  // an error from 4.12.1/4.13.0 (unsigned int len; sendv.ts: sendvResult).
  const late = (r: SendvReferenceResult): SendvReferenceResult =>
    r.rc < 0 && xen.profile.argoSendvZeroExtends ? { rc: r.rc >>> 0, check: r.check } : r;
  if (argoOf(source) === null) return late(fail(-ENODEV, "argo_op.sendv.no_argo"));
  if (argoOf(target) === null) return late(fail(-ECONNREFUSED, "argo_op.sendv.dst_no_argo"));

  const ring = findRingByMatch(target, Number(dst.aport), source.id);
  let rc: number;
  let sent = 0;
  let check: string | undefined;
  if (ring === undefined) {
    rc = -ECONNREFUSED;
    check = "argo_op.sendv.no_ring";
  } else {
    // iov_count: each iov's pad and length, then the total.
    let total = 0;
    let countCheck: SendvReferenceResult | undefined;
    for (const iov of iovs) {
      if (iov.pad !== 0) {
        countCheck = fail(-EINVAL, "argo_op.sendv.iov_pad");
        break;
      }
      if (iov.len > MAX_ARGO_MESSAGE_SIZE) {
        countCheck = fail(-EINVAL, "argo_op.sendv.iov_len_max");
        break;
      }
      total += iov.len;
      if (total > MAX_ARGO_MESSAGE_SIZE) {
        countCheck = fail(-EMSGSIZE, "argo_op.sendv.total_len");
        break;
      }
    }
    if (countCheck !== undefined) {
      rc = countCheck.rc;
      check = countCheck.check;
    } else {
      const ringBytes = new Uint8Array(ring.map.frames.length * PAGE_SIZE);
      ring.map.frames.forEach((f, i) => ringBytes.set(f, i * PAGE_SIZE));
      const inserted = ringbufInsertReference({
        ringBytes,
        mappedPages: ring.map.frames.length,
        ringLen: ring.len,
        txPtr: ring.txPtr,
        source,
        srcAport: Number(src.aport),
        srcDomid: source.id,
        messageType: input.messageType,
        iovs: iovs.map((v): ReferenceIov => ({ addr: v.addr, len: v.len })),
      });
      ring.map.frames.forEach((f, i) =>
        f.set(ringBytes.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE)),
      );
      ring.txPtr = inserted.txPtr;
      rc = inserted.rc;
      check = inserted.check;
      if (rc === 0 || xen.profile.argoSendvEagain) sent = total;
      if (rc === -EAGAIN) {
        // The sender waits for space; 4.12.0 queued with len 0 and returned the queueing's result.
        const queued = pendingRequeue(xen, ring, source.id, sent);
        if (queued < 0)
          check = queued === -EBUSY ? "argo_op.sendv.pending_max" : "argo_op.sendv.pending_nomem";
        if (!xen.profile.argoSendvEagain || queued !== 0) rc = queued;
      }
    }
  }
  if (rc >= 0) sendGuestDomainVirq(target, VIRQ_ARGO);
  return late({ rc: rc < 0 ? rc : sent, check });
}
