/** Arm SMCCC and PSCI over `hvc #0` (xen/arch/arm/vsmc.c, vpsci.c): not hypercall-table entries. */
export * from "./constants.js";
export { doTrapHvcSmccc } from "./vsmc.js";
export { SMCCC_ENTRY_CHECKS, SMCCC_FUNCTIONS, type SmcccFunctionRecord } from "./record.js";
