/**
 * Xen's virtual PSCI (xen/arch/arm/vpsci.c): the 0.1 calls (do_vpsci_0_1_call) and the 0.2+
 * calls (do_vpsci_0_2_call), as each modelled release has them.
 */
import { ARM_PC_SLOT } from "../../abi/modes.js";
import type { Domain, Vcpu } from "../../machine/domain.js";
import { releaseMinor } from "../../machine/release.js";
import { namedCheck } from "../../machine/trace.js";
import type { XenState } from "../../machine/state.js";
import {
  domainShutdown,
  SHUTDOWN_poweroff,
  SHUTDOWN_reboot,
  SHUTDOWN_suspend,
} from "../sched_op/sched-op.js";
import { PSR_GUEST32_INIT, PSR_GUEST64_INIT } from "../../handlers/vcpu-context.js";
import * as C from "./constants.js";
import { getUserReg, getUserReg32, regBits, setUserReg } from "./regs.js";

/** PSR_GUEST32_INIT: with PSR_Z from 4.17 (public/arch-arm.h). */
function psrGuest32Init(xen: XenState): number {
  return releaseMinor(xen.release) >= 17 ? (PSR_GUEST32_INIT | C.PSR_Z) >>> 0 : PSR_GUEST32_INIT;
}

/** MPIDR_HWID_MASK (processor.h): arm64 0xff00ffffff, arm32 0xffffff. */
function hwidMask(xen: XenState): bigint {
  return regBits(xen) === 64 ? 0xff00ffffffn : 0xffffffn;
}

/** vaffinity_to_vcpuid (asm/domain.h): Aff0 | Aff1 << 4, with no range check of its own. */
function vaffinityToVcpuid(xen: XenState, vaff: bigint): number {
  const v = vaff & hwidMask(xen);
  return Number((v & 0xffn) | (((v >> 8n) & 0xffn) << 4n));
}

/** MPIDR_SMP | vcpuid_to_vaffinity(id): the vMPIDR Xen gives vCPU `id`. */
function vmpidr(id: number): bigint {
  return (1n << 31n) | BigInt(id & 0xf) | (BigInt((id >> 4) & 0xff) << 8n);
}

/**
 * vpsci_build_guest_context + do_common_cpu_on: a zeroed context at the entry point, x0/r0 =
 * context id; a 32-bit domain may enter in Thumb state (bit 0: CPSR.T set, pc bit 0 cleared).
 */
function commonCpuOn(xen: XenState, d: Domain, target: bigint, entry: bigint, cid: bigint): number {
  const id = vaffinityToVcpuid(xen, target);
  const trace = xen.trace;
  const v = id < d.vcpus.length ? d.vcpus[id] : undefined;
  if (v === undefined)
    return namedCheck(
      trace,
      "psci.cpu_on.target",
      C.PSCI_INVALID_PARAMETERS,
      "PSCI_INVALID_PARAMETERS",
    );
  const thumb = (entry & 1n) === 1n;
  const is64 = d.info.bits === 64;
  // THUMB set is not allowed with a 64-bit domain.
  if (is64 && thumb)
    return namedCheck(
      trace,
      "psci.cpu_on.thumb_aarch64",
      C.PSCI_INVALID_ADDRESS,
      "PSCI_INVALID_ADDRESS",
    );
  if (v.online)
    return namedCheck(trace, "psci.cpu_on.already_on", C.PSCI_ALREADY_ON, "PSCI_ALREADY_ON");
  let pc = entry;
  let cpsr = is64 ? PSR_GUEST64_INIT : psrGuest32Init(xen);
  if (!is64 && thumb) {
    cpsr |= C.PSR_THUMB;
    pc &= ~1n;
  }
  v.regs.clear();
  v.regs.set(ARM_PC_SLOT, Number(pc & 0xffffffffn), Number(pc >> 32n));
  // r0_usr is the low half of x0's slot in vcpu_guest_core_regs.
  const c = is64 ? cid : cid & 0xffffffffn;
  v.regs.set(0, Number(c & 0xffffffffn), Number(c >> 32n));
  v.cpsr = cpsr;
  // do_common_cpu_on -> arch_set_info_guest: the vCPU now has a context.
  v.initialised = true;
  v.online = true;
  return C.PSCI_SUCCESS;
}

