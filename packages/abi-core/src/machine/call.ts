import type { Domain, Vcpu } from "./domain.js";
import type { XenState } from "./state.js";

/**
 * One hypercall as a handler sees it: the calling domain and vCPU, and the arguments already
 * narrowed to the prototype's C types (as (lo, hi) 32-bit halves; hi is 0 for 32-bit types).
 * The dispatcher reuses one object per machine: handlers must not keep it.
 */
export interface HypercallCall {
  readonly xen: XenState;
  domain: Domain;
  vcpu: Vcpu;
  /** Hypercall number. */
  op: number;
  /** Narrowed arguments 1-5. */
  readonly argLo: Uint32Array;
  readonly argHi: Uint32Array;
  /** Units of preemptible work done in this invocation (see XenState.preemptBudget). */
  work: number;
  /**
   * Set (by `unmodelled()`) when the handler or sub-op the guest reached is not modelled:
   * `<hypercall>[/<sub-op>]`. The dispatcher then writes no result and does not poison.
   */
  unmodelled: string | null;
}

/** A handler: Xen's do_x / compat_x / hvm_x. Returns the hypercall's result (long). */
export type HypercallHandler = (call: HypercallCall) => number;

/** Guest address held by argument `i` (a guest handle), as a JS number. */
export function argAddr(call: HypercallCall, i: number): number {
  return call.argHi[i]! * 0x100000000 + call.argLo[i]!;
}

/** Whether argument `i` is the null guest handle. */
export function argIsNull(call: HypercallCall, i: number): boolean {
  return call.argLo[i] === 0 && call.argHi[i] === 0;
}

/**
 * A handler reached something the machine does not model: say so instead of inventing an
 * answer. The returned value is never written to the guest.
 */
export function unmodelled(call: HypercallCall, what: string): number {
  call.unmodelled = what;
  return 0;
}
