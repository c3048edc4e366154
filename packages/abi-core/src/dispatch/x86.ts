import { ARG_SLOTS, X86_IP_SLOT } from "../abi/modes.js";
import type { Domain, Vcpu } from "../machine/domain.js";
import { hex } from "../machine/trace.js";
import { ValueKind } from "../machine/trace-log.js";
import { invokeHypercall, shouldPoison } from "./call-handlers.js";
import { argRegisterBits } from "./narrow.js";
import { Fault, type DispatchContext } from "./context.js";
import { poisonArgs } from "./poison.js";

/**
 * An x86 guest executes its hypercall instruction: pv/hypercall.c _pv_hypercall (syscall,
 * int $0x82) or hvm/hypercall.c hvm_hypercall (vmcall). 64-bit guests pass the number in rax
 * and arguments in rdi rsi rdx r10 r8 as unsigned long; 32-bit guests (hcall_compat) in eax
 * and ebx ecx edx esi edi, each read as unsigned int.
 */
export function trapX86(dc: DispatchContext, d: Domain, v: Vcpu): Fault {
  const xen = dc.xen;
  const info = d.info;
  const compat = info.bits === 32;
  const trace = xen.trace;
  const regs = v.regs;
  const ipBytes = info.instructionBytes;
  // Trap semantics: rip is past the instruction; a continuation rewinds it.
  regs.set(X86_IP_SLOT, (regs.lo(X86_IP_SLOT) + ipBytes) >>> 0, compat ? 0 : regs.hi(X86_IP_SLOT));
  if (trace)
    trace.push({ kind: "trap", action: "hypercall", reason: `${info.instruction} (${d.mode})` });

  v.hcallPreempted = false;
  const nrLo = regs.lo(0);
  const nrHi = compat ? 0 : regs.hi(0);
  const nr = nrHi === 0 ? nrLo : -1;
  if (trace) trace.value(ValueKind.Number, info.numberReg, nrLo, nrHi, compat ? 32 : 64, 0);

  const slots = ARG_SLOTS[d.mode];
  for (let i = 0; i < 5; i++) {
    dc.rawLo[i] = regs.lo(slots[i]!);
    dc.rawHi[i] = compat ? 0 : regs.hi(slots[i]!);
  }
  v.hcallCompat = compat;
  const ret = invokeHypercall(dc, d, v, nr, info.argRegs, argRegisterBits(info, xen.arch));
  v.hcallCompat = false;
  // Not modelled: no result Xen would not give, no poisoning as if one had been returned.
  if (dc.call.unmodelled !== null) return d.crashed ? Fault.DomainCrash : Fault.None;

  // regs->rax = ret (sign-extended long); the compat path writes regs->eax only.
  if (compat) regs.setLo(0, ret >>> 0);
  else regs.setNumber(0, ret);
  if (trace)
    trace.value(ValueKind.Result, info.resultReg, regs.lo(0), regs.hi(0), compat ? 32 : 64, ret);

  // Debug builds clobber the argument registers.
  if (shouldPoison(dc, v, ret)) poisonArgs(info, v, dc.nargs[0]!, false, trace);

  if (v.hcallPreempted) {
    regs.setLo(X86_IP_SLOT, (regs.lo(X86_IP_SLOT) - ipBytes) >>> 0);
    if (trace)
      trace.push({
        kind: "continuation",
        op: nrLo,
        pc: hex(regs.lo(X86_IP_SLOT), regs.hi(X86_IP_SLOT), compat ? 32 : 64),
      });
  }
  return d.crashed ? Fault.DomainCrash : Fault.None;
}
