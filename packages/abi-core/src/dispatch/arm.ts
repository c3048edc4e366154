import { ARM_PC_SLOT } from "../abi/modes.js";
import type { Domain, Vcpu } from "../machine/domain.js";
import type { XenState } from "../machine/state.js";
import { releaseDecides } from "../machine/release-decided.js";
import { hex, type TraceEvent } from "../machine/trace.js";
import { ValueKind, type TraceLog } from "../machine/trace-log.js";
import { doTrapHvcSmccc } from "../hypercalls/psci/vsmc.js";
import { invokeHypercall, shouldPoison } from "./call-handlers.js";
import { argRegisterBits } from "./narrow.js";
import { Fault, type DispatchContext } from "./context.js";
import { poisonArgs } from "./poison.js";

/** XEN_HYPERCALL_TAG (public/arch-arm.h): the only HVC immediate that is a hypercall. */
export const XEN_HYPERCALL_TAG = 0xea1;

const ARG_NAMES_64: readonly string[] = ["x0", "x1", "x2", "x3", "x4"];
const ARG_NAMES_32: readonly string[] = ["r0", "r1", "r2", "r3", "r4"];

/** Store a long result in x0 as register_t: sign-extended on arm64, 32 bits on arm32. */
function setResult(v: Vcpu, ret: number, xen64: boolean): void {
  if (xen64) v.regs.setNumber(0, ret);
  else v.regs.set(0, ret >>> 0, 0);
}

/** Advance or rewind pc by `delta` bytes at the mode's width. */
function movePc(v: Vcpu, delta: number, is32: boolean): void {
  const lo = v.regs.lo(ARM_PC_SLOT) + delta;
  if (is32) v.regs.setLo(ARM_PC_SLOT, lo >>> 0);
  else
    v.regs.set(
      ARM_PC_SLOT,
      lo >>> 0,
      (v.regs.hi(ARM_PC_SLOT) + Math.floor(lo / 0x100000000)) >>> 0,
    );
}

/**
 * An Arm guest executes `hvc #imm`: entry.S, then do_trap_guest_sync's HVC32/HVC64 cases,
 * then do_trap_hypercall (arch/arm/traps.c), as the release did it. Hot path: the trace and
 * the immediates that are not hypercalls live in the functions below, so this one stays
 * small enough for the JIT to inline what it calls.
 */
export function trapArmHvc(dc: DispatchContext, d: Domain, v: Vcpu, imm: number): Fault {
  const xen = dc.xen;
  const info = d.info;
  const is32 = info.bits === 32;
  const xen64 = xen.arch === "arm64";
  const trace = xen.trace;
  const regs = v.regs;

  // entry.S clobber_gp_top_halves (4.17+): AArch32 state leaves top halves IMPLEMENTATION
  // DEFINED, so Xen zeroes x0-x30's on every entry from AArch32.
  if (xen64 && is32) {
    if (topHalves(regs.words) !== 0) setTopHalves(xen, regs.words);
    if (trace && xen.profile.armZeroAarch32TopHalves) traceZeroTopHalves(trace);
  }
  // HVC has trap semantics: the return address is the next instruction.
  movePc(v, 4, is32);
  // XEN_HYPERCALL_TAG is not a debug immediate (0xffXX), so this is the only hypercall case.
  if (imm !== XEN_HYPERCALL_TAG) return otherHvc(dc, d, v, imm, is32, xen64);
  if (trace) traceHypercallTrap(trace);

  // The number: x16 for HVC64; for HVC32 `nr = regs->r12`, the low half of x12 on arm64.
  const nrSlot = is32 ? 12 : 16;
  const nrLo = regs.lo(nrSlot);
  const nrHi = is32 || !xen64 ? 0 : regs.hi(nrSlot);
  const nr = nrHi === 0 ? nrLo : -1;
  if (trace) trace.value(ValueKind.Number, info.numberReg, nrLo, nrHi, is32 || !xen64 ? 32 : 64, 0);

  v.hcallPreempted = false;
  const rawLo = dc.rawLo;
  const rawHi = dc.rawHi;
  // register_t is 64-bit on arm64, whatever the guest's mode.
  const bits = argRegisterBits(info, xen.arch);
  for (let i = 0; i < 5; i++) {
    rawLo[i] = regs.lo(i);
    rawHi[i] = bits === 64 ? regs.hi(i) : 0;
  }
  const ret = invokeHypercall(dc, d, v, nr, bits === 64 ? ARG_NAMES_64 : ARG_NAMES_32, bits);
  // Not modelled: no result Xen would not give, no poisoning as if one had been returned.
  if (dc.call.unmodelled !== null) return d.crashed ? Fault.DomainCrash : Fault.None;
  setResult(v, ret, xen64);
  if (trace) traceResult(trace, v, xen64 ? "x0" : "r0", xen64, ret);

  // Debug builds corrupt the argument registers the call used.
  if (shouldPoison(dc, v, ret)) poisonArgs(info, v, dc.nargs[0]!, is32, trace);

  if (v.hcallPreempted) {
    movePc(v, -4, is32); // re-execute 'hvc #XEN_HYPERCALL_TAG'
    if (trace) traceContinuation(trace, v, nrLo, is32);
  }
  return d.crashed ? Fault.DomainCrash : Fault.None;
}

