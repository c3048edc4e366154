/**
 * SMCCC and PSCI numbers Xen uses (xen/arch/arm/include/asm/smccc.h, psci.h, public/arch-arm.h,
 * public/arch-arm/smccc.h). PSCI and SMCCC results are their own codes, not errnos.
 */

/** SMCCC function IDs: fast call (bit 31), SMC64 (bit 30), owner (bits 24-29), number. */
export const SMCCC_FAST_CALL = 0x80000000;
export const SMCCC_CONV_64 = 0x40000000;
export const SMCCC_OWNER_ARCH = 0;
export const SMCCC_OWNER_SIP = 2;
export const SMCCC_OWNER_STANDARD = 4;
export const SMCCC_OWNER_HYPERVISOR = 5;

export const ARM_SMCCC_VERSION_FID = 0x80000000;
export const ARM_SMCCC_ARCH_FEATURES_FID = 0x80000001;
export const ARM_SMCCC_ARCH_WORKAROUND_1_FID = 0x80008000;
export const ARM_SMCCC_ARCH_WORKAROUND_2_FID = 0x80007fff;
export const ARM_SMCCC_ARCH_WORKAROUND_3_FID = 0x80003fff;
/** ARM_SMCCC_CALL_COUNT_FID / CALL_UID_FID / REVISION_FID of an owner. */
export const smcccCallCountFid = (owner: number) => (0x8000ff00 | (owner << 24)) >>> 0;
export const smcccCallUidFid = (owner: number) => (0x8000ff01 | (owner << 24)) >>> 0;
export const smcccRevisionFid = (owner: number) => (0x8000ff03 | (owner << 24)) >>> 0;

/** ARM_SMCCC_RESERVED_RANGE_START..END: the PSCI 0.1 ("existing APIs") range. */
export const ARM_SMCCC_RESERVED_RANGE_END = 0x0100ffff;

export const ARM_SMCCC_SUCCESS = 0;
export const ARM_SMCCC_NOT_SUPPORTED = -1;
export const ARM_SMCCC_NOT_REQUIRED = -2;
export const ARM_SMCCC_ERR_UNKNOWN_FUNCTION = -1;

/** SMCCC_VERSION(major, minor). */
export const ARM_SMCCC_VERSION_1_1 = 0x10001;
export const ARM_SMCCC_VERSION_1_2 = 0x10002;

/** PSCI 0.1 function IDs, as Xen gives them to guests in the device tree (public/arch-arm.h). */
export const PSCI_cpu_off = 1;
export const PSCI_cpu_on = 2;

/** PSCI 0.2+ function IDs (psci.h). */
export const PSCI_0_2_FN32_PSCI_VERSION = 0x84000000;
export const PSCI_0_2_FN32_CPU_SUSPEND = 0x84000001;
export const PSCI_0_2_FN32_CPU_OFF = 0x84000002;
export const PSCI_0_2_FN32_CPU_ON = 0x84000003;
export const PSCI_0_2_FN32_AFFINITY_INFO = 0x84000004;
export const PSCI_0_2_FN32_MIGRATE_INFO_TYPE = 0x84000006;
export const PSCI_0_2_FN32_SYSTEM_OFF = 0x84000008;
export const PSCI_0_2_FN32_SYSTEM_RESET = 0x84000009;
export const PSCI_1_0_FN32_PSCI_FEATURES = 0x8400000a;
export const PSCI_1_0_FN32_SYSTEM_SUSPEND = 0x8400000e;
export const PSCI_0_2_FN64_CPU_SUSPEND = 0xc4000001;
export const PSCI_0_2_FN64_CPU_ON = 0xc4000003;
export const PSCI_0_2_FN64_AFFINITY_INFO = 0xc4000004;
export const PSCI_1_0_FN64_SYSTEM_SUSPEND = 0xc400000e;
/** PSCI_FNUM_MIN_VALUE..MAX_VALUE: standard-service numbers that are PSCI's. */
export const PSCI_FNUM_MAX_VALUE = 0x1f;

/** PSCI return codes (psci.h). */
export const PSCI_SUCCESS = 0;
export const PSCI_NOT_SUPPORTED = -1;
export const PSCI_INVALID_PARAMETERS = -2;
export const PSCI_DENIED = -3;
export const PSCI_ALREADY_ON = -4;
export const PSCI_INTERNAL_FAILURE = -6;
export const PSCI_INVALID_ADDRESS = -9;
/** AFFINITY_INFO answers. */
export const PSCI_AFFINITY_ON = 0;
export const PSCI_AFFINITY_OFF = 1;
/** MIGRATE_INFO_TYPE: PSCI_0_2_TOS_MP_OR_NOT_PRESENT. */
export const PSCI_0_2_TOS_MP_OR_NOT_PRESENT = 2;
/** do_psci_0_2_version: PSCI_VERSION(1, 1) in every modelled release. */
export const PSCI_VERSION_1_1 = 0x10001;

