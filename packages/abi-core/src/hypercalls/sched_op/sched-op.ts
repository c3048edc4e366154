import { argAddr, type HypercallCall } from "../../machine/call.js";
import { EFAULT, ENOSYS } from "../../machine/errno.js";
import { getU32 } from "../../machine/memory.js";

/** SCHEDOP_* (public/sched.h). */
export const SCHEDOP_yield = 0;
export const SCHEDOP_block = 1;
export const SCHEDOP_shutdown = 2;

/** SHUTDOWN_* reasons (public/sched.h). */
export const SHUTDOWN_poweroff = 0;
export const SHUTDOWN_reboot = 1;
export const SHUTDOWN_suspend = 2;
export const SHUTDOWN_crash = 3;
export const SHUTDOWN_watchdog = 4;

/**
 * do_sched_op(int cmd, void *arg) (common/sched/core.c): yield and block return 0 at once
 * on the model's single timeline; shutdown reads sched_shutdown_t { unsigned int reason }.
 */
export function do_sched_op(call: HypercallCall): number {
  const cmd = call.argLo[0]! | 0;
  switch (cmd) {
    case SCHEDOP_yield:
    case SCHEDOP_block:
      return 0;
    case SCHEDOP_shutdown: {
      const b = call.domain.memory.readBytes(argAddr(call, 1), 4);
      if (b === undefined) return -EFAULT;
      const reason = getU32(b, 0);
      // domain_shutdown(d, (u8)reason): no range check, the low byte is the reason.
      call.domain.shutdownReason = reason & 0xff;
      return 0;
    }
    default:
      return -ENOSYS;
  }
}
