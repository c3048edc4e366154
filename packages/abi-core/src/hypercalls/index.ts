import type { HypercallHandler } from "../machine/call.js";
import { REGISTRY } from "./registry.js";

export * from "./continuation.js";
export * from "./console_io/console-io.js";
export * from "./deprecated.js";
export * from "./sched_op/sched-op.js";
export * from "./event_channel_op/index.js";
export * from "./xen_version/xen-version.js";
export * from "./registry.js";
export * from "./check-release-diff.js";
export * from "./psci/index.js";
export * from "./argo_op/index.js";
export type {
  ArgKind,
  CheckRecord,
  SubopRecord,
  // The table's own `HypercallRecord` (table/hypercalls.ts) keeps that public name.
  HypercallRecord as HypercallModelRecord,
} from "./record.js";

/**
 * Handlers the machine models, by the C function Xen calls (`${prefix}_${name}`), from the
 * records (registry.ts). A table cell whose handler is missing here still dispatches by the
 * table; the trace says it is not modelled. multicall lives in dispatch/ (it calls back into
 * the dispatcher).
 */
export const HANDLERS: Readonly<Record<string, HypercallHandler>> = REGISTRY.handlers;
