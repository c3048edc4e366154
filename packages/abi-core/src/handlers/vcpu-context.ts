import type { Domain, Vcpu } from "../machine/domain.js";
import { EINVAL } from "../machine/errno.js";
import type { XenState } from "../machine/state.js";

/** One register of a toolstack-supplied context: slot and 64-bit value as halves. */
export interface ContextReg {
  readonly slot: number;
  readonly lo: number;
  readonly hi: number;
}

/** AArch32 / AArch64 PSR modes arch_vcpu_validate_guest_context accepts (arm/domain.c). */
const PSR_MODE_USR = 0x10;
const PSR_MODE_FIQ = 0x11;
const PSR_MODE_IRQ = 0x12;
const PSR_MODE_SVC = 0x13;
const PSR_MODE_ABT = 0x17;
const PSR_MODE_UND = 0x1b;
const PSR_MODE_SYS = 0x1f;
const PSR_MODE_BIT = 0x10;
const PSR_MODE_EL0t = 0x00;
const PSR_MODE_EL1t = 0x04;
const PSR_MODE_EL1h = 0x05;
/** PSR_GUEST32_INIT / PSR_GUEST64_INIT: SVC / EL1h with interrupts masked. */
export const PSR_GUEST32_INIT = 0x1d3;
export const PSR_GUEST64_INIT = 0x3c5;

function isGuestPv32Psr(psr: number): boolean {
  const m = psr & 0x1f;
  return [
    PSR_MODE_USR,
    PSR_MODE_FIQ,
    PSR_MODE_IRQ,
    PSR_MODE_SVC,
    PSR_MODE_ABT,
    PSR_MODE_UND,
    PSR_MODE_SYS,
  ].includes(m);
}

function isGuestPv64Psr(psr: number): boolean {
  if (psr & PSR_MODE_BIT) return false;
  const m = psr & 0x1f;
  return m === PSR_MODE_EL0t || m === PSR_MODE_EL1t || m === PSR_MODE_EL1h;
}

export interface SetVcpuContextOptions {
  /**
   * The sanity check the Xen thread proposed (not in Xen): refuse a context whose general
   * registers have top halves set for a 32-bit vCPU, with -EINVAL.
   */
  readonly checkUpperBits?: boolean;
}

/**
 * XEN_DOMCTL_setvcpucontext -> arch_set_info_guest (arch/arm/domain.c). Xen validates only
 * the PSR modes (-EINVAL); it copies x0-x30 and pc verbatim (vcpu_regs_user_to_hyp), top
 * halves included, even for a 32-bit vCPU. On arm32 Xen registers are 32 bits wide.
 */
export function archSetInfoGuest(
  xen: XenState,
  d: Domain,
  v: Vcpu,
  regs: readonly ContextReg[],
  cpsr: number | undefined,
  opts: SetVcpuContextOptions = {},
): number {
  const info = d.info;
  const psr = cpsr ?? (info.bits === 32 ? PSR_GUEST32_INIT : PSR_GUEST64_INIT);
  if (info.family === "arm") {
    if (info.bits === 32 ? !isGuestPv32Psr(psr) : !isGuestPv64Psr(psr)) return -EINVAL;
    if (opts.checkUpperBits && info.bits === 32 && regs.some((r) => r.hi !== 0)) return -EINVAL;
  }
  const keepHi = xen.arch !== "arm32" && info.family === "arm";
  v.regs.clear();
  for (const r of regs) v.regs.set(r.slot, r.lo, keepHi || info.bits === 64 ? r.hi : 0);
  v.cpsr = psr;
  v.initialised = true;
  // The toolstack's context carries VGCF_online: the vCPU may run.
  v.online = true;
  return 0;
}
