/**
 * Reference path of guest-access.ts: copy_from_guest written plainly, one byte at a time
 * through GuestMemory.readBytes, with named parameters. Not for the hot path: it states what
 * StructReader and copyFromGuest do, and guest-access.test.ts holds them to it on random
 * addresses (inside a page, across pages, over unmapped frames and off the guest's end).
 */
import type { GuestMemory } from "./memory.js";

export interface ReferenceCopy {
  /** The bytes copied before the first one outside the guest (the rest stay 0). */
  readonly bytes: Uint8Array;
  /** Whether every byte was copied (false: Xen's copy reports -EFAULT). */
  readonly ok: boolean;
}

/** copy_from_guest of `length` bytes at `addr`: byte by byte, stopping at the first fault. */
export function copyFromGuestReference(options: {
  memory: GuestMemory;
  addr: number;
  length: number;
}): ReferenceCopy {
  const bytes = new Uint8Array(options.length);
  for (let k = 0; k < options.length; k++) {
    const b = options.memory.readBytes(options.addr + k, 1);
    if (b === undefined) return { bytes, ok: false };
    bytes[k] = b[0]!;
  }
  return { bytes, ok: true };
}

/** A little-endian unsigned field of `size` bytes at `offset` of copied bytes. */
export function fieldReference(options: {
  bytes: Uint8Array;
  offset: number;
  size: 2 | 4;
}): number {
  let value = 0;
  for (let k = options.size - 1; k >= 0; k--)
    value = value * 256 + options.bytes[options.offset + k]!;
  return value;
}
