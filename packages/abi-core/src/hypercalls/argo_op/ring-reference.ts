/**
 * Reference path of ringbufInsert (ring.ts): argo.c ringbuf_insert written plainly, over a
 * linear view of the ring (the 64-byte xen_argo_ring_t header, then the ring's bytes) and one
 * byte at a time, with named parameters. Not for the hot path: it exists so a reader can check
 * the tuned code against Xen's, and ring-reference.test.ts runs both on random rings and
 * messages and compares the result, the check that failed, tx_ptr and every byte of the ring.
 */
import type { Domain } from "../../machine/domain.js";
import { EAGAIN, EFAULT, EINVAL, EMSGSIZE, ENOMEM } from "../../machine/errno.js";
import { guestHandleOkay } from "../../machine/guest-access.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import {
  ARGO_MSG_HDR_SIZE,
  ARGO_RING_SIZE,
  XEN_ARGO_MAX_RING_SIZE,
  npagesRing,
  roundupMessage,
} from "./constants.js";
import { MSG_HDR, RING } from "./layouts.js";

/** One iov of the message: its guest address (both halves) and length. */
export interface ReferenceIov {
  readonly addr: bigint;
  readonly len: number;
}

export interface ReferenceInsertInput {
  /** The ring as Xen maps it: page 0's header then the ring; `mappedPages` pages long. Written in place. */
  readonly ringBytes: Uint8Array;
  /** How many of the ring's pages Xen has mapped (ring_info->nmfns). */
  readonly mappedPages: number;
  /** The registered ring length in bytes. */
  readonly ringLen: number;
  /** Xen's private tx_ptr before the insert. */
  readonly txPtr: number;
  /** The sending domain: its memory is the iovs' source. */
  readonly source: Domain;
  readonly srcAport: number;
  readonly srcDomid: number;
  readonly messageType: number;
  readonly iovs: readonly ReferenceIov[];
}

export interface ReferenceInsertResult {
  /** 0 or -errno. */
  readonly rc: number;
  /** Xen's tx_ptr afterwards (unchanged unless rc is 0). */
  readonly txPtr: number;
  /** The id of the check that failed, if one did. */
  readonly check?: string;
}

function u32At(bytes: Uint8Array, at: number): number {
  return (
    (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0
  );
}

function putU32At(bytes: Uint8Array, at: number, value: number): void {
  for (let i = 0; i < 4; i++) bytes[at + i] = (value >>> (8 * i)) & 0xff;
}

/** The ringbuf_insert of argo.c, step by step. */
export function ringbufInsertReference(input: ReferenceInsertInput): ReferenceInsertResult {
  const { ringBytes, mappedPages, ringLen, source } = input;
  const fail = (rc: number, check: string): ReferenceInsertResult => ({
    rc,
    txPtr: input.txPtr,
    check,
  });
  const messageLen = input.iovs.reduce((sum, iov) => sum + iov.len, 0);

  // The message and its header must fit, leaving a slot free.
  if (ringLen <= ARGO_MSG_HDR_SIZE + roundupMessage(messageLen))
    return fail(-EMSGSIZE, "argo_op.sendv.ring_too_small");

  // get_sanitized_ring: the guest's rx_ptr, rounded up to a slot, 0 past the end.
  if (mappedPages === 0 || mappedPages < npagesRing(ringLen))
    return fail(-EINVAL, "argo_op.sendv.rx_ptr");
  let rxPtr = roundupMessage(u32At(ringBytes, RING.at.rx_ptr));
  if (rxPtr >= ringLen) rxPtr = 0;

  // Free space from tx to rx; all of it when they are equal.
  let space = rxPtr === input.txPtr ? ringLen : rxPtr - input.txPtr;
  if (space < 0) space += ringLen;
  if (roundupMessage(messageLen) + ARGO_MSG_HDR_SIZE >= space)
    return fail(-EAGAIN, "argo_op.sendv.ring_full");

  const mapped = (ringOffset: number) => ringOffset < mappedPages * PAGE_SIZE;

  // The message header, at tx.
  let tx = input.txPtr;
  const headerAt = ARGO_RING_SIZE + tx;
  if (!mapped(headerAt)) return fail(-ENOMEM, "argo_op.sendv.ring_map");
  putU32At(ringBytes, headerAt + MSG_HDR.at.len, messageLen + ARGO_MSG_HDR_SIZE);
  putU32At(ringBytes, headerAt + MSG_HDR.at["source.aport"], input.srcAport);
  ringBytes[headerAt + MSG_HDR.at["source.domain_id"]] = input.srcDomid & 0xff;
  ringBytes[headerAt + MSG_HDR.at["source.domain_id"] + 1] = (input.srcDomid >>> 8) & 0xff;
  ringBytes[headerAt + MSG_HDR.at["source.pad"]] = 0;
  ringBytes[headerAt + MSG_HDR.at["source.pad"] + 1] = 0;
  putU32At(ringBytes, headerAt + MSG_HDR.at.message_type, input.messageType);
  tx += ARGO_MSG_HDR_SIZE;
  if (tx === ringLen) tx = 0;

  // memcpy_to_guest_ring from the guest: byte by byte, stopping where the source leaves the
  // guest (what lies before is copied) or the ring page is not mapped.
  const copy = (ringOffset: number, from: bigint, count: number): number => {
    if (count + (ringOffset % PAGE_SIZE) > XEN_ARGO_MAX_RING_SIZE) return -EFAULT;
    for (let k = 0; k < count; k++) {
      const byte =
        from + BigInt(k) < 2n ** 53n ? source.memory.readBytes(Number(from) + k, 1) : undefined;
      if (byte === undefined) return -EFAULT;
      if (!mapped(ringOffset + k)) return -ENOMEM;
      ringBytes[ringOffset + k] = byte[0]!;
    }
    return 0;
  };
  const copyFailed = (rc: number) =>
    fail(rc, rc === -ENOMEM ? "argo_op.sendv.ring_map" : "argo_op.sendv.copy_buf");

  for (let i = 0; i < input.iovs.length; i++) {
    const iov = input.iovs[i]!;
    let remaining = iov.len;
    if (remaining === 0) continue; // Xen skips an empty iov.
    if (!guestHandleOkay(source, Number(iov.addr >> 32n)))
      return fail(-EFAULT, "argo_op.sendv.iov_handle");
    let from = iov.addr;
    const tail = ringLen - tx;
    if (remaining > tail) {
      const rc = copy(ARGO_RING_SIZE + tx, from, tail);
      if (rc !== 0) return copyFailed(rc);
      tx = 0;
      remaining -= tail;
      from += BigInt(tail);
    }
    const rc = copy(ARGO_RING_SIZE + tx, from, remaining);
    if (rc !== 0) return copyFailed(rc);
    tx += remaining;
    if (tx === ringLen) tx = 0;
  }

  // Publish tx_ptr, rounded up to a slot.
  tx = roundupMessage(tx);
  if (tx >= ringLen) tx -= ringLen;
  putU32At(ringBytes, RING.at.tx_ptr, tx);
  return { rc: 0, txPtr: tx };
}
