/**
 * @xen-abi/abi-core: a reference machine for Xen's hypercall ABI.
 *
 * Layers, bottom up (each imports only from below): abi (modes, C types, layouts) ->
 * machine (state) and table (hypercalls, structs) -> hypercalls (one folder per
 * hypercall) and handlers (PSCI, vCPU context) -> dispatch -> xen.ts
 * (the machine's face) -> guest and scenario (guest-side code).
 */
export * from "./abi/index.js";
export * from "./machine/index.js";
export * from "./table/index.js";
export * from "./hypercalls/argo_op/index.js";
export * from "./hypercalls/index.js";
export * from "./handlers/index.js";
export * from "./dispatch/index.js";
export * from "./guest/index.js";
export * from "./xen.js";
export * from "./scenario/index.js";
export * from "./coverage/checks.js";
