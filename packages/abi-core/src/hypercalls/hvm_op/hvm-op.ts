/**
 * hvm_op(unsigned long op, void *arg): HVMOP_set_param and HVMOP_get_param, as x86
 * (xen/arch/x86/hvm/hvm.c: do_hvm_op, hvmop_set_param, hvm_allow_set_param, hvm_set_param,
 * hvmop_get_param, hvm_allow_get_param, hvm_get_param) and Arm (xen/arch/arm/hvm.c do_hvm_op,
 * hvm_allow_set_param, hvm_allow_get_param; before 4.14 only a range check) check them, and
 * what x86 does for HVM_PARAM_CALLBACK_IRQ (callback-irq.ts), and x86's
 * HVMOP_set_evtchn_upcall_vector (upcall-vector.ts; Arm has no case for it: -ENOSYS). The other
 * HVMOPs report unmodelled; an op above HVMOP_altp2m is -ENOSYS.
 */
import {
  argAddr,
  unmodelled,
  type HypercallCall,
  type HypercallHandler,
} from "../../machine/call.js";
import { type Domain, isHvmDomain } from "../../machine/domain.js";
import { domainByAnyId } from "../event_channel_op/ports.js";
import {
  EEXIST,
  EFAULT,
  EINVAL,
  ENODATA,
  ENOSYS,
  EOPNOTSUPP,
  EPERM,
  ESRCH,
} from "../../machine/errno.js";
import { readStruct, writeStruct } from "../../machine/structio.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";
import { setCallbackIrq } from "./callback-irq.js";
import { setEvtchnUpcallVector } from "./upcall-vector.js";
import {
  ARM_TOOLSTACK_PARAMS,
  HVM_NR_PARAMS,
  HVM_PARAM_ACPI_S_STATE,
  HVM_PARAM_ALTP2M,
  HVM_PARAM_CALLBACK_IRQ,
  HVM_PARAM_MONITOR_RING_PFN,
  HVM_PARAM_TIMER_MODE,
  HVM_PARAM_TRIPLE_FAULT_REASON,
  HVM_PARAM_VM86_TSS,
  HVM_PARAM_VM86_TSS_SIZED,
  HVM_PARAM_X87_FIP_WIDTH,
  HVMOP_get_param,
  HVMOP_set_evtchn_upcall_vector,
  HVMOP_set_param,
  X86_DEPRECATED_4_12,
  X86_GUEST_READABLE,
  X86_GUEST_SETTABLE,
  X86_MEMORY_EVENT,
  x86Deprecated,
  x86SetOnce,
  x86SetWithEffects,
} from "./params.js";

const ID = "hvm_op";
/** xen/arch/x86/include/asm/hvm/support.h VM86_TSS_UPDATED; sizeof(struct tss32). */
const VM86_TSS_UPDATED = 1n << 63n;
const TSS32_SIZE = 104n;
/** public/hvm/params.h HVMPTM_one_missed_tick_pending; public/sched.h SHUTDOWN_MAX. */
const HVMPTM_MAX = 3n;
const SHUTDOWN_MAX = 5n;

interface Param {
  domid: number;
  index: number;
  value: bigint;
}

function copyIn(call: HypercallCall): Param | null {
  const raw = readStruct(
    call.domain.memory,
    argAddr(call, 1),
    layoutOf("xen_hvm_param_t", call.domain.mode),
  );
  if (raw === undefined) return null;
  return {
    domid: Number(raw.domid),
    index: Number(raw.index),
    value: raw.value as bigint,
  };
}

function copyOut(call: HypercallCall, a: Param): boolean {
  return writeStruct(
    call.domain.memory,
    argAddr(call, 1),
    layoutOf("xen_hvm_param_t", call.domain.mode),
    {
      domid: a.domid,
      index: a.index,
      value: a.value,
    },
  );
}

/**
 * xsm_hvm_param(XSM_TARGET, d, op) under the module Xen enforces: the dummy's XSM_TARGET
 * (SILO does not override it) fails `<op>.xsm` with -EPERM, FLASK's flask_hvm_param
 * `<op>.flask` with -EACCES.
 */
function xsmHvmParam(call: HypercallCall, d: Domain, op: number): number {
  const name = op === HVMOP_set_param ? "set_param" : "get_param";
  const xsm = call.xen.xsm;
  const check = xsm.module === "flask" ? "flask" : "xsm";
  return passCheck(call.xen.trace, `${ID}.${name}.${check}`, xsm.hvmParam(call.domain, d, op));
}

