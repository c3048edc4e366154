/**
 * Records of the `_compat` predecessors Arm dispatches to do_deprecated_hypercall (their `dep`
 * cells in hypercall-defs.c): no sub-ops, no checks, -ENOSYS.
 */
import type { HypercallRecord } from "./record.js";
import { do_deprecated_hypercall } from "./deprecated.js";

function deprecated(name: string): HypercallRecord {
  return { name, checks: [], subops: [], handlers: { [`dep_${name}`]: do_deprecated_hypercall } };
}

export const DEPRECATED_RECORDS: readonly HypercallRecord[] = [
  deprecated("sched_op_compat"),
  deprecated("event_channel_op_compat"),
  deprecated("physdev_op_compat"),
];
