import { ARG_SLOTS, type GuestModeInfo } from "../abi/modes.js";
import type { Vcpu } from "../machine/domain.js";
import type { TraceSink } from "../machine/trace.js";
import { ValueKind } from "../machine/trace-log.js";

const X_NAMES: readonly string[] = ["x0", "x1", "x2", "x3", "x4", "x5"];

/** arm/traps.c: ARG2-ARG5 and the number register get 0xDEADBEEF (a register_t, top half 0). */
export const ARM_POISON = 0xdeadbeef;
/** x86/include/asm/hypercall.h clobber_regs: 64-bit and 32-bit poison values. */
export const X86_POISON_64_LO = 0xdeadf00d;
export const X86_POISON_64_HI = 0xdeadbeef;
export const X86_POISON_32 = 0xdeadf00d;

/**
 * Debug-build poisoning of the argument registers a hypercall used (hypercall_args[nr]).
 * Arm keeps x0/r0 (the result) and poisons args 2..nargs plus x16/r12; x86 poisons args
 * 1..nargs (the result is in rax) and leaves rax alone. The caller decides whether to poison
 * at all (not when preempted; from 4.17 not when the result is -ENOSYS).
 */
export function poisonArgs(
  info: GuestModeInfo,
  v: Vcpu,
  nargs: number,
  armNumberIs32: boolean,
  trace: TraceSink,
): void {
  const regs = v.regs;
  if (info.family === "arm") {
    for (let i = nargs - 1; i >= 1; i--) {
      regs.set(i, ARM_POISON, 0);
      if (trace) trace.value(ValueKind.Poison, X_NAMES[i]!, ARM_POISON, 0, 64, 0);
    }
    // HVC32 writes back `regs->r12 = (uint32_t)nr`, which on arm64 is the low half of x12.
    if (armNumberIs32) regs.setLo(12, ARM_POISON);
    else regs.set(16, ARM_POISON, 0);
    if (trace)
      trace.value(
        ValueKind.Poison,
        armNumberIs32 ? "r12" : "x16",
        ARM_POISON,
        0,
        armNumberIs32 ? 32 : 64,
        0,
      );
    return;
  }
  if (info.bits === 64) {
    for (let i = 0; i < nargs; i++) {
      regs.set(ARG_SLOTS[info.mode][i]!, X86_POISON_64_LO, X86_POISON_64_HI);
      if (trace)
        trace.value(ValueKind.Poison, info.argRegs[i]!, X86_POISON_64_LO, X86_POISON_64_HI, 64, 0);
    }
    return;
  }
  for (let i = 0; i < nargs; i++) {
    regs.setLo(ARG_SLOTS[info.mode][i]!, X86_POISON_32);
    if (trace) trace.value(ValueKind.Poison, info.argRegs[i]!, X86_POISON_32, 0, 32, 0);
  }
}