/**
 * x86 hvm_allow_set_param, then hvm_set_param's value checks (hvmop_set_param's own switch
 * before 4.14); 0 or -errno. The lists change with the release: see params.ts.
 */
function x86SetParam(call: HypercallCall, d: Domain, index: number, value: bigint): number {
  const t = call.xen.trace;
  const minor = call.xen.profile.minor;
  const self = d === call.domain;
  let rc = xsmHvmParam(call, d, HVMOP_set_param);
  if (rc !== 0) return rc;
  if (index === HVM_PARAM_ALTP2M && minor >= 19)
    return failCheck(t, `${ID}.set_param.read_only`, EEXIST);
  if (minor <= 13 && X86_DEPRECATED_4_12.includes(index))
    return failCheck(t, `${ID}.set_param.deprecated_eperm`, EPERM, "index", index);
  if (x86Deprecated(minor).includes(index))
    return failCheck(t, `${ID}.set_param.deprecated`, EINVAL, "index", index);
  if (!X86_GUEST_SETTABLE.includes(index) && self)
    return failCheck(t, `${ID}.set_param.not_settable`, EPERM, "index", index);
  const old = d.hvmParams[index]!;
  if (x86SetOnce(minor).includes(index) && old !== 0n && value !== old)
    return failCheck(t, `${ID}.set_param.set_once`, EEXIST, "index", index);
  if (x86SetWithEffects(minor).includes(index))
    return unmodelled(call, `hvm_op/set_param(${index}: Xen acts on it)`);
  if (minor <= 13 && X86_MEMORY_EVENT.includes(index))
    return failCheck(t, `${ID}.set_param.memory_event`, EOPNOTSUPP, "index", index);
  rc = 0;
  switch (index) {
    case HVM_PARAM_CALLBACK_IRQ:
      setCallbackIrq(call, d);
      break;
    case HVM_PARAM_TIMER_MODE:
      if (value > HVMPTM_MAX) rc = failCheck(t, `${ID}.set_param.timer_mode`, EINVAL);
      break;
    case HVM_PARAM_X87_FIP_WIDTH:
      if (value !== 0n && value !== 4n && value !== 8n)
        rc = failCheck(t, `${ID}.set_param.x87_fip_width`, EINVAL);
      else d.x87FipWidth = Number(value);
      break;
    case HVM_PARAM_TRIPLE_FAULT_REASON:
      if (value > SHUTDOWN_MAX) rc = failCheck(t, `${ID}.set_param.triple_fault_reason`, EINVAL);
      break;
    case HVM_PARAM_VM86_TSS:
      // Hardware would truncate the high bits: a guest doing this to itself is crashed.
      if (value !== BigInt.asUintN(32, value)) {
        if (self) d.crashed = true;
        rc = failCheck(t, `${ID}.set_param.vm86_tss`, EINVAL);
      }
      if (value !== 0n) value |= (128n << 32n) | VM86_TSS_UPDATED;
      index = HVM_PARAM_VM86_TSS_SIZED;
      break;
    case HVM_PARAM_VM86_TSS_SIZED: {
      if (value >> 32n < TSS32_SIZE) {
        if (self) d.crashed = true;
        rc = failCheck(t, `${ID}.set_param.vm86_tss_sized`, EINVAL);
      }
      const max = TSS32_SIZE + 0x100n / 8n + 0x10000n / 8n + 1n;
      if (value >> 32n > max) value = BigInt.asUintN(32, value) | (max << 32n);
      value |= VM86_TSS_UPDATED;
      break;
    }
  }
  if (rc === 0) d.hvmParams[index] = BigInt.asUintN(64, value);
  return rc;
}

