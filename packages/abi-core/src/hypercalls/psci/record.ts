/**
 * The SMCCC/PSCI functions Xen answers over `hvc #0` (xen/arch/arm/vsmc.c, vpsci.c). Not a
 * hypercall-table entry, so not in the hypercall registry: this list is what docs and tests
 * read. Results are PSCI's and SMCCC's own codes (NOT_SUPPORTED, INVALID_PARAMETERS), never
 * errnos. An ID nobody handles answers ARM_SMCCC_ERR_UNKNOWN_FUNCTION (-1).
 */
import type { Release } from "../../machine/release.js";

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
}

const VPSCI = "xen/arch/arm/vpsci.c";
const VSMC = "xen/arch/arm/vsmc.c";

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
  },
  {
    name: "PSCI_0_2_FN32/64_AFFINITY_INFO",
    fid: 0x84000004,
    modelled: true,
    xen: `${VPSCI}: do_psci_0_2_affinity_info`,
    results: ["ON (0)", "OFF (1)", "INVALID_PARAMETERS"],
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
  },
  {
    name: "PSCI_1_0_FN32/64_SYSTEM_SUSPEND",
    fid: 0x8400000e,
    modelled: true,
    since: "4.22.0",
    xen: `${VPSCI}: do_psci_1_0_system_suspend`,
    results: ["SUCCESS", "INVALID_ADDRESS", "NOT_SUPPORTED", "DENIED"],
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
