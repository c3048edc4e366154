/**
 * vcpu_op(int cmd, unsigned int vcpuid, void *arg): do_vcpu_op (xen/arch/x86/domain.c and,
 * for the sub-ops it does not take itself, common_vcpu_op in xen/common/domain.c),
 * compat_vcpu_op for 32-bit x86 guests (the structs it translates are laid out per mode
 * here), and Arm's do_vcpu_op (xen/arch/arm/domain.c; do_arm_vcpu_op before 4.17), which
 * passes only register_vcpu_info and register_runstate_memory_area to common_vcpu_op.
 * x86's time and phys areas and get_physid are in areas.ts, the time records Xen writes in
 * time.ts.
 *
 * Model time is deterministic: NOW() is the machine's clock (XenState.clock) and never
 * advances, so no timer ever fires; the timers' settings are kept and checked as Xen checks
 * them.
 */
import {
  argAddr,
  argIsNull,
  type HypercallCall,
  type HypercallHandler,
} from "../../machine/call.js";
import type { Vcpu } from "../../machine/domain.js";
import { EFAULT, EINVAL, ENOENT, ENOSYS, ETIME } from "../../machine/errno.js";
import { readStruct, writeStruct } from "../../machine/structio.js";
import { layoutOf } from "../../table/structs.js";
import { failCheck } from "../../machine/trace.js";
import { vcpuInitialise } from "./initialise.js";
import { registerVcpuInfo } from "./vcpu-info.js";
import { updateVcpuSystemTime } from "./time.js";
import {
  getPhysid,
  registerRunstateMemoryArea,
  registerRunstatePhysArea,
  registerTimeMemoryArea,
  registerTimePhysArea,
} from "./areas.js";
import { releaseCarries, type Release } from "../../machine/release.js";
import { sendGuestVcpuVirq } from "../event_channel_op/virq.js";
import { VIRQ_TIMER } from "../event_channel_op/constants.js";

export const VCPUOP_initialise = 0;
export const VCPUOP_up = 1;
export const VCPUOP_down = 2;
export const VCPUOP_is_up = 3;
export const VCPUOP_get_runstate_info = 4;
export const VCPUOP_register_runstate_memory_area = 5;
export const VCPUOP_set_periodic_timer = 6;
export const VCPUOP_stop_periodic_timer = 7;
export const VCPUOP_set_singleshot_timer = 8;
export const VCPUOP_stop_singleshot_timer = 9;
export const VCPUOP_register_vcpu_info = 10;
export const VCPUOP_send_nmi = 11;
export const VCPUOP_get_physid = 12;
export const VCPUOP_register_vcpu_time_memory_area = 13;
export const VCPUOP_register_runstate_phys_area = 14;
export const VCPUOP_register_vcpu_time_phys_area = 15;
/** public/vcpu.h VCPU_SSHOTTMR_future. */
export const VCPU_SSHOTTMR_future = 1;
/** MILLISECS(1) and STIME_DELTA_MAX (xen/include/xen/time.h). */
const MILLISECS_1 = 1_000_000n;
const STIME_DELTA_MAX = (1n << 62n) - 1n;
/**
 * The first tags of 19c6cbd909 "xen/vcpu: ignore VCPU_SSHOTTMR_future" and its backport to
 * 4.17 (7b5155a79e): a timeout already past injects VIRQ_TIMER instead of -ETIME.
 */
const IGNORE_FUTURE_TAGS: readonly Release[] = ["4.17.3", "4.18.0"];
/** The first tags of b67f09721f and its backports (c3f2590369 to 4.14, 751efc5882 to 4.15). */
const FORCE_TIME_TAGS: readonly Release[] = ["4.14.4", "4.15.2", "4.16.0"];

