/**
 * hypercall_create_continuation and the model's preempt check, register by register: where
 * the op and each argument go per guest mode, what is left alone, and what the call returns.
 */
import { describe, expect, it } from "vitest";
import { ARG_SLOTS, type GuestMode } from "../abi/modes.js";
import type { HypercallCall } from "../machine/call.js";
import { Domain } from "../machine/domain.js";
import type { XenState } from "../machine/state.js";
import { hypercallCreateContinuation, hypercallPreemptCheck } from "./continuation.js";

function callFrom(mode: GuestMode, preemptBudget = 4): HypercallCall {
  const domain = new Domain({ id: 1, mode });
  const vcpu = domain.vcpus[0]!;
  for (let s = 0; s < 32; s++) vcpu.regs.set(s, 0xa0a0a0a0, 0xb0b0b0b0);
  return {
    xen: { preemptBudget } as XenState,
    domain,
    vcpu,
    op: 0,
    argLo: new Uint32Array(5),
    argHi: new Uint32Array(5),
    work: 0,
    unmodelled: null,
  };
}

const ARGS = [0x1_2345_6789, 0xfffffffe, 7];

describe("hypercallCreateContinuation", () => {
  it("aarch64: x16 = op, x0-x2 the whole arguments, the result is x0", () => {
    const call = callFrom("aarch64");
    const rc = hypercallCreateContinuation(call, 18, ARGS);
    const r = call.vcpu.regs;
    expect(call.vcpu.hcallPreempted).toBe(true);
    expect([r.lo(16), r.hi(16)]).toEqual([18, 0]);
    expect([r.lo(0), r.hi(0)]).toEqual([0x2345_6789, 1]);
    expect([r.lo(1), r.hi(1)]).toEqual([0xfffffffe, 0]);
    expect([r.lo(2), r.hi(2)]).toEqual([7, 0]);
    expect([r.lo(3), r.hi(3)]).toEqual([0xa0a0a0a0, 0xb0b0b0b0]);
    expect(rc).toBe(0x1_2345_6789);
  });

  it("aarch32: r12 = op, r0-r2 the low halves (top halves kept), the result is r0 signed", () => {
    const call = callFrom("aarch32");
    const rc = hypercallCreateContinuation(call, 18, ARGS);
    const r = call.vcpu.regs;
    expect([r.lo(12), r.hi(12)]).toEqual([18, 0xb0b0b0b0]);
    expect([r.lo(0), r.hi(0)]).toEqual([0x2345_6789, 0xb0b0b0b0]);
    expect([r.lo(1), r.hi(1)]).toEqual([0xfffffffe, 0xb0b0b0b0]);
    expect(r.lo(16)).toBe(0xa0a0a0a0);
    expect(rc).toBe(0x2345_6789);
    const neg = callFrom("aarch32");
    expect(hypercallCreateContinuation(neg, 18, [0xfffffffe])).toBe(-2);
  });

  it.each(["pv64", "pv32", "hvm64", "hvm32"] as const)(
    "%s: rax = op, the arguments in the mode's argument registers, the result is op",
    (mode) => {
      const call = callFrom(mode);
      const rc = hypercallCreateContinuation(call, 13, ARGS);
      const r = call.vcpu.regs;
      expect([r.lo(0), r.hi(0)]).toEqual([13, 0]);
      const slots = ARG_SLOTS[mode];
      expect([r.lo(slots[0]!), r.hi(slots[0]!)]).toEqual([0x2345_6789, 1]);
      expect([r.lo(slots[1]!), r.hi(slots[1]!)]).toEqual([0xfffffffe, 0]);
      expect([r.lo(slots[3]!), r.hi(slots[3]!)]).toEqual([0xa0a0a0a0, 0xb0b0b0b0]);
      expect(rc).toBe(13);
    },
  );

  it("in a multicall: the arguments go back into the entry, registers untouched", () => {
    const call = callFrom("aarch64");
    const mcs = call.vcpu.mcs;
    mcs.inMulticall = true;
    mcs.result = -7;
    const rc = hypercallCreateContinuation(call, 18, ARGS);
    expect(rc).toBe(-7);
    expect([...mcs.argLo.slice(0, 3)]).toEqual([0x2345_6789, 0xfffffffe, 7]);
    expect([...mcs.argHi.slice(0, 3)]).toEqual([1, 0, 0]);
    expect([call.vcpu.regs.lo(16), call.vcpu.regs.lo(0)]).toEqual([0xa0a0a0a0, 0xa0a0a0a0]);
    expect(call.vcpu.hcallPreempted).toBe(true);
  });
});

describe("hypercallPreemptCheck", () => {
  it("is true from exactly the budget's work unit on", () => {
    const call = callFrom("aarch64", 3);
    call.work = 2;
    expect(hypercallPreemptCheck(call)).toBe(false);
    call.work = 3;
    expect(hypercallPreemptCheck(call)).toBe(true);
    call.work = 4;
    expect(hypercallPreemptCheck(call)).toBe(true);
  });
});
