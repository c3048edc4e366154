/**
 * The SMCCC/PSCI functions Xen answers over `hvc #0` (xen/arch/arm/vsmc.c, vpsci.c). Not a
 * hypercall-table entry, so not in the hypercall registry: this list is what docs and tests
 * read. Results are PSCI's and SMCCC's own codes (NOT_SUPPORTED, INVALID_PARAMETERS), never
 * errnos. An ID nobody handles answers ARM_SMCCC_ERR_UNKNOWN_FUNCTION (-1).
 */
import type { Release } from "../../machine/release.js";
import { checkMaker, type CheckRecord } from "../record.js";

export interface SmcccFunctionRecord {
  /** As Xen's headers name it. */
  readonly name: string;
  readonly fid: number;
  /** Whether the machine answers it as Xen does; otherwise it reports `unmodelled`. */
  readonly modelled: boolean;
  /** Where Xen answers it. */
  readonly xen: string;
  /** The results it can give, by PSCI/SMCCC name. */
  readonly results: readonly string[];
  readonly since?: Release;
  readonly note?: string;
  /**
   * The checks it makes, in Xen's order, with stable ids (`psci.cpu_on.already_on`); `errno`
   * is the result as Xen's header names it (`PSCI_ALREADY_ON`), never an errno.
   */
  readonly checks?: readonly CheckRecord[];
}

const VPSCI = "xen/arch/arm/vpsci.c";
const VSMC = "xen/arch/arm/vsmc.c";
const c = checkMaker("psci", VPSCI);
const since422 = { since: "4.22.0" } as const;

/** vsmccc_handle_call's own checks, before any function runs. */
export const SMCCC_ENTRY_CHECKS: readonly CheckRecord[] = [
  c(
    "entry.conv64_from_aarch32",
    "ARM_SMCCC_ERR_UNKNOWN_FUNCTION",
    `${VSMC}: vsmccc_handle_call`,
    "An SMC64 function ID (bit 30) from a 32-bit domain.",
  ),
  c(
    "entry.unknown_function",
    "ARM_SMCCC_ERR_UNKNOWN_FUNCTION",
    `${VSMC}: vsmccc_handle_call`,
    "No handler of the release answers the function ID (SIP and trusted OS calls included).",
  ),
];

/** do_common_cpu_on, for CPU_ON of PSCI 0.1 (which answers INVALID_PARAMETERS instead) and 0.2+. */
const CPU_ON_CHECKS: readonly CheckRecord[] = [
  c(
    "cpu_on.target",
    "PSCI_INVALID_PARAMETERS",
    "do_common_cpu_on",
    "The target affinity names no vCPU of the domain.",
  ),
  c(
    "cpu_on.thumb_aarch64",
    "PSCI_INVALID_ADDRESS",
    "do_common_cpu_on",
    "A 64-bit domain asks for a Thumb entry point (bit 0 of the address).",
  ),
  c("cpu_on.already_on", "PSCI_ALREADY_ON", "do_common_cpu_on", "The target vCPU is up."),
  c(
    "cpu_on.context",
    "PSCI_DENIED",
    "do_common_cpu_on",
    "The vCPU context cannot be allocated or set (arch_set_info_guest).",
    { untestable: "The model never runs out of memory, and the context it builds is valid." },
  ),
];

