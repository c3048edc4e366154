import { ARM_PC_SLOT } from "../abi/modes.js";
import type { Domain, Vcpu } from "../machine/domain.js";
import type { XenState } from "../machine/state.js";
import { SHUTDOWN_poweroff, SHUTDOWN_reboot } from "../hypercalls/sched_op/sched-op.js";

/** SMCCC / PSCI function IDs (arm/include/asm/smccc.h, psci.h). */
export const ARM_SMCCC_VERSION_FID = 0x80000000;
export const PSCI_0_2_FN32_PSCI_VERSION = 0x84000000;
export const PSCI_0_2_FN32_CPU_OFF = 0x84000002;
export const PSCI_0_2_FN32_CPU_ON = 0x84000003;
export const PSCI_0_2_FN32_AFFINITY_INFO = 0x84000004;
export const PSCI_0_2_FN32_SYSTEM_OFF = 0x84000008;
export const PSCI_0_2_FN32_SYSTEM_RESET = 0x84000009;
export const PSCI_1_0_FN32_PSCI_FEATURES = 0x8400000a;
export const PSCI_0_2_FN64_CPU_ON = 0xc4000003;
export const PSCI_0_2_FN64_AFFINITY_INFO = 0xc4000004;

/** PSCI return codes (DEN0022). */
export const PSCI_SUCCESS = 0;
export const PSCI_NOT_SUPPORTED = -1;
export const PSCI_INVALID_PARAMETERS = -2;
export const PSCI_DENIED = -3;
export const PSCI_ALREADY_ON = -4;
export const PSCI_INVALID_ADDRESS = -9;
/** AFFINITY_INFO answers. */
export const PSCI_AFFINITY_ON = 0;
export const PSCI_AFFINITY_OFF = 1;

/** vpsci.c reports PSCI 1.1; vsmc.c reports SMCCC 1.1. */
const VERSION_1_1 = 0x00010001;

const SUPPORTED: ReadonlySet<number> = new Set([
  ARM_SMCCC_VERSION_FID,
  PSCI_0_2_FN32_PSCI_VERSION,
  PSCI_0_2_FN32_CPU_OFF,
  PSCI_0_2_FN32_CPU_ON,
  PSCI_0_2_FN32_AFFINITY_INFO,
  PSCI_0_2_FN32_SYSTEM_OFF,
  PSCI_0_2_FN32_SYSTEM_RESET,
  PSCI_1_0_FN32_PSCI_FEATURES,
  PSCI_0_2_FN64_CPU_ON,
  PSCI_0_2_FN64_AFFINITY_INFO,
]);

/** The vCPU an MPIDR value names (vaffinity_to_vcpuid: Aff0 < 16 per cluster, Aff1 the cluster). */
function vaffinityToVcpuid(lo: number, hi: number): number {
  const aff0 = lo & 0xff;
  const aff1 = (lo >>> 8) & 0xff;
  if (hi !== 0 || lo >>> 16 !== 0 || aff0 >= 16) return -1;
  return aff1 * 16 + aff0;
}

/** SMC32 calls use only the low 32 bits of their arguments (SMCCC DEN0028 §3.1). */
function arg(v: Vcpu, n: number, smc64: boolean): [number, number] {
  return [v.regs.lo(n), smc64 ? v.regs.hi(n) : 0];
}

/**
 * do_common_cpu_on (arch/arm/vpsci.c): a fresh, zeroed context with pc = entry point and
 * x0/r0 = context id, then arch_set_info_guest and wake. Secondary vCPUs start down.
 */
function cpuOn(d: Domain, v: Vcpu, smc64: boolean): number {
  const [tLo, tHi] = arg(v, 1, smc64);
  const [eLo, eHi] = arg(v, 2, smc64);
  const [cLo, cHi] = arg(v, 3, smc64);
  const id = vaffinityToVcpuid(tLo, tHi);
  if (id < 0 || id >= d.vcpus.length) return PSCI_INVALID_PARAMETERS;
  const target = d.vcpus[id]!;
  const is64 = d.info.bits === 64;
  // THUMB (entry point bit 0) is not allowed for a 64-bit domain.
  if (is64 && eLo & 1) return PSCI_INVALID_ADDRESS;
  if (target.online) return PSCI_ALREADY_ON;
  target.regs.clear();
  target.regs.set(ARM_PC_SLOT, eLo, eHi);
  target.regs.set(0, cLo, is64 ? cHi : 0);
  target.online = true;
  return PSCI_SUCCESS;
}

/**
 * SMCCC over `hvc #0` (arch/arm/vsmc.c, vpsci.c). The function ID is the low 32 bits of
 * x0/r0; a 32-bit domain may not use the SMC64 convention. Unknown IDs answer
 * ARM_SMCCC_ERR_UNKNOWN_FUNCTION (-1). The result goes to x0 sign-extended.
 */
export function doTrapHvcSmccc(xen: XenState, d: Domain, v: Vcpu): number {
  const fid = v.regs.lo(0) >>> 0;
  const smc64 = (fid & 0x40000000) !== 0;
  if (smc64 && d.info.bits === 32) return PSCI_NOT_SUPPORTED;
  void xen;
  switch (fid) {
    case ARM_SMCCC_VERSION_FID:
    case PSCI_0_2_FN32_PSCI_VERSION:
      return VERSION_1_1;
    case PSCI_1_0_FN32_PSCI_FEATURES:
      return SUPPORTED.has(v.regs.lo(1) >>> 0) ? PSCI_SUCCESS : PSCI_NOT_SUPPORTED;
    case PSCI_0_2_FN32_CPU_ON:
    case PSCI_0_2_FN64_CPU_ON:
      return cpuOn(d, v, smc64);
    case PSCI_0_2_FN32_CPU_OFF:
      v.online = false;
      return PSCI_SUCCESS;
    case PSCI_0_2_FN32_AFFINITY_INFO:
    case PSCI_0_2_FN64_AFFINITY_INFO: {
      const [tLo, tHi] = arg(v, 1, smc64);
      const level = v.regs.lo(2);
      const id = vaffinityToVcpuid(tLo, tHi);
      if (level > 1 || id < 0 || id >= d.vcpus.length) return PSCI_INVALID_PARAMETERS;
      return d.vcpus[id]!.online ? PSCI_AFFINITY_ON : PSCI_AFFINITY_OFF;
    }
    case PSCI_0_2_FN32_SYSTEM_OFF:
      d.shutdownReason = SHUTDOWN_poweroff;
      return PSCI_SUCCESS;
    case PSCI_0_2_FN32_SYSTEM_RESET:
      d.shutdownReason = SHUTDOWN_reboot;
      return PSCI_SUCCESS;
    default:
      return PSCI_NOT_SUPPORTED;
  }
}
