/** The toolstack's arch_set_info_guest: not a hypercall-table entry. PSCI is in hypercalls/psci/. */
export * from "./vcpu-context.js";
