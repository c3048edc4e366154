import { fieldOf } from "../../abi/layout.js";
import { argAddr, unmodelled, type HypercallCall } from "../../machine/call.js";
import type { Domain } from "../../machine/domain.js";
import { EFAULT, EINVAL, ENOSPC, ENOSYS, EPERM, ESRCH } from "../../machine/errno.js";
import { getU32 } from "../../machine/memory.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { poll } from "./poll.js";
import { enableEventDelivery } from "../event_channel_op/two-level.js";
import { layoutOf } from "../../table/structs/index.js";

/** SCHEDOP_* (public/sched.h). */
export const SCHEDOP_yield = 0;
export const SCHEDOP_block = 1;
export const SCHEDOP_shutdown = 2;
export const SCHEDOP_poll = 3;
export const SCHEDOP_remote_shutdown = 4;
export const SCHEDOP_shutdown_code = 5;
export const SCHEDOP_watchdog = 6;
export const SCHEDOP_pin_override = 7;

/** SHUTDOWN_* reasons (public/sched.h). */
export const SHUTDOWN_poweroff = 0;
export const SHUTDOWN_reboot = 1;
export const SHUTDOWN_suspend = 2;
export const SHUTDOWN_crash = 3;
export const SHUTDOWN_watchdog = 4;

/** xen/include/xen/sched.h. */
const NR_DOMAIN_WATCHDOG_TIMERS = 2;

/**
 * domain_shutdown(d, u8 reason) (common/domain.c): the first code sticks (shutdown_code),
 * and a domain already shutting down stays as it is. Always 0 outside a PV shim.
 */
export function domainShutdown(d: Domain, reason: number): number {
  if (d.shutdownCode === null) d.shutdownCode = reason & 0xff;
  if (d.shutdownReason !== null) return 0;
  d.shutdownReason = d.shutdownCode;
  return 0;
}

/** copy_from_guest of the struct `name` at `addr`, for this domain's ABI; undefined: -EFAULT. */
function copyIn(call: HypercallCall, name: string, addr: number) {
  const layout = layoutOf(name, call.domain.mode);
  const bytes = call.domain.memory.readBytes(addr, layout.size);
  return bytes === undefined ? undefined : { layout, bytes };
}

function u32(s: { layout: ReturnType<typeof layoutOf>; bytes: Uint8Array }, field: string): number {
  return getU32(s.bytes, fieldOf(s.layout, field)!.offset);
}

/**
 * do_sched_op(int cmd, void *arg) (xen/common/sched/core.c). yield and block return 0 at once
 * on the model's single timeline (a blocked vCPU returns 0 once an event, such as a PV
 * vCPU's default 10 ms periodic timer, wakes it). Before blocking, x86's
 * vcpu_block_enable_events clears evtchn_upcall_mask (local_event_delivery_enable); Arm's
 * clears the I bit of the guest's saved PSTATE, which the machine does not keep. Unknown
 * sub-ops are the switch's -ENOSYS.
 */
