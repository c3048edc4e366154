/**
 * get_user_reg / set_user_reg (xen/arch/arm/traps.c) for the SMCCC handlers: register_t is
 * 64-bit on arm64 Xen whatever the guest's mode, 32-bit on arm32 Xen. Values as BigInt: the
 * SMCCC path is not a hot path.
 */
import type { Vcpu } from "../../machine/domain.js";
import type { XenState } from "../../machine/state.js";

export function regBits(xen: XenState): 32 | 64 {
  return xen.arch === "arm64" ? 64 : 32;
}

/** get_user_reg(regs, n): the whole register_t. */
export function getUserReg(xen: XenState, v: Vcpu, n: number): bigint {
  const lo = BigInt(v.regs.lo(n));
  return regBits(xen) === 64 ? (BigInt(v.regs.hi(n)) << 32n) | lo : lo;
}

/** PSCI_ARG32 / (uint32_t)get_user_reg. */
export function getUserReg32(v: Vcpu, n: number): number {
  return v.regs.lo(n);
}

/** set_user_reg(regs, n, value): a signed C value converted to register_t. */
export function setUserReg(xen: XenState, v: Vcpu, n: number, value: number | bigint): void {
  const u = BigInt.asUintN(regBits(xen), BigInt(value));
  v.regs.set(n, Number(u & 0xffffffffn), Number(u >> 32n));
}