/** x86 hvm_allow_get_param, then hvm_get_param (hvmop_get_param's switch before 4.14). */
function x86GetParam(call: HypercallCall, d: Domain, a: Param): number {
  const t = call.xen.trace;
  const minor = call.xen.profile.minor;
  const rc = xsmHvmParam(call, d, HVMOP_get_param);
  if (rc !== 0) return rc;
  if (minor <= 13 && X86_DEPRECATED_4_12.includes(a.index))
    return failCheck(t, `${ID}.get_param.deprecated_enodata`, ENODATA, "index", a.index);
  if (x86Deprecated(minor).includes(a.index))
    return failCheck(t, `${ID}.get_param.deprecated`, EINVAL, "index", a.index);
  if (!X86_GUEST_READABLE.includes(a.index) && d === call.domain)
    return failCheck(t, `${ID}.get_param.not_readable`, EPERM, "index", a.index);
  const sized = d.hvmParams[HVM_PARAM_VM86_TSS_SIZED]!;
  switch (a.index) {
    case HVM_PARAM_ACPI_S_STATE:
      a.value = 0n; // is_s3_suspended: the model never suspends a domain
      break;
    case HVM_PARAM_VM86_TSS:
      a.value = BigInt.asUintN(32, sized);
      break;
    case HVM_PARAM_VM86_TSS_SIZED:
      a.value = sized & ~VM86_TSS_UPDATED;
      break;
    case HVM_PARAM_X87_FIP_WIDTH:
      // arch_domain_create sets it from the host CPU (cpu_has_fpu_sel) until a set_param.
      if (d.x87FipWidth === null)
        return unmodelled(call, "hvm_op/get_param(X87_FIP_WIDTH: the host CPU's)");
      a.value = BigInt(d.x87FipWidth);
      break;
    default:
      a.value = d.hvmParams[a.index]!;
  }
  return 0;
}

/** Arm's hvm_allow_set_param / hvm_allow_get_param (4.14+). */
function armAllow(call: HypercallCall, d: Domain, op: number, index: number): number {
  const t = call.xen.trace;
  const self = d === call.domain;
  if (op === HVMOP_set_param) {
    if (!ARM_TOOLSTACK_PARAMS.includes(index))
      return failCheck(t, `${ID}.set_param.arm_not_param`, EINVAL, "index", index);
    return self ? failCheck(t, `${ID}.set_param.arm_toolstack_only`, EPERM, "index", index) : 0;
  }
  if (!ARM_TOOLSTACK_PARAMS.includes(index))
    return failCheck(t, `${ID}.get_param.arm_not_param`, EINVAL, "index", index);
  if (index === HVM_PARAM_MONITOR_RING_PFN && self)
    return failCheck(t, `${ID}.get_param.arm_toolstack_only`, EPERM, "index", index);
  return 0;
}

function param(call: HypercallCall, op: number): number {
  const t = call.xen.trace;
  const name = op === HVMOP_set_param ? "set_param" : "get_param";
  const a = copyIn(call);
  if (a === null) return failCheck(t, `${ID}.${name}.copy_in`, EFAULT);
  const arm = call.xen.arch !== "x86_64";
  const oldArm = arm && call.xen.profile.minor < 14;
  if ((!arm || oldArm) && a.index >= HVM_NR_PARAMS)
    return failCheck(t, `${ID}.${name}.index`, EINVAL, "index", a.index);
  const d = domainByAnyId(call.xen, call.domain, a.domid);
  if (d === undefined) return failCheck(t, `${ID}.${name}.domid`, ESRCH, "domid", a.domid);
  let rc: number;
  if (arm) {
    rc = xsmHvmParam(call, d, op);
    if (rc === 0 && !oldArm) rc = armAllow(call, d, op, a.index);
    if (rc !== 0) return rc;
    if (op === HVMOP_set_param) {
      d.hvmParams[a.index] = a.value;
      return 0;
    }
    a.value = d.hvmParams[a.index]!;
  } else {
    if (!isHvmDomain(d)) return failCheck(t, `${ID}.${name}.not_hvm`, EINVAL);
    if (op === HVMOP_set_param) return x86SetParam(call, d, a.index, a.value);
    rc = x86GetParam(call, d, a);
    if (rc !== 0 || call.unmodelled !== null) return rc;
  }
  if (!copyOut(call, a)) return failCheck(t, `${ID}.get_param.copy_out`, EFAULT);
  return 0;
}

/** The other ops each do_hvm_op has a case for (the same in every modelled release). */
const X86_OTHER_OPS: readonly number[] = [5, 9, 10, 11, 15, 24, 25];
const ARM_OTHER_OPS: readonly number[] = [24];

export const do_hvm_op: HypercallHandler = (call) => {
  // op is unsigned long: a 64-bit guest's upper bits make it no HVMOP at all.
  const op = call.argHi[0] !== 0 ? -1 : call.argLo[0]!;
  if (op === HVMOP_set_param || op === HVMOP_get_param) return param(call, op);
  const x86 = call.xen.arch === "x86_64";
  if (x86 && op === HVMOP_set_evtchn_upcall_vector) return setEvtchnUpcallVector(call);
  const others = x86 ? X86_OTHER_OPS : ARM_OTHER_OPS;
  if (others.includes(op)) return unmodelled(call, `hvm_op/${op}`);
  return failCheck(call.xen.trace, `${ID}.entry.unknown_op`, ENOSYS);
};