export function do_sched_op(call: HypercallCall): number {
  const cmd = call.argLo[0]! | 0;
  const arg = argAddr(call, 1);
  const d = call.domain;
  switch (cmd) {
    case SCHEDOP_yield:
      return 0;
    case SCHEDOP_block:
      if (call.xen.arch === "x86_64") enableEventDelivery(d, call.vcpu);
      return 0;
    case SCHEDOP_shutdown: {
      const s = copyIn(call, "sched_shutdown_t", arg);
      if (s === undefined) return failCheck(call.xen.trace, "sched_op.shutdown.copy_in", EFAULT);
      // domain_shutdown(current->domain, (u8)reason): no range check, the low byte is the reason.
      return domainShutdown(d, u32(s, "reason"));
    }
    case SCHEDOP_shutdown_code: {
      const s = copyIn(call, "sched_shutdown_t", arg);
      if (s === undefined)
        return failCheck(call.xen.trace, "sched_op.shutdown_code.copy_in", EFAULT);
      if (d.shutdownCode === null) d.shutdownCode = u32(s, "reason") & 0xff;
      return 0;
    }
    case SCHEDOP_poll:
      return poll(call, arg);
    case SCHEDOP_remote_shutdown:
      return remoteShutdown(call, arg);
    case SCHEDOP_watchdog: {
      const s = copyIn(call, "sched_watchdog_t", arg);
      if (s === undefined) return failCheck(call.xen.trace, "sched_op.watchdog.copy_in", EFAULT);
      return domainWatchdog(call, d, u32(s, "id"), u32(s, "timeout"));
    }
    case SCHEDOP_pin_override: {
      // !is_hardware_domain(current->domain)
      if (d.id !== 0)
        return failCheck(call.xen.trace, "sched_op.pin_override.not_hardware_domain", EPERM);
      // struct sched_pin_override { int32_t pcpu; }
      if (call.domain.memory.readBytes(arg, 4) === undefined)
        return failCheck(call.xen.trace, "sched_op.pin_override.copy_in", EFAULT);
      // The rest (pcpu < NR_CPUS, vcpu_temporary_affinity) is about physical CPUs.
      return unmodelled(call, "sched_op/SCHEDOP_pin_override");
    }
    default:
      return failCheck(call.xen.trace, "sched_op.entry.cmd_unknown", ENOSYS, "cmd", cmd >>> 0);
  }
}

/** SCHEDOP_remote_shutdown: copy, find the domain (-ESRCH), ask XSM, shut it down. */
function remoteShutdown(call: HypercallCall, arg: number): number {
  const trace = call.xen.trace;
  const s = copyIn(call, "sched_remote_shutdown_t", arg);
  if (s === undefined) return failCheck(trace, "sched_op.remote_shutdown.copy_in", EFAULT);
  const f = fieldOf(s.layout, "domain_id")!;
  const domid = s.bytes[f.offset]! | (s.bytes[f.offset + 1]! << 8);
  // rcu_lock_domain_by_id: DOMID_SELF and other special ids name no domain.
  const target = call.xen.domains.get(domid);
  if (target === undefined)
    return failCheck(trace, "sched_op.remote_shutdown.no_domain", ESRCH, "domain_id", domid);
  const rc = call.xen.xsm.schedopShutdown(call.domain, target);
  if (rc !== 0) return passCheck(trace, "sched_op.remote_shutdown.xsm", rc);
  domainShutdown(target, u32(s, "reason"));
  return 0;
}

/**
 * sched/core.c domain_watchdog: id 0 takes the first free timer and answers its id + 1
 * (-ENOSPC as an unsigned int when both are taken); id n refers to timer n - 1, which must be set (-EINVAL);
 * timeout 0 frees it. Timers never fire: the model's time does not pass.
 */
function domainWatchdog(call: HypercallCall, d: Domain, id: number, timeout: number): number {
  const trace = call.xen.trace;
  if (id > NR_DOMAIN_WATCHDOG_TIMERS)
    return failCheck(trace, "sched_op.watchdog.id_max", EINVAL, "id", id);
  if (id === 0) {
    for (let i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++) {
      if (d.watchdogInuse & (1 << i)) continue;
      d.watchdogInuse |= 1 << i;
      return i + 1;
    }
    // `id == NR_DOMAIN_WATCHDOG_TIMERS ? -ENOSPC : id + 1` with a uint32_t id is unsigned int:
    // the long result holds -ENOSPC zero-extended (4294967268 on a 64-bit Xen, as real 4.17 and
    // 4.20 answer); a 32-bit Xen or guest keeps the low half, -28.
    return failCheck(trace, "sched_op.watchdog.no_free_timer", ENOSPC) >>> 0;
  }
  const bit = 1 << (id - 1);
  if (!(d.watchdogInuse & bit))
    return failCheck(trace, "sched_op.watchdog.id_not_set", EINVAL, "id", id);
  if (timeout === 0) d.watchdogInuse &= ~bit;
  return 0;
}