/** do_psci_0_2_affinity_info: levels 0-3 on arm64 Xen, 0-2 on arm32; an absent target is OFF. */
function affinityInfo(xen: XenState, d: Domain, taff: bigint, level: number): number {
  const levels = regBits(xen) === 64 ? 4 : 3;
  if (level >= levels)
    return namedCheck(
      xen.trace,
      "psci.affinity_info.level",
      C.PSCI_INVALID_PARAMETERS,
      "PSCI_INVALID_PARAMETERS",
    );
  // MPIDR_LEVEL_SHIFT(level) = ((1 << level) >> 1) << 3; AFFINITY_MASK = ~((1 << shift) - 1).
  const shift = BigInt(((1 << level) >> 1) << 3);
  const tmask = hwidMask(xen) & ~((1n << shift) - 1n);
  const t = taff & tmask;
  for (const v of d.vcpus) if ((vmpidr(v.id) & tmask) === t && v.online) return C.PSCI_AFFINITY_ON;
  return C.PSCI_AFFINITY_OFF;
}

/** do_psci_1_0_features: the IDs this release's vpsci.c lists. */
function features(xen: XenState, d: Domain, fid: number): number {
  switch (fid) {
    case C.PSCI_0_2_FN32_PSCI_VERSION:
    case C.PSCI_0_2_FN32_CPU_SUSPEND:
    case C.PSCI_0_2_FN64_CPU_SUSPEND:
    case C.PSCI_0_2_FN32_CPU_OFF:
    case C.PSCI_0_2_FN32_CPU_ON:
    case C.PSCI_0_2_FN64_CPU_ON:
    case C.PSCI_0_2_FN32_AFFINITY_INFO:
    case C.PSCI_0_2_FN64_AFFINITY_INFO:
    case C.PSCI_0_2_FN32_MIGRATE_INFO_TYPE:
    case C.PSCI_0_2_FN32_SYSTEM_OFF:
    case C.PSCI_0_2_FN32_SYSTEM_RESET:
    case C.PSCI_1_0_FN32_PSCI_FEATURES:
    case C.ARM_SMCCC_VERSION_FID:
      return 0;
    case C.PSCI_1_0_FN32_SYSTEM_SUSPEND:
    case C.PSCI_1_0_FN64_SYSTEM_SUSPEND:
      return hasSystemSuspend(xen) && d.id !== 0 ? 0 : notSupported(xen);
    default:
      return notSupported(xen);
  }
}

function notSupported(xen: XenState): number {
  const id = "psci.psci_features.not_supported";
  return namedCheck(xen.trace, id, C.PSCI_NOT_SUPPORTED, "PSCI_NOT_SUPPORTED");
}

/** PSCI_1_0_FN*_SYSTEM_SUSPEND is in vpsci.c from 4.22. */
export function hasSystemSuspend(xen: XenState): boolean {
  return releaseMinor(xen.release) >= 22;
}

/** do_psci_1_0_system_suspend (4.22): for a domU whose other vCPUs are all off. */
function systemSuspend(xen: XenState, d: Domain, v: Vcpu, entry: bigint): number {
  const trace = xen.trace;
  if (d.info.bits === 64 && (entry & 1n) === 1n)
    return namedCheck(
      trace,
      "psci.system_suspend.thumb_aarch64",
      C.PSCI_INVALID_ADDRESS,
      "PSCI_INVALID_ADDRESS",
    );
  // Not for the hardware domain yet.
  if (d.id === 0)
    return namedCheck(
      trace,
      "psci.system_suspend.hardware_domain",
      C.PSCI_NOT_SUPPORTED,
      "PSCI_NOT_SUPPORTED",
    );
  for (const o of d.vcpus)
    if (o !== v && o.online)
      return namedCheck(trace, "psci.system_suspend.vcpus_online", C.PSCI_DENIED, "PSCI_DENIED");
  // The resume context (entry point, context id) is kept for the toolstack's resume.
  return domainShutdown(d, SHUTDOWN_suspend) === 0 ? C.PSCI_SUCCESS : C.PSCI_DENIED;
}

