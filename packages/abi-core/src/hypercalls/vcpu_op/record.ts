/** The record of vcpu_op: sub-ops and checks in xen/common/domain.c's (and Arm's) order. */
import { checkMaker, type CheckExtra, type HypercallRecord } from "../record.js";
import { compat_vcpu_op, do_arm_vcpu_op, do_vcpu_op } from "./vcpu-op.js";

const DOM = "xen/common/domain.c";

const c = checkMaker("vcpu_op", DOM);

const armOnlyTwo: CheckExtra = { arch: ["arm64", "arm32"] };

/** Every sub-op with its checks in Xen's order; the handlers report each by its id. */
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
    { name: "VCPUOP_initialise", number: 0, modelled: false, checks: [] },
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
          "common_vcpu_op",
          "The area's handle cannot be read.",
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
          "VCPU_SSHOTTMR_future is set and the time has passed.",
          {
            untestable:
              "the model's NOW() stays 0 and timeout_abs_ns is unsigned: no timeout is in the past",
          },
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
          "mfn + offset leaves the frame.",
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
          "register_vcpu_info.crosses_page",
          "ENXIO",
          "map_guest_area (map_vcpu_info before 4.18)",
          "The vcpu_info would cross a page boundary.",
        ),
        c(
          "register_vcpu_info.misaligned",
          "ENXIO",
          "map_guest_area (map_vcpu_info before 4.18)",
          "offset is not aligned for xen_ulong_t (compat_ulong_t for 32-bit x86).",
        ),
        c(
          "register_vcpu_info.registered_old",
          "EINVAL",
          "map_vcpu_info",
          "The vCPU already has a registered vcpu_info.",
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
    { name: "VCPUOP_send_nmi", number: 11, modelled: false, checks: [] },
    { name: "VCPUOP_get_physid", number: 12, modelled: false, checks: [] },
    { name: "VCPUOP_register_vcpu_time_memory_area", number: 13, modelled: false, checks: [] },
    { name: "VCPUOP_register_runstate_phys_area", number: 14, modelled: false, checks: [] },
    { name: "VCPUOP_register_vcpu_time_phys_area", number: 15, modelled: false, checks: [] },
  ],
  handlers: { do_vcpu_op, compat_vcpu_op, do_arm_vcpu_op },
};