const HYPERCALL_TRAP: TraceEvent = Object.freeze({
  kind: "trap",
  action: "hypercall",
  reason: "HVC #0xEA1 (XEN_HYPERCALL_TAG)",
});

function traceHypercallTrap(trace: TraceLog): void {
  trace.push(HYPERCALL_TRAP);
}

/** HVC with an immediate other than XEN_HYPERCALL_TAG: a debug trap, SMCCC, or undefined. */
function otherHvc(
  dc: DispatchContext,
  d: Domain,
  v: Vcpu,
  imm: number,
  is32: boolean,
  xen64: boolean,
): Fault {
  const xen = dc.xen;
  const trace = xen.trace;
  if (xen.debug && (imm & 0xff00) === 0xff00) {
    // do_debug_trap: debug builds reserve HVC #0xffXX for hypervisor debugging aids.
    if (trace)
      trace.push({
        kind: "trap",
        action: "hypercall",
        reason: `debug trap 0x${(imm & 0xff).toString(16)} (debug build)`,
      });
    return Fault.None;
  }
  if (imm === 0) {
    if (trace)
      trace.push({ kind: "trap", action: "smccc", reason: "HVC #0 is an SMCCC call (vsmc.c)" });
    // vsmccc_handle_call writes its answers (x0, or x0-x3) itself, as set_user_reg does.
    dc.call.unmodelled = doTrapHvcSmccc(xen, d, v);
    if (trace && dc.call.unmodelled === null)
      traceResult(trace, v, d.info.resultReg, xen64, undefined);
    return Fault.None;
  }
  // inject_undef_exception: the guest takes an undefined-instruction exception, whose
  // return address (ELR) is the instruction after the HVC, as HVC's own exception left it.
  // The model has no vector table: pc stays at that return address.
  if (trace)
    trace.push({
      kind: "fault",
      fault: "undef",
      reason: `invalid HVC immediate 0x${imm.toString(16)}`,
    });
  return Fault.Undef;
}

const ZERO_TOP_HALVES: TraceEvent = Object.freeze({
  kind: "zero-top-halves",
  registers: "x0-x30",
  reason: "arm64 entry.S clobber_gp_top_halves (Xen 4.17.0+, 4.16.1+)",
});

/**
 * The top halves of x0-x30 ORed together (words 1, 3, ..., 61 of the register file): zero on
 * the hot path, where nothing more is done. A loop the JIT inlines in a few bytes, so that
 * trapArmHvc keeps room to inline the register writes that follow.
 */
function topHalves(words: Uint32Array): number {
  let any = 0;
  for (let i = 1; i < 62; i += 2) any |= words[i]!;
  return any;
}

/**
 * Some top half of x0-x30 is set: only then does the release's switch decide what the guest
 * sees, so only then is it noted (releaseDecides). 4.17+ zeroes them all; before, they stay.
 */
function setTopHalves(xen: XenState, words: Uint32Array): void {
  if (!releaseDecides(xen, "armZeroAarch32TopHalves")) return;
  for (let i = 1; i < 62; i += 2) words[i] = 0;
}

function traceZeroTopHalves(trace: TraceLog): void {
  trace.push(ZERO_TOP_HALVES);
}

/** The result event; `ret` undefined: no errno name (SMCCC results are not errnos). */
function traceResult(
  trace: TraceLog,
  v: Vcpu,
  register: string,
  xen64: boolean,
  ret: number | undefined,
): void {
  trace.value(ValueKind.Result, register, v.regs.lo(0), v.regs.hi(0), xen64 ? 64 : 32, ret ?? 0);
}

function traceContinuation(trace: TraceLog, v: Vcpu, op: number, is32: boolean): void {
  trace.push({
    kind: "continuation",
    op,
    pc: hex(v.regs.lo(ARM_PC_SLOT), v.regs.hi(ARM_PC_SLOT), is32 ? 32 : 64),
  });
}
