/**
 * SMCCC over `hvc #0` (xen/arch/arm/vsmc.c: vsmccc_handle_call): the owner of the function
 * ID picks the handler; what none handles answers ARM_SMCCC_ERR_UNKNOWN_FUNCTION in x0.
 */
import type { Domain, Vcpu } from "../../machine/domain.js";
import { releaseMinor } from "../../machine/release.js";
import { namedCheck } from "../../machine/trace.js";
import type { XenState } from "../../machine/state.js";
import * as C from "./constants.js";
import { getUserReg32, setUserReg } from "./regs.js";
import { doVpsci01Call, doVpsci02Call, hasSystemSuspend } from "./vpsci.js";

/** XEN_SMCCC_FUNCTION_COUNT: the hypervisor service's count, UID and revision calls. */
const XEN_SMCCC_FUNCTION_COUNT = 3;
/** XEN_SMCCC_ and SSSC_SMCCC_MAJOR/MINOR_REVISION (public/arch-arm/smccc.h). */
const REVISION: readonly [number, number] = [0, 1];

/** VPSCI_NR_FUNCS (asm/vpsci.h): 12, 14 from 4.22 (SYSTEM_SUSPEND's two IDs). FF-A is off. */
function vpsciNrFuncs(xen: XenState): number {
  return hasSystemSuspend(xen) ? 14 : 12;
}

/** fill_uid: four bytes per register, first byte lowest, in x0-x3. */
function fillUid(xen: XenState, v: Vcpu, uuid: readonly number[]): true {
  const b = C.uuidBytes(uuid);
  for (let n = 0; n < 4; n++)
    setUserReg(
      xen,
      v,
      n,
      (b[n * 4]! | (b[n * 4 + 1]! << 8) | (b[n * 4 + 2]! << 16) | (b[n * 4 + 3]! << 24)) >>> 0,
    );
  return true;
}

/** fill_revision: major in x0, minor in x1. */
function fillRevision(xen: XenState, v: Vcpu): true {
  setUserReg(xen, v, 0, REVISION[0]);
  setUserReg(xen, v, 1, REVISION[1]);
  return true;
}

type Handled = boolean | string;

/**
 * handle_arch: SMCCC_VERSION (1.1, 1.2 from 4.18), ARCH_FEATURES, and the workaround calls,
 * which answer nothing. Whether a workaround is needed depends on the physical CPU: the
 * model does not know, so ARCH_FEATURES for one is reported unmodelled.
 */
function handleArch(xen: XenState, v: Vcpu, fid: number): Handled {
  const minor = releaseMinor(xen.release);
  switch (fid) {
    case C.ARM_SMCCC_VERSION_FID:
      setUserReg(xen, v, 0, minor >= 18 ? C.ARM_SMCCC_VERSION_1_2 : C.ARM_SMCCC_VERSION_1_1);
      return true;
    case C.ARM_SMCCC_ARCH_FEATURES_FID: {
      const id = getUserReg32(v, 1) >>> 0;
      const cpuDependent =
        id === C.ARM_SMCCC_ARCH_WORKAROUND_1_FID ||
        id === C.ARM_SMCCC_ARCH_WORKAROUND_2_FID ||
        (id === C.ARM_SMCCC_ARCH_WORKAROUND_3_FID && minor >= 17);
      if (cpuDependent)
        return "psci/ARM_SMCCC_ARCH_FEATURES_FID (a workaround: depends on the CPU)";
      setUserReg(
        xen,
        v,
        0,
        namedCheck(
          xen.trace,
          "psci.arch_features.not_supported",
          C.ARM_SMCCC_NOT_SUPPORTED,
          "ARM_SMCCC_NOT_SUPPORTED",
        ),
      );
      return true;
    }
    case C.ARM_SMCCC_ARCH_WORKAROUND_1_FID:
    case C.ARM_SMCCC_ARCH_WORKAROUND_2_FID:
      return true; // no return value
    case C.ARM_SMCCC_ARCH_WORKAROUND_3_FID:
      return minor >= 17;
    default:
      return false;
  }
}

/** handle_hypervisor: Xen's own service (count, UID, revision). */
function handleHypervisor(xen: XenState, v: Vcpu, fid: number): Handled {
  switch (fid) {
    case C.smcccCallCountFid(C.SMCCC_OWNER_HYPERVISOR):
      setUserReg(xen, v, 0, XEN_SMCCC_FUNCTION_COUNT);
      return true;
    case C.smcccCallUidFid(C.SMCCC_OWNER_HYPERVISOR):
      return fillUid(xen, v, C.XEN_SMCCC_UID);
    case C.smcccRevisionFid(C.SMCCC_OWNER_HYPERVISOR):
      return fillRevision(xen, v);
    default:
      return false;
  }
}

/** handle_sssc: PSCI numbers go to vpsci.c; then the standard service's count, UID, revision. */
function handleSssc(xen: XenState, d: Domain, v: Vcpu, fid: number): Handled {
  if ((fid & 0xffff) <= C.PSCI_FNUM_MAX_VALUE) return doVpsci02Call(xen, d, v, fid);
  switch (fid) {
    case C.smcccCallCountFid(C.SMCCC_OWNER_STANDARD):
      setUserReg(xen, v, 0, 3 + vpsciNrFuncs(xen));
      return true;
    case C.smcccCallUidFid(C.SMCCC_OWNER_STANDARD):
      return fillUid(xen, v, C.SSSC_SMCCC_UID);
    case C.smcccRevisionFid(C.SMCCC_OWNER_STANDARD):
      return fillRevision(xen, v);
    default:
      return false;
  }
}

/**
 * vsmccc_handle_call for HVC #0 (do_trap_hvc_smccc). Writes its answers into the vCPU's
 * registers; returns null, or what it could not model (`psci/...`), leaving x0 untouched.
 * SIP calls go to the platform (none on the model's generic platform) and trusted OS/app
 * calls to a TEE mediator (none configured): both unknown, as on such a build.
 */
export function doTrapHvcSmccc(xen: XenState, d: Domain, v: Vcpu): string | null {
  const fid = getUserReg32(v, 0) >>> 0;
  // 64-bit calls are allowed only from 64-bit domains.
  if ((fid & C.SMCCC_CONV_64) !== 0 && d.info.bits === 32) {
    setUserReg(xen, v, 0, unknownFunction(xen, "psci.entry.conv64_from_aarch32"));
    return null;
  }
  let handled: Handled;
  if (fid <= C.ARM_SMCCC_RESERVED_RANGE_END) handled = doVpsci01Call(xen, d, v, fid);
  else {
    const owner = (fid >>> 24) & 0x3f;
    handled =
      owner === C.SMCCC_OWNER_ARCH
        ? handleArch(xen, v, fid)
        : owner === C.SMCCC_OWNER_HYPERVISOR
          ? handleHypervisor(xen, v, fid)
          : owner === C.SMCCC_OWNER_STANDARD
            ? handleSssc(xen, d, v, fid)
            : false;
  }
  if (typeof handled === "string") return handled;
  if (!handled) setUserReg(xen, v, 0, unknownFunction(xen, "psci.entry.unknown_function"));
  return null;
}

function unknownFunction(xen: XenState, id: string): number {
  const name = "ARM_SMCCC_ERR_UNKNOWN_FUNCTION";
  return namedCheck(xen.trace, id, C.ARM_SMCCC_ERR_UNKNOWN_FUNCTION, name);
}
