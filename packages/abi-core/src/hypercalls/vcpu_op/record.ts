/** The record of vcpu_op: sub-ops and checks in xen/common/domain.c's (and Arm's) order. */
import { checkMaker, type CheckExtra, type CheckRecord, type HypercallRecord } from "../record.js";
import { compat_vcpu_op, do_arm_vcpu_op, do_vcpu_op } from "./vcpu-op.js";

const DOM = "xen/common/domain.c";

const c = checkMaker("vcpu_op", DOM);

const armOnlyTwo: CheckExtra = { arch: ["arm64", "arm32"] };
const x86: CheckExtra = { arch: ["x86_64"] };

/** The checks of a 4.18+ phys area (x86): the copy, then map_guest_area's. */
function physAreaChecks(op: string, copyWhere: string, record: string): CheckRecord[] {
  const since: CheckExtra = { ...x86, since: "4.18" };
  return [
    c(`${op}.copy_in`, "EFAULT", copyWhere, "The area's uint64_t address cannot be read.", since),
    c(
      `${op}.crosses_page`,
      "ENXIO",
      "map_guest_area",
      `The ${record} would cross a page boundary.`,
      since,
    ),
    c(
      `${op}.misaligned`,
      "ENXIO",
      "map_guest_area",
      "The address is not aligned for xen_ulong_t (compat_ulong_t with a 32-bit shared_info).",
      since,
    ),
    c(
      `${op}.not_ram`,
      "EINVAL",
      "map_guest_area",
      "No RAM page is at the address (check_get_page_from_gfn).",
      since,
    ),
  ];
}

import { INITIALISE_CHECKS } from "./record-initialise.js";

