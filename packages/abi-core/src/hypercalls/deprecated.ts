import type { HypercallCall } from "../machine/call.js";
import { ENOSYS } from "../machine/errno.js";

/**
 * do_deprecated_hypercall (arch/arm/traps.c): the `dep` cells of hypercall-defs.c
 * (sched_op_compat, event_channel_op_compat, physdev_op_compat on Arm). Xen logs the number
 * and returns -ENOSYS, so a debug build does not poison from 4.17.
 */
export function do_deprecated_hypercall(_call: HypercallCall): number {
  return -ENOSYS;
}