/** do_vpsci_0_1_call: PSCI 0.1's cpu_off and cpu_on (ids from the device tree). */
export function doVpsci01Call(xen: XenState, d: Domain, v: Vcpu, fid: number): boolean {
  switch (fid) {
    case C.PSCI_cpu_off:
      v.online = false;
      setUserReg(xen, v, 0, C.PSCI_SUCCESS);
      return true;
    case C.PSCI_cpu_on: {
      let ret = commonCpuOn(xen, d, BigInt(getUserReg32(v, 1)), getUserReg(xen, v, 2), 0n);
      // PSCI 0.1 has no ALREADY_ON or INVALID_ADDRESS.
      if (ret === C.PSCI_ALREADY_ON || ret === C.PSCI_INVALID_ADDRESS)
        ret = C.PSCI_INVALID_PARAMETERS;
      setUserReg(xen, v, 0, ret);
      return true;
    }
    default:
      return false;
  }
}

/**
 * do_vpsci_0_2_call. PSCI_ARG: until 4.21 every register_t argument is the whole register,
 * even for an SMC32 call; 4.22 (f4af571dd7, PSCI_ARG_CONV) reads SMC32 arguments' low 32 bits.
 */
export function doVpsci02Call(xen: XenState, d: Domain, v: Vcpu, fid: number): boolean {
  const conv64 = (fid & C.SMCCC_CONV_64) !== 0;
  const argConv = releaseMinor(xen.release) >= 22;
  const arg = (n: number): bigint =>
    conv64 || !argConv ? getUserReg(xen, v, n) : BigInt(getUserReg32(v, n));
  const set = (r: number) => setUserReg(xen, v, 0, r);
  switch (fid) {
    case C.PSCI_0_2_FN32_PSCI_VERSION:
      set(C.PSCI_VERSION_1_1);
      return true;
    case C.PSCI_0_2_FN32_CPU_OFF:
      v.online = false;
      set(C.PSCI_SUCCESS);
      return true;
    case C.PSCI_0_2_FN32_MIGRATE_INFO_TYPE:
      set(C.PSCI_0_2_TOS_MP_OR_NOT_PRESENT);
      return true;
    case C.PSCI_0_2_FN32_SYSTEM_OFF:
      domainShutdown(d, SHUTDOWN_poweroff);
      // The domain is shutting down; x0 still gets an answer.
      set(C.PSCI_INTERNAL_FAILURE);
      return true;
    case C.PSCI_0_2_FN32_SYSTEM_RESET:
      domainShutdown(d, SHUTDOWN_reboot);
      set(C.PSCI_INTERNAL_FAILURE);
      return true;
    case C.PSCI_0_2_FN32_CPU_ON:
    case C.PSCI_0_2_FN64_CPU_ON:
      set(commonCpuOn(xen, d, arg(1), arg(2), arg(3)));
      return true;
    case C.PSCI_0_2_FN32_CPU_SUSPEND:
    case C.PSCI_0_2_FN64_CPU_SUSPEND:
      // Power-off requests are standby; the vCPU blocks until an event, then returns here.
      set(C.PSCI_SUCCESS);
      return true;
    case C.PSCI_0_2_FN32_AFFINITY_INFO:
    case C.PSCI_0_2_FN64_AFFINITY_INFO:
      set(affinityInfo(xen, d, arg(1), getUserReg32(v, 2)));
      return true;
    case C.PSCI_1_0_FN32_PSCI_FEATURES:
      set(features(xen, d, getUserReg32(v, 1)));
      return true;
    case C.PSCI_1_0_FN32_SYSTEM_SUSPEND:
    case C.PSCI_1_0_FN64_SYSTEM_SUSPEND:
      if (!hasSystemSuspend(xen)) return false;
      set(systemSuspend(xen, d, v, arg(1)));
      return true;
    default:
      return false;
  }
}
