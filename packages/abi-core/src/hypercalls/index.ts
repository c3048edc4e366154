import type { HypercallHandler } from "../machine/call.js";
import { compat_argo_op, do_argo_op } from "./argo_op/index.js";
import { do_console_io } from "./console_io/console-io.js";
import { do_deprecated_hypercall } from "./deprecated.js";
import { do_sched_op } from "./sched_op/sched-op.js";
import { do_event_channel_op } from "./event_channel_op/index.js";
import { compat_memory_op, do_memory_op, hvm_memory_op } from "./memory_op/memory-op.js";
import { compat_vcpu_op, do_arm_vcpu_op, do_vcpu_op } from "./vcpu_op/vcpu-op.js";
import { do_xen_version } from "./xen_version/xen-version.js";

export * from "./continuation.js";
export * from "./console_io/console-io.js";
export * from "./deprecated.js";
export * from "./sched_op/sched-op.js";
export * from "./event_channel_op/index.js";
export * from "./xen_version/xen-version.js";

/**
 * Handlers the machine models, by the C function Xen calls (`${prefix}_${name}`). A table
 * cell whose handler is missing here still dispatches by the table; the trace says it is not
 * modelled. compat_ variants that only translate structs the model lays out per ABI anyway
 * share the native handler. multicall lives in dispatch/ (it calls back into the dispatcher).
 */
export const HANDLERS: Readonly<Record<string, HypercallHandler>> = {
  do_xen_version,
  compat_xen_version: do_xen_version,
  do_console_io,
  do_sched_op,
  compat_sched_op: do_sched_op,
  do_event_channel_op,
  do_memory_op,
  compat_memory_op,
  hvm_memory_op,
  do_vcpu_op,
  compat_vcpu_op,
  do_arm_vcpu_op,
  do_argo_op,
  compat_argo_op,
  dep_sched_op_compat: do_deprecated_hypercall,
  dep_event_channel_op_compat: do_deprecated_hypercall,
  dep_physdev_op_compat: do_deprecated_hypercall,
};