export const SMCCC_FUNCTIONS: readonly SmcccFunctionRecord[] = [
  {
    name: "PSCI_cpu_off (0.1)",
    fid: 1,
    modelled: true,
    xen: `${VPSCI}: do_vpsci_0_1_call`,
    results: ["SUCCESS"],
  },
  {
    name: "PSCI_cpu_on (0.1)",
    fid: 2,
    modelled: true,
    xen: `${VPSCI}: do_psci_cpu_on`,
    results: ["SUCCESS", "INVALID_PARAMETERS"],
    note: "ALREADY_ON and INVALID_ADDRESS become INVALID_PARAMETERS",
  },
  {
    name: "ARM_SMCCC_VERSION_FID",
    fid: 0x80000000,
    modelled: true,
    xen: `${VSMC}: handle_arch`,
    results: ["1.1 (0x10001)", "1.2 (0x10002) from 4.18"],
  },
  {
    name: "ARM_SMCCC_ARCH_FEATURES_FID",
    fid: 0x80000001,
    modelled: true,
    xen: `${VSMC}: handle_arch`,
    results: ["NOT_SUPPORTED"],
    note: "for ARCH_WORKAROUND_1/2/3 the answer depends on the CPU: unmodelled",
    checks: [
      c(
        "arch_features.not_supported",
        "ARM_SMCCC_NOT_SUPPORTED",
        `${VSMC}: handle_arch`,
        "The function ID is none of SMCCC_VERSION, ARCH_FEATURES and the ARCH_WORKAROUNDs.",
      ),
    ],
  },
  {
    name: "ARM_SMCCC_ARCH_WORKAROUND_1_FID",
    fid: 0x80008000,
    modelled: true,
    xen: `${VSMC}: handle_arch`,
    results: ["(no return value)"],
  },
  {
    name: "ARM_SMCCC_ARCH_WORKAROUND_2_FID",
    fid: 0x80007fff,
    modelled: true,
    xen: `${VSMC}: handle_arch`,
    results: ["(no return value)"],
  },
  {
    name: "ARM_SMCCC_ARCH_WORKAROUND_3_FID",
    fid: 0x80003fff,
    modelled: true,
    since: "4.17.0",
    xen: `${VSMC}: handle_arch`,
    results: ["(no return value)"],
  },
  {
    name: "PSCI_0_2_FN32_PSCI_VERSION",
    fid: 0x84000000,
    modelled: true,
    xen: `${VPSCI}: do_psci_0_2_version`,
    results: ["1.1 (0x10001)"],
  },
  {
    name: "PSCI_0_2_FN32/64_CPU_SUSPEND",
    fid: 0x84000001,
    modelled: true,
    xen: `${VPSCI}: do_psci_0_2_cpu_suspend`,
    results: ["SUCCESS"],
  },
  {
    name: "PSCI_0_2_FN32_CPU_OFF",
    fid: 0x84000002,
    modelled: true,
    xen: `${VPSCI}: do_psci_0_2_cpu_off`,
    results: ["SUCCESS"],
  },
  {
    name: "PSCI_0_2_FN32/64_CPU_ON",
    fid: 0x84000003,
    modelled: true,
    xen: `${VPSCI}: do_common_cpu_on`,
    results: ["SUCCESS", "INVALID_PARAMETERS", "INVALID_ADDRESS", "ALREADY_ON"],
    checks: CPU_ON_CHECKS,
  },
  {
    name: "PSCI_0_2_FN32/64_AFFINITY_INFO",
    fid: 0x84000004,
    modelled: true,
    xen: `${VPSCI}: do_psci_0_2_affinity_info`,
    results: ["ON (0)", "OFF (1)", "INVALID_PARAMETERS"],
    checks: [
      c(
        "affinity_info.level",
        "PSCI_INVALID_PARAMETERS",
        "do_psci_0_2_affinity_info",
        "lowest_affinity_level is above 3 (arm64 Xen) or 2 (arm32 Xen).",
      ),
    ],
  },
  {
    name: "PSCI_0_2_FN32_MIGRATE_INFO_TYPE",
    fid: 0x84000006,
    modelled: true,
    xen: `${VPSCI}: do_psci_0_2_migrate_info_type`,
    results: ["TOS_MP_OR_NOT_PRESENT (2)"],
  },
  {
    name: "PSCI_0_2_FN32_SYSTEM_OFF",
    fid: 0x84000008,
    modelled: true,
    xen: `${VPSCI}: do_vpsci_0_2_call`,
    results: ["INTERNAL_FAILURE (the domain is shut down)"],
  },
  {
    name: "PSCI_0_2_FN32_SYSTEM_RESET",
    fid: 0x84000009,
    modelled: true,
    xen: `${VPSCI}: do_vpsci_0_2_call`,
    results: ["INTERNAL_FAILURE (the domain is shut down)"],
  },
  {
    name: "PSCI_1_0_FN32_PSCI_FEATURES",
    fid: 0x8400000a,
    modelled: true,
    xen: `${VPSCI}: do_psci_1_0_features`,
    results: ["SUCCESS", "NOT_SUPPORTED"],
    checks: [
      c(
        "psci_features.not_supported",
        "PSCI_NOT_SUPPORTED",
        "do_psci_1_0_features",
        "The function ID is not one the release's vpsci.c lists (SYSTEM_SUSPEND: for a domU from 4.22).",
      ),
    ],
  },
  {
    name: "PSCI_1_0_FN32/64_SYSTEM_SUSPEND",
    fid: 0x8400000e,
    modelled: true,
    since: "4.22.0",
    xen: `${VPSCI}: do_psci_1_0_system_suspend`,
    results: ["SUCCESS", "INVALID_ADDRESS", "NOT_SUPPORTED", "DENIED"],
    checks: [
      c(
        "system_suspend.thumb_aarch64",
        "PSCI_INVALID_ADDRESS",
        "do_psci_1_0_system_suspend",
        "A 64-bit domain asks for a Thumb entry point.",
        since422,
      ),
      c(
        "system_suspend.hardware_domain",
        "PSCI_NOT_SUPPORTED",
        "do_psci_1_0_system_suspend",
        "The caller is the hardware domain (not supported yet).",
        since422,
      ),
      c(
        "system_suspend.vcpus_online",
        "PSCI_DENIED",
        "do_psci_1_0_system_suspend",
        "Another vCPU of the domain is online.",
        since422,
      ),
      c(
        "system_suspend.shutdown",
        "PSCI_DENIED",
        "do_psci_1_0_system_suspend",
        "Saving the resume context or domain_shutdown fails.",
        { ...since422, untestable: "The model's domain_shutdown and context always succeed." },
      ),
    ],
  },
  {
    name: "ARM_SMCCC_CALL_COUNT_FID(STANDARD)",
    fid: 0x8400ff00,
    modelled: true,
    xen: `${VSMC}: handle_sssc`,
    results: ["3 + VPSCI_NR_FUNCS (15; 17 from 4.22)"],
  },
  {
    name: "ARM_SMCCC_CALL_UID_FID(STANDARD)",
    fid: 0x8400ff01,
    modelled: true,
    xen: `${VSMC}: fill_uid`,
    results: ["SSSC_SMCCC_UID in x0-x3"],
  },
  {
    name: "ARM_SMCCC_REVISION_FID(STANDARD)",
    fid: 0x8400ff03,
    modelled: true,
    xen: `${VSMC}: fill_revision`,
    results: ["0.1 in x0, x1"],
  },
  {
    name: "ARM_SMCCC_CALL_COUNT_FID(HYPERVISOR)",
    fid: 0x8500ff00,
    modelled: true,
    xen: `${VSMC}: handle_hypervisor`,
    results: ["3"],
  },
  {
    name: "ARM_SMCCC_CALL_UID_FID(HYPERVISOR)",
    fid: 0x8500ff01,
    modelled: true,
    xen: `${VSMC}: fill_uid`,
    results: ["XEN_SMCCC_UID in x0-x3"],
  },
  {
    name: "ARM_SMCCC_REVISION_FID(HYPERVISOR)",
    fid: 0x8500ff03,
    modelled: true,
    xen: `${VSMC}: fill_revision`,
    results: ["0.1 in x0, x1"],
  },
];

/** Every PSCI/SMCCC check as the registry lists it: the entry's, then each function's. */
export const SMCCC_CHECKS: readonly { subop: string | undefined; check: CheckRecord }[] = [
  ...SMCCC_ENTRY_CHECKS.map((check) => ({ subop: undefined, check })),
  ...SMCCC_FUNCTIONS.flatMap((f) => (f.checks ?? []).map((check) => ({ subop: f.name, check }))),
];