/** Every sub-op with its checks in Xen's order; the handlers report each through the trace. */
export const VCPU_OP_RECORD: HypercallRecord = {
  name: "vcpu_op",
  subopPrefix: "VCPUOP_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  args: ["subop", "vcpu", "handle"],
  checks: [
    c(
      "entry.vcpuid",
      "ENOENT",
      "xen/arch/*/domain.c: do_vcpu_op",
      "vcpuid is not a vCPU of the caller.",
    ),
    c(
      "entry.arm_subset",
      "EINVAL",
      "xen/arch/arm/domain.c: do_vcpu_op",
      "Arm: any sub-op but register_vcpu_info and register_runstate_memory_area.",
      armOnlyTwo,
    ),
  ],
  subops: [
    {
      name: "VCPUOP_initialise",
      number: 0,
      modelled: true,
      structs: ["vcpu_guest_context_t", "vcpu_hvm_context_t"],
      checks: INITIALISE_CHECKS,
    },
    {
      name: "VCPUOP_up",
      number: 1,
      modelled: true,
      checks: [
        c("up.not_initialised", "EINVAL", "common_vcpu_op", "The vCPU was never given a context."),
      ],
    },
    { name: "VCPUOP_down", number: 2, modelled: true, checks: [] },
    { name: "VCPUOP_is_up", number: 3, modelled: true, checks: [] },
    {
      name: "VCPUOP_get_runstate_info",
      number: 4,
      modelled: true,
      structs: ["vcpu_runstate_info_t"],
      checks: [
        c(
          "get_runstate_info.copy_out",
          "EFAULT",
          "common_vcpu_op",
          "The vcpu_runstate_info_t cannot be written.",
        ),
      ],
    },
    {
      name: "VCPUOP_register_runstate_memory_area",
      number: 5,
      modelled: true,
      structs: ["vcpu_runstate_info_t"],
      checks: [
        c(
          "register_runstate_memory_area.copy_in",
          "EFAULT",
          "common_vcpu_op (compat: xen/arch/x86/x86_64/domain.c: compat_vcpu_op)",
          "The area's handle cannot be read (8 bytes; 4 for a 32-bit x86 guest).",
        ),
        c(
          "register_runstate_memory_area.handle",
          "EFAULT",
          "common_vcpu_op (compat: xen/arch/x86/x86_64/domain.c: compat_vcpu_op)",
          "x86 PV: the handle is in Xen's part of the address space (guest_handle_okay; compat_handle_okay: the record ends at or above HYPERVISOR_COMPAT_VIRT_START).",
          x86,
        ),
      ],
    },
    {
      name: "VCPUOP_set_periodic_timer",
      number: 6,
      modelled: true,
      structs: ["vcpu_set_periodic_timer_t"],
      checks: [
        c(
          "set_periodic_timer.copy_in",
          "EFAULT",
          "common_vcpu_op",
          "The vcpu_set_periodic_timer_t cannot be read.",
        ),
        c("set_periodic_timer.period_min", "EINVAL", "common_vcpu_op", "period_ns is below 1 ms."),
        c(
          "set_periodic_timer.period_max",
          "EINVAL",
          "common_vcpu_op",
          "period_ns is above STIME_DELTA_MAX.",
        ),
      ],
    },
    { name: "VCPUOP_stop_periodic_timer", number: 7, modelled: true, checks: [] },
    {
      name: "VCPUOP_set_singleshot_timer",
      number: 8,
      modelled: true,
      structs: ["vcpu_set_singleshot_timer_t"],
      checks: [
        c(
          "set_singleshot_timer.other_vcpu",
          "EINVAL",
          "common_vcpu_op",
          "vcpuid is not the calling vCPU.",
        ),
        c(
          "set_singleshot_timer.copy_in",
          "EFAULT",
          "common_vcpu_op",
          "The vcpu_set_singleshot_timer_t cannot be read.",
        ),
        c(
          "set_singleshot_timer.past",
          "ETIME",
          "common_vcpu_op",
          "VCPU_SSHOTTMR_future is set and the time has passed. From 4.17.3 and 4.18 the flag is ignored: a past timeout injects VIRQ_TIMER and returns 0.",
          { until: "4.17.2" },
        ),
      ],
    },
    {
      name: "VCPUOP_stop_singleshot_timer",
      number: 9,
      modelled: true,
      checks: [
        c(
          "stop_singleshot_timer.other_vcpu",
          "EINVAL",
          "common_vcpu_op",
          "vcpuid is not the calling vCPU.",
        ),
      ],
    },
    {
      name: "VCPUOP_register_vcpu_info",
      number: 10,
      modelled: true,
      structs: ["vcpu_register_vcpu_info_t", "vcpu_info_t"],
      checks: [
        c(
          "register_vcpu_info.copy_in",
          "EFAULT",
          "common_vcpu_op",
          "The vcpu_register_vcpu_info_t cannot be read.",
        ),
        c(
          "register_vcpu_info.gaddr",
          "EINVAL",
          "common_vcpu_op",
          "mfn + offset leaves the frame, or is ~0 (an arm32 Xen also refuses an mfn of 2^32 or more).",
          { since: "4.18" },
        ),
        c(
          "register_vcpu_info.registered",
          "EBUSY",
          "common_vcpu_op",
          "The vCPU already has a registered vcpu_info.",
          { since: "4.18" },
        ),
        c(
          "register_vcpu_info.crosses_page_einval",
          "EINVAL",
          "map_vcpu_info",
          "The vcpu_info would cross a page boundary (offset above PAGE_SIZE - sizeof(vcpu_info_t)).",
          { until: "4.15" },
        ),
        c(
          "register_vcpu_info.crosses_page",
          "ENXIO",
          "map_guest_area (map_vcpu_info in 4.16-4.17)",
          "The vcpu_info would cross a page boundary.",
          { since: "4.16" },
        ),
        c(
          "register_vcpu_info.misaligned_einval",
          "EINVAL",
          "map_vcpu_info",
          "offset is not aligned for vcpu_info_t (its compat layout for 32-bit x86): XSA-327, " +
            "from 4.12.4, 4.13.2 and 4.14.0; 4.12.0-4.12.3 and 4.13.0-4.13.1 check no alignment.",
          { since: "4.12.4", until: "4.15" },
        ),
        c(
          "register_vcpu_info.misaligned",
          "ENXIO",
          "map_guest_area (map_vcpu_info in 4.16-4.17)",
          "offset is not aligned for xen_ulong_t (compat_ulong_t for 32-bit x86).",
          { since: "4.16" },
        ),
        c(
          "register_vcpu_info.registered_old",
          "EINVAL",
          "map_vcpu_info",
          "The vCPU already has a registered vcpu_info.",
          { until: "4.17" },
        ),
        c(
          "register_vcpu_info.other_online",
          "EINVAL",
          "map_vcpu_info",
          "vcpuid is another vCPU of the caller that is up (not VPF_down).",
          { until: "4.17" },
        ),
        c(
          "register_vcpu_info.not_ram",
          "EINVAL",
          "map_guest_area (map_vcpu_info before 4.18)",
          "Nothing writable is mapped at mfn.",
        ),
      ],
    },
    {
      name: "VCPUOP_send_nmi",
      number: 11,
      modelled: true,
      checks: [
        c(
          "send_nmi.arg",
          "EINVAL",
          "xen/arch/x86/domain.c: do_vcpu_op (common_vcpu_op in 4.12)",
          "arg is not NULL.",
          x86,
        ),
      ],
    },
    {
      name: "VCPUOP_get_physid",
      number: 12,
      // The hardware domain's vCPUs: their pinning and ids are the host's (unmodelled).
      modelled: false,
      structs: ["vcpu_get_physid_t"],
      checks: [
        c(
          "get_physid.not_hwdom_pinned",
          "EINVAL",
          "xen/arch/x86/domain.c: do_vcpu_op (arch_do_vcpu_op in 4.12)",
          "x86: the vCPU is not the hardware domain's (is_hwdom_pinned_vcpu; 4.12's is_pinned_vcpu also lets through a vCPU pinned to one physical CPU, which the machine cannot tell).",
          { ...x86, since: "4.13" },
        ),
      ],
    },
    {
      name: "VCPUOP_register_vcpu_time_memory_area",
      number: 13,
      modelled: true,
      structs: ["vcpu_time_info_t"],
      checks: [
        c(
          "register_vcpu_time_memory_area.copy_in",
          "EFAULT",
          "xen/arch/x86/domain.c: do_vcpu_op (compat: xen/arch/x86/x86_64/domain.c: compat_vcpu_op)",
          "x86: the area's handle cannot be read (8 bytes; 4 for a 32-bit guest).",
          x86,
        ),
        c(
          "register_vcpu_time_memory_area.handle",
          "EFAULT",
          "xen/arch/x86/domain.c: do_vcpu_op (compat: xen/arch/x86/x86_64/domain.c: compat_vcpu_op)",
          "x86 PV: the handle is in Xen's part of the address space (guest_handle_okay; compat_handle_okay: the record ends at or above HYPERVISOR_COMPAT_VIRT_START).",
          x86,
        ),
      ],
    },
    {
      name: "VCPUOP_register_runstate_phys_area",
      number: 14,
      modelled: true,
      since: "4.18",
      structs: ["vcpu_runstate_info_t"],
      checks: physAreaChecks(
        "register_runstate_phys_area",
        "common_vcpu_op (compat: xen/arch/x86/x86_64/domain.c: compat_vcpu_op)",
        "vcpu_runstate_info_t",
      ),
    },
    {
      name: "VCPUOP_register_vcpu_time_phys_area",
      number: 15,
      modelled: true,
      since: "4.18",
      structs: ["vcpu_time_info_t"],
      checks: physAreaChecks(
        "register_vcpu_time_phys_area",
        "xen/arch/x86/domain.c: do_vcpu_op",
        "vcpu_time_info_t",
      ),
    },
  ],
  handlers: { do_vcpu_op, compat_vcpu_op, do_arm_vcpu_op },
};