/** common_vcpu_op(cmd, v, arg): the sub-ops every architecture shares. */
function commonVcpuOp(call: HypercallCall, cmd: number, v: Vcpu, compat: boolean): number {
  const d = call.domain;
  const arg = argAddr(call, 2);
  const mode = d.mode;
  const trace = call.xen.trace;
  switch (cmd) {
    case VCPUOP_up:
      // is_initialised: from the toolstack (setVcpuContext), PSCI or VCPUOP_initialise.
      if (!v.initialised) return failCheck(trace, "vcpu_op.up.not_initialised", EINVAL);
      v.online = true;
      // vcpu_wake: once scheduled, context_switch gives it an up-to-date time base.
      updateVcpuSystemTime(call.xen, d, v, false);
      return 0;
    case VCPUOP_down: {
      const othersUp = d.vcpus.some((o) => o !== v && o.online);
      if (!othersUp) {
        // The last vCPU going down shuts the domain down (SHUTDOWN_poweroff).
        d.shutdownReason = 0;
        return 0;
      }
      v.online = false;
      return 0;
    }
    case VCPUOP_is_up:
      return v.online ? 1 : 0;
    case VCPUOP_get_runstate_info: {
      const layout = layoutOf("vcpu_runstate_info_t", mode);
      if (!writeStruct(d.memory, arg, layout, { state: v.online ? 0 : 3 }))
        return failCheck(trace, "vcpu_op.get_runstate_info.copy_out", EFAULT);
      return 0;
    }
    case VCPUOP_set_periodic_timer: {
      const s = readStruct(d.memory, arg, layoutOf("vcpu_set_periodic_timer_t", mode));
      if (s === undefined) return failCheck(trace, "vcpu_op.set_periodic_timer.copy_in", EFAULT);
      const ns = s.period_ns as bigint;
      if (ns < MILLISECS_1)
        return failCheck(trace, "vcpu_op.set_periodic_timer.period_min", EINVAL);
      if (ns > STIME_DELTA_MAX)
        return failCheck(trace, "vcpu_op.set_periodic_timer.period_max", EINVAL);
      v.timers.periodicNs = ns;
      return 0;
    }
    case VCPUOP_stop_periodic_timer:
      v.timers.periodicNs = 0n;
      return 0;
    case VCPUOP_set_singleshot_timer: {
      if (v !== call.vcpu)
        return failCheck(trace, "vcpu_op.set_singleshot_timer.other_vcpu", EINVAL);
      const s = readStruct(d.memory, arg, layoutOf("vcpu_set_singleshot_timer_t", mode));
      if (s === undefined) return failCheck(trace, "vcpu_op.set_singleshot_timer.copy_in", EFAULT);
      const at = s.timeout_abs_ns as bigint;
      const past = at < call.xen.clock.stime;
      const future = (Number(s.flags as bigint) & VCPU_SSHOTTMR_future) !== 0;
      if (past && future && !releaseCarries(call.xen.release, IGNORE_FUTURE_TAGS))
        return failCheck(trace, "vcpu_op.set_singleshot_timer.past", ETIME);
      if (past) {
        // From 4.17.3/4.18 Xen stops the timer and injects the event (send_timer_event); before,
        // set_timer with an expiry already past fires it on the way back to the guest: the same.
        v.timers.singleshotNs = null;
        sendGuestVcpuVirq(d, v.id, VIRQ_TIMER);
        return 0;
      }
      v.timers.singleshotNs = at;
      return 0;
    }
    case VCPUOP_stop_singleshot_timer:
      if (v !== call.vcpu)
        return failCheck(trace, "vcpu_op.stop_singleshot_timer.other_vcpu", EINVAL);
      v.timers.singleshotNs = null;
      return 0;
    case VCPUOP_register_vcpu_info: {
      const s = readStruct(d.memory, arg, layoutOf("vcpu_register_vcpu_info_t", mode));
      if (s === undefined) return failCheck(trace, "vcpu_op.register_vcpu_info.copy_in", EFAULT);
      const minor = call.xen.profile.minor;
      const rc = registerVcpuInfo(call, v, s.mfn as bigint, Number(s.offset as bigint));
      // force_update_vcpu_system_time: after map_vcpu_info whatever it returned (b67f09721f
      // "update system time immediately when VCPUOP_register_vcpu_info", in 4.14.4, 4.15.2
      // and 4.16.0-4.17), inside map_guest_area on success only (4.18+).
      if (minor >= 18 ? rc === 0 : releaseCarries(call.xen.release, FORCE_TIME_TAGS))
        updateVcpuSystemTime(call.xen, d, v, true);
      return rc;
    }
    case VCPUOP_register_runstate_memory_area:
      return registerRunstateMemoryArea(call, v, compat);
    case VCPUOP_register_runstate_phys_area:
      // 4.18+ (public/vcpu.h has no 14 before): x86 only, Arm's filter refuses it first.
      if (call.xen.profile.minor < 18) return -ENOSYS;
      return registerRunstatePhysArea(call, v);
    default:
      // common_vcpu_op's default; x86 takes 11-13 and 15 before it gets here.
      return -ENOSYS;
  }
}

function vcpuOf(call: HypercallCall): Vcpu | undefined {
  return call.domain.vcpus[call.argLo[1]!];
}

/**
 * x86 do_vcpu_op / compat_vcpu_op: -ENOENT for a vCPU that does not exist, then the sub-op;
 * x86's own (11-13 and, 4.18+, 15) before common_vcpu_op's.
 */
function x86VcpuOp(call: HypercallCall, compat: boolean): number {
  const v = vcpuOf(call);
  if (v === undefined) return failCheck(call.xen.trace, "vcpu_op.entry.vcpuid", ENOENT);
  const cmd = call.argLo[0]! | 0;
  switch (cmd) {
    case VCPUOP_initialise:
      return vcpuInitialise(call, v);
    case VCPUOP_send_nmi:
      // x86 do_vcpu_op (common_vcpu_op before 4.13); compat_vcpu_op passes it on unchanged.
      if (!argIsNull(call, 2)) return failCheck(call.xen.trace, "vcpu_op.send_nmi.arg", EINVAL);
      v.nmiPending = true;
      return 0;
    case VCPUOP_register_vcpu_time_memory_area:
      return registerTimeMemoryArea(call, v, compat);
    case VCPUOP_get_physid:
      return getPhysid(call);
    case VCPUOP_register_vcpu_time_phys_area:
      if (call.xen.profile.minor >= 18) return registerTimePhysArea(call, v);
      break;
  }
  return commonVcpuOp(call, cmd, v, compat);
}

/** Arm's do_vcpu_op (do_arm_vcpu_op before 4.17): two sub-ops, -EINVAL for the rest. */
export const do_arm_vcpu_op: HypercallHandler = (call) => {
  const v = vcpuOf(call);
  if (v === undefined) return failCheck(call.xen.trace, "vcpu_op.entry.vcpuid", ENOENT);
  const cmd = call.argLo[0]! | 0;
  if (cmd !== VCPUOP_register_vcpu_info && cmd !== VCPUOP_register_runstate_memory_area)
    return failCheck(call.xen.trace, "vcpu_op.entry.arm_subset", EINVAL);
  return commonVcpuOp(call, cmd, v, false);
};

/** do_vcpu_op is Arm's filter on an Arm Xen (4.17+), x86's otherwise. */
export const do_vcpu_op: HypercallHandler = (call) =>
  call.xen.arch === "x86_64" ? x86VcpuOp(call, false) : do_arm_vcpu_op(call);

/** compat_vcpu_op (xen/common/compat/domain.c): the same sub-ops on 32-bit x86 layouts. */
export const compat_vcpu_op: HypercallHandler = (call) => x86VcpuOp(call, true);
