/**
 * VCPUOP_initialise on x86: common_vcpu_op's case (xen/common/domain.c) and, for 32-bit
 * guests, compat_common_vcpu_op's (xen/common/compat/domain.c), then arch_initialise_vcpu
 * (xen/arch/x86/domain.c): an HVM vCPU copies a vcpu_hvm_context_t in and runs
 * arch_set_info_hvm_guest, a PV vCPU copies a vcpu_guest_context_t (compat layout for pv32)
 * in through default_initialise_vcpu and runs arch_set_info_guest. Arm's do_vcpu_op never
 * passes this sub-op on (-EINVAL, vcpu_op.entry.arm_subset).
 */
import { argAddr, unmodelled, type HypercallCall } from "../../machine/call.js";
import { type Vcpu, isPvDomain } from "../../machine/domain.js";
import { EEXIST, EFAULT, EINVAL } from "../../machine/errno.js";
import { readStruct } from "../../machine/structio.js";
import { failCheck } from "../../machine/trace.js";
import { fieldOf } from "../../abi/layout.js";
import { layoutOf } from "../../table/structs.js";
import { hypercallCreateContinuation, hypercallPreemptCheck } from "../continuation.js";
import { ERESTART } from "./page-type.js";
import { archSetInfoHvmGuest } from "./initialise-hvm.js";
import { archSetInfoPvGuest } from "./initialise-pv.js";

const ID = "vcpu_op.initialise";
/** XEN_LEGACY_MAX_VCPUS on x86: vCPUs past it have only the dummy vcpu_info until they register one. */
const XEN_LEGACY_MAX_VCPUS = 32;
/** __HYPERVISOR_vcpu_op and VCPUOP_initialise, for the continuation. */
const HYPERVISOR_vcpu_op = 24;
const VCPUOP_initialise = 0;

export function vcpuInitialise(call: HypercallCall, v: Vcpu): number {
  const d = call.domain;
  const trace = call.xen.trace;
  const minor = call.xen.profile.minor;
  const pv = isPvDomain(d);
  // v->vcpu_info_area.map == &dummy_vcpu_info; 4.19 made the check PV-only.
  if ((pv || minor < 19) && v.id >= XEN_LEGACY_MAX_VCPUS && v.vcpuInfo === null)
    return failCheck(trace, `${ID}.dummy_vcpu_info`, EINVAL);
  const arg = argAddr(call, 2);
  if (!pv) {
    const layout = layoutOf("vcpu_hvm_context_t", d.mode);
    const ctx = readStruct(d.memory, arg, layout);
    if (ctx === undefined) return failCheck(trace, `${ID}.copy_in`, EFAULT);
    if (v.initialised) return failCheck(trace, `${ID}.already`, EEXIST);
    // cpu_regs is a union: x86_64's registers sit where x86_32's do.
    const at = fieldOf(layout, "cpu_regs")!.offset;
    const ctx64 = readStruct(d.memory, arg + at, layoutOf("xen_vcpu_hvm_x86_64_t", d.mode))!;
    return archSetInfoHvmGuest(trace, v, ctx, ctx64, minor);
  }
  const c = readStruct(d.memory, arg, layoutOf("vcpu_guest_context_t", d.mode));
  if (c === undefined) return failCheck(trace, `${ID}.copy_in`, EFAULT);
  if (v.initialised) return failCheck(trace, `${ID}.already`, EEXIST);
  const out = archSetInfoPvGuest(trace, d, v, call.vcpu, c, minor, {
    preempt: () => hypercallPreemptCheck(call),
    tick: () => {
      call.work++;
    },
    debug: call.xen.debug,
  });
  if (typeof out !== "number") return unmodelled(call, out.unmodelled);
  // A preempted page-table validation goes on where it stopped: vcpu_op(cmd, vcpuid, arg) again.
  if (out === -ERESTART)
    return hypercallCreateContinuation(call, HYPERVISOR_vcpu_op, [VCPUOP_initialise, v.id, arg]);
  return out;
}
