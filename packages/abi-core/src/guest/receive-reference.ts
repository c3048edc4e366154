/**
 * Reference path of ArgoRing.receive (argo.ts): a driver taking the next message off its ring,
 * written plainly over the ring's gfns, one byte at a time through GuestMemory.readBytes, with
 * named parameters. Not for the hot path: it states what receive does, and
 * receive-reference.test.ts holds the tuned copy (runs of adjacent pages, short copies word by
 * word into a remembered buffer) to it on random rings, messages and destination buffers.
 *
 * The ring (public/argo.h): page 0 starts with xen_argo_ring_t (rx_ptr, tx_ptr, then the ring
 * bytes at ARGO_RING_SIZE); each message is a 16-byte xen_argo_ring_message_header (len
 * counting the header, source aport and domain_id, message_type) and its payload, wrapping at
 * the ring's length, the next message at the payload's end rounded up to 16 bytes.
 */
import {
  ARGO_MSG_HDR_SIZE,
  ARGO_RING_SIZE,
  roundupMessage,
} from "../hypercalls/argo_op/constants.js";
import { MSG_HDR, RING } from "../hypercalls/argo_op/layouts.js";
import type { GuestMemory } from "../machine/memory.js";
import { PAGE_SIZE } from "../machine/memory.js";

export interface ReferenceReceive {
  /** Payload length, or -1 when rx_ptr equals tx_ptr (empty). */
  readonly length: number;
  /** The payload's bytes (empty when empty). */
  readonly payload: Uint8Array;
  readonly sourceDomid: number;
  readonly sourceAport: number;
  readonly messageType: number;
  /** rx_ptr as the driver leaves it (unchanged when empty). */
  readonly rxPtr: number;
}

/** The byte at linear ring offset `offset` (header included) of the ring on `gfns`. */
function ringByte(memory: GuestMemory, gfns: readonly number[], offset: number): number {
  const page = gfns[Math.floor(offset / PAGE_SIZE)]!;
  return memory.readBytes(page * PAGE_SIZE + (offset % PAGE_SIZE), 1)![0]!;
}

/** A little-endian unsigned field of `size` bytes at linear ring offset `offset`. */
function ringField(
  memory: GuestMemory,
  gfns: readonly number[],
  offset: number,
  size: number,
): number {
  let value = 0;
  for (let k = size - 1; k >= 0; k--) value = value * 256 + ringByte(memory, gfns, offset + k);
  return value;
}

/** The next message of the ring of `ringLength` bytes on `gfns`, and where rx_ptr goes after it. */
export function receiveReference(options: {
  memory: GuestMemory;
  gfns: readonly number[];
  ringLength: number;
}): ReferenceReceive {
  const { memory, gfns, ringLength } = options;
  const rxPtr = ringField(memory, gfns, RING.at.rx_ptr, 4);
  const txPtr = ringField(memory, gfns, RING.at.tx_ptr, 4);
  if (rxPtr === txPtr)
    return {
      length: -1,
      payload: new Uint8Array(0),
      sourceDomid: 0,
      sourceAport: 0,
      messageType: 0,
      rxPtr,
    };
  const header = ARGO_RING_SIZE + rxPtr;
  const length = ringField(memory, gfns, header + MSG_HDR.at.len, 4) - ARGO_MSG_HDR_SIZE;
  const payload = new Uint8Array(length);
  let at = (rxPtr + ARGO_MSG_HDR_SIZE) % ringLength;
  const start = at;
  for (let k = 0; k < length; k++) {
    payload[k] = ringByte(memory, gfns, ARGO_RING_SIZE + at);
    at = (at + 1) % ringLength;
  }
  return {
    length,
    payload,
    sourceDomid: ringField(memory, gfns, header + MSG_HDR.at["source.domain_id"], 2),
    sourceAport: ringField(memory, gfns, header + MSG_HDR.at["source.aport"], 4),
    messageType: ringField(memory, gfns, header + MSG_HDR.at.message_type, 4),
    rxPtr: roundupMessage(start + length) % ringLength,
  };
}