/** Names of PSCI/SMCCC results, for traces and docs (they are not errnos). */
export function psciResultName(v: number): string | undefined {
  switch (v) {
    case 0:
      return "SUCCESS";
    case -1:
      return "NOT_SUPPORTED";
    case -2:
      return "INVALID_PARAMETERS";
    case -3:
      return "DENIED";
    case -4:
      return "ALREADY_ON";
    case -6:
      return "INTERNAL_FAILURE";
    case -9:
      return "INVALID_ADDRESS";
    default:
      return undefined;
  }
}

/**
 * PSCI's and SMCCC's results by the name Xen's headers give them (a CheckRecord's `errno` for
 * PSCI/SMCCC): their value and the name the PSCI and SMCCC specifications give them.
 */
export const SMCCC_RESULTS: Readonly<
  Record<string, { readonly value: number; readonly name: string }>
> = Object.freeze({
  PSCI_SUCCESS: { value: PSCI_SUCCESS, name: "SUCCESS" },
  PSCI_NOT_SUPPORTED: { value: PSCI_NOT_SUPPORTED, name: "NOT_SUPPORTED" },
  PSCI_INVALID_PARAMETERS: { value: PSCI_INVALID_PARAMETERS, name: "INVALID_PARAMETERS" },
  PSCI_DENIED: { value: PSCI_DENIED, name: "DENIED" },
  PSCI_ALREADY_ON: { value: PSCI_ALREADY_ON, name: "ALREADY_ON" },
  PSCI_INTERNAL_FAILURE: { value: PSCI_INTERNAL_FAILURE, name: "INTERNAL_FAILURE" },
  PSCI_INVALID_ADDRESS: { value: PSCI_INVALID_ADDRESS, name: "INVALID_ADDRESS" },
  ARM_SMCCC_NOT_SUPPORTED: { value: ARM_SMCCC_NOT_SUPPORTED, name: "NOT_SUPPORTED" },
  ARM_SMCCC_NOT_REQUIRED: { value: ARM_SMCCC_NOT_REQUIRED, name: "NOT_REQUIRED" },
  ARM_SMCCC_ERR_UNKNOWN_FUNCTION: { value: ARM_SMCCC_ERR_UNKNOWN_FUNCTION, name: "NOT_SUPPORTED" },
});

/**
 * The name of what an SMCCC call answered in x0/r0, as PSCI and SMCCC name it (never an
 * errno): `fid` is the function ID the guest passed. Only failures (negative) are named;
 * 0 and positive answers mean what the function says (SUCCESS, ON, a version, a count).
 * The Arm architecture calls (owner 0: SMCCC_VERSION, ARCH_FEATURES) answer SMCCC's own
 * codes: -1 NOT_SUPPORTED, -2 NOT_REQUIRED. Every other function answers PSCI's codes, and
 * an ID nobody answers is SMCCC's -1 (NOT_SUPPORTED, "unknown function").
 */
export function smcccResultName(fid: number, ret: bigint | number): string | undefined {
  const v = Number(ret);
  if (v >= 0) return undefined;
  const arch = fid >>> 31 === 1 && ((fid >>> 24) & 0x3f) === SMCCC_OWNER_ARCH;
  if (arch && v === ARM_SMCCC_NOT_REQUIRED) return "NOT_REQUIRED";
  return psciResultName(v);
}

/** PSR_THUMB and PSR_Z (public/arch-arm.h); PSR_GUEST*_INIT are in handlers/vcpu-context.ts. */
export const PSR_THUMB = 0x20;
export const PSR_Z = 0x40000000;

/** XEN_SMCCC_UID and SSSC_SMCCC_UID (public/arch-arm/smccc.h), as XEN_DEFINE_UUID lays out. */
export const XEN_SMCCC_UID: readonly number[] = [
  0xa71812dc, 0xc698, 0x4369, 0x9acf, 0x79, 0xd1, 0x8d, 0xde, 0xe6, 0x67,
];
export const SSSC_SMCCC_UID: readonly number[] = [
  0xf863386f, 0x4b39, 0x4cbd, 0x9220, 0xce, 0x16, 0x41, 0xe5, 0x9f, 0x6f,
];

/** XEN_DEFINE_UUID_(a, b, c, d, e1..e6): a, b, c, d big-endian, then the six bytes. */
export function uuidBytes(u: readonly number[]): number[] {
  const [a, b, c, d, ...e] = u as [number, number, number, number, ...number[]];
  return [
    a >>> 24,
    (a >>> 16) & 0xff,
    (a >>> 8) & 0xff,
    a & 0xff,
    b >>> 8,
    b & 0xff,
    c >>> 8,
    c & 0xff,
    d >>> 8,
    d & 0xff,
    ...e,
  ];
}
