/**
 * A machine's scratch: the buffers handlers reuse so that a hypercall allocates nothing. Each
 * machine has its own (XenState.scratch): a policy hook may make another machine run a
 * hypercall in the middle of this one's, and nothing may leak between them.
 */
import { StructReader } from "./guest-access.js";

export class MachineScratch {
  /** copy_from_guest of a struct and reads of its fields. */
  readonly struct = new StructReader();
  /** Little-endian bytes of one field being written back to the guest. */
  readonly word = new Uint8Array(8);
  /** Argo's own scratch (hypercalls/argo_op/scratch.ts), made on the machine's first send. */
  argo: unknown = null;
}
