/** Arm SMCCC/PSCI over `hvc #0` and the toolstack's arch_set_info_guest: not hypercall-table entries. */
export * from "./psci.js";
export * from "./vcpu-context.js";
