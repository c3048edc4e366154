/**
 * Structs of public/vcpu.h — vcpu_op: the arguments and results of its sub-ops.
 * Checked against xen-project/xen RELEASE-4.22.0 (and back to RELEASE-4.12.0 unless `since`).
 */
import { f, type StructDef } from "./define.js";

const VCPU = "public/vcpu.h";

export const VCPU_STRUCTS: readonly StructDef[] = [
  {
    name: "vcpu_runstate_info_t",
    tag: "vcpu_runstate_info",
    header: VCPU,
    xlat: "translate",
    summary: "VCPUOP_get_runstate_info result: time a vCPU spent in each state.",
    fields: [
      f("state", "int", "Current RUNSTATE_* state."),
      f("state_entry_time", "uint64_t", "System time (ns) the state was entered."),
      f("time", "uint64_t", "Nanoseconds spent in each RUNSTATE_*.", { count: 4 }),
    ],
  },
  {
    name: "vcpu_set_periodic_timer_t",
    tag: "vcpu_set_periodic_timer",
    header: VCPU,
    xlat: "check",
    summary: "VCPUOP_set_periodic_timer argument.",
    fields: [f("period_ns", "uint64_t", "Timer period in nanoseconds.")],
  },
  {
    name: "vcpu_set_singleshot_timer_t",
    tag: "vcpu_set_singleshot_timer",
    header: VCPU,
    xlat: "translate",
    summary: "VCPUOP_set_singleshot_timer argument.",
    fields: [
      f("timeout_abs_ns", "uint64_t", "Absolute system time (ns) to fire at."),
      f("flags", "uint32_t", "VCPU_SSHOTTMR_* flags."),
    ],
  },
  {
    name: "vcpu_register_vcpu_info_t",
    tag: "vcpu_register_vcpu_info",
    header: VCPU,
    xlat: "check",
    summary: "VCPUOP_register_vcpu_info argument: where to place the vcpu_info.",
    fields: [
      f("mfn", "uint64_t", "Frame holding the vcpu_info."),
      f("offset", "uint32_t", "Offset of the vcpu_info within that frame."),
      f("rsvd", "uint32_t", "Unused."),
    ],
  },
  {
    name: "vcpu_get_physid_t",
    tag: "vcpu_get_physid",
    header: VCPU,
    xlat: "check",
    summary: "VCPUOP_get_physid result: ids of the physical CPU a vCPU is pinned to (x86).",
    fields: [f("phys_id", "uint64_t", "APIC id in the low 32 bits, ACPI id in the high 32.")],
  },
];
