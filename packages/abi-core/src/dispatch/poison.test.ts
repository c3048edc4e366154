/**
 * Debug-build poisoning register by register: which argument registers a hypercall of nargs
 * arguments gets poisoned, with which value and width, and which registers (the result, the
 * arguments beyond nargs) are left alone; and what the trace records.
 */
import { describe, expect, it } from "vitest";
import { ARG_SLOTS, MODE_INFO, type GuestMode } from "../abi/modes.js";
import { Domain } from "../machine/domain.js";
import { TraceLog } from "../machine/trace-log.js";
import {
  ARM_POISON,
  X86_POISON_32,
  X86_POISON_64_HI,
  X86_POISON_64_LO,
  poisonArgs,
} from "./poison.js";

const KEEP_LO = 0x11111111;
const KEEP_HI = 0x22222222;

function vcpuOf(mode: GuestMode) {
  const v = new Domain({ id: 1, mode }).vcpus[0]!;
  for (let s = 0; s < 32; s++) v.regs.set(s, KEEP_LO, KEEP_HI);
  return v;
}

const reg = (v: ReturnType<typeof vcpuOf>, s: number) => [v.regs.lo(s), v.regs.hi(s)];

/** The poison events of a traced call, as (register, value). */
function poisoned(trace: TraceLog): [string, string][] {
  return trace.events().flatMap((e) => (e.kind === "poison" ? [[e.register, e.value]] : []));
}

describe("poisonArgs", () => {
  it("arm64 number register: x1..x(nargs-1) and x16 get 0xDEADBEEF, x0 and the rest are kept", () => {
    const v = vcpuOf("aarch64");
    const trace = new TraceLog();
    trace.begin();
    poisonArgs(MODE_INFO.aarch64, v, 3, false, trace);
    expect(reg(v, 0)).toEqual([KEEP_LO, KEEP_HI]);
    expect(reg(v, 1)).toEqual([ARM_POISON, 0]);
    expect(reg(v, 2)).toEqual([ARM_POISON, 0]);
    expect(reg(v, 3)).toEqual([KEEP_LO, KEEP_HI]);
    expect(reg(v, 16)).toEqual([ARM_POISON, 0]);
    expect(reg(v, 12)).toEqual([KEEP_LO, KEEP_HI]);
    const poisoned = trace
      .events()
      .filter((e) => e.kind === "poison")
      .map((e) => (e.kind === "poison" ? e.register : ""));
    expect(poisoned).toEqual(["x2", "x1", "x16"]);
  });

  it("arm64 with five arguments (the most any hypercall has): x4 down to x1, then x16", () => {
    const v = vcpuOf("aarch64");
    const trace = new TraceLog();
    trace.begin();
    poisonArgs(MODE_INFO.aarch64, v, 5, false, trace);
    for (const s of [1, 2, 3, 4, 16]) expect(reg(v, s), `x${s}`).toEqual([ARM_POISON, 0]);
    expect(reg(v, 5)).toEqual([KEEP_LO, KEEP_HI]);
    const arm = "0x00000000deadbeef";
    expect(poisoned(trace)).toEqual([
      ["x4", arm],
      ["x3", arm],
      ["x2", arm],
      ["x1", arm],
      ["x16", arm],
    ]);
  });

  it("HVC32: r12 is written as a 32-bit value, its top half kept", () => {
    const v = vcpuOf("aarch32");
    const trace = new TraceLog();
    trace.begin();
    poisonArgs(MODE_INFO.aarch32, v, 1, true, trace);
    expect(poisoned(trace)).toEqual([["r12", "0xdeadbeef"]]);
    expect(reg(v, 12)).toEqual([ARM_POISON, KEEP_HI]);
    expect(reg(v, 16)).toEqual([KEEP_LO, KEEP_HI]);
    expect(reg(v, 0)).toEqual([KEEP_LO, KEEP_HI]);
    expect(reg(v, 1)).toEqual([KEEP_LO, KEEP_HI]);
  });

  it("x86 64-bit: arguments 1..nargs get 0xDEADBEEFDEADF00D, rax and later ones are kept", () => {
    const v = vcpuOf("pv64");
    const trace = new TraceLog();
    trace.begin();
    poisonArgs(MODE_INFO.pv64, v, 2, false, trace);
    // clobber_regs: rdi, rsi, ... in hypercall argument order.
    expect(poisoned(trace)).toEqual([
      ["rdi", "0xdeadbeefdeadf00d"],
      ["rsi", "0xdeadbeefdeadf00d"],
    ]);
    const slots = ARG_SLOTS.pv64;
    expect(reg(v, slots[0]!)).toEqual([X86_POISON_64_LO, X86_POISON_64_HI]);
    expect(reg(v, slots[1]!)).toEqual([X86_POISON_64_LO, X86_POISON_64_HI]);
    expect(reg(v, slots[2]!)).toEqual([KEEP_LO, KEEP_HI]);
    expect(reg(v, 0)).toEqual([KEEP_LO, KEEP_HI]);
  });

  it("x86 32-bit: the low halves get 0xDEADF00D, the top halves are kept", () => {
    const v = vcpuOf("hvm32");
    const trace = new TraceLog();
    trace.begin();
    poisonArgs(MODE_INFO.hvm32, v, 2, false, trace);
    const slots = ARG_SLOTS.hvm32;
    expect(reg(v, slots[0]!)).toEqual([X86_POISON_32, KEEP_HI]);
    expect(reg(v, slots[1]!)).toEqual([X86_POISON_32, KEEP_HI]);
    expect(reg(v, slots[2]!)).toEqual([KEEP_LO, KEEP_HI]);
    expect(poisoned(trace)).toEqual([
      ["ebx", "0xdeadf00d"],
      ["ecx", "0xdeadf00d"],
    ]);
  });
});
