import { ARG_SLOTS } from "../abi/modes.js";
import type { HypercallCall } from "../machine/call.js";
import { hiWord } from "../machine/registers.js";

/**
 * hypercall_create_continuation (arch/arm/domain.c, arch/x86/hypercall.c): mark the vCPU
 * preempted and store the remaining work where the re-executed instruction will read it.
 * In a multicall, the arguments go back into the entry being run; otherwise into the
 * argument registers (number register = op), and the dispatcher rewinds pc.
 *
 * `args` are the format's values ('i' unsigned int, 'l' unsigned long, 'h' handle): all
 * non-negative and below 2^53 here. Returns what Xen's function returns, which the handler
 * passes back as its result: the entry's result in a multicall, else x0/r0 on Arm and `op`
 * on x86 (so the result register is left as the continuation needs it).
 */
export function hypercallCreateContinuation(
  call: HypercallCall,
  op: number,
  args: readonly number[],
): number {
  const { vcpu, domain } = call;
  vcpu.hcallPreempted = true;
  const mcs = vcpu.mcs;
  if (mcs.inMulticall) {
    for (let i = 0; i < args.length; i++) {
      mcs.argLo[i] = args[i]! >>> 0;
      mcs.argHi[i] = hiWord(args[i]!);
    }
    return mcs.result;
  }
  const info = domain.info;
  const regs = vcpu.regs;
  if (info.family === "arm") {
    // x16/r12 = op; x0-x4 / r0-r4 = args. On arm64 Xen rN is the low half of xN.
    const is32 = info.bits === 32;
    if (is32) regs.setLo(12, op);
    else regs.set(16, op, 0);
    for (let i = 0; i < args.length; i++) {
      if (is32) regs.setLo(i, args[i]! >>> 0);
      else regs.setNumber(i, args[i]!);
    }
    return is32 ? regs.lo(0) | 0 : regs.hi(0) * 0x100000000 + regs.lo(0);
  }
  // x86: rax = op; rdi rsi rdx r10 r8, or rbx rcx rdx rsi rdi under hcall_compat.
  regs.set(0, op, 0);
  // hcall_compat picks rbx.. over rdi..: exactly the 32-bit modes' argument registers.
  const slots = ARG_SLOTS[domain.mode];
  for (let i = 0; i < args.length; i++) regs.setNumber(slots[i]!, args[i]!);
  return op;
}

/**
 * The model's hypercall_preempt_check(): true once this invocation has done its budget of
 * work units. Real Xen asks whether a softirq is pending, which a guest cannot predict; any
 * answer is a valid Xen behaviour, and a fixed budget makes continuations reproducible.
 */
export function hypercallPreemptCheck(call: HypercallCall): boolean {
  return call.work >= call.xen.preemptBudget;
}
