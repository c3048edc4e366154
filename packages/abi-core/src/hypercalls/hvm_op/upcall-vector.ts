/**
 * HVMOP_set_evtchn_upcall_vector (x86 only): xen/arch/x86/hvm/hvm.c
 * hvmop_set_evtchn_upcall_vector, reached from do_hvm_op's first case. The checks and what it
 * stores are the same in every release 4.12.0-4.22.0 and their point releases; 4.19
 * (164daecb18) only stopped logging every identical vector, which no guest sees.
 */
import { argAddr, type HypercallCall } from "../../machine/call.js";
import { isHvmDomain } from "../../machine/domain.js";
import { EFAULT, EINVAL, ENOENT } from "../../machine/errno.js";
import { readStruct } from "../../machine/structio.js";
import { failCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";

const ID = "hvm_op.set_evtchn_upcall_vector";
/** The lowest vector Xen accepts: 0x00-0x0f are the CPU's exception vectors. */
const MIN_VECTOR = 0x10;

/**
 * Only the caller's own vCPUs (current->domain, no domid in the struct): not an HVM domain
 * -EINVAL (before the struct is read), the struct unreadable -EFAULT, a vector below 0x10
 * -EINVAL, a vCPU domain_vcpu does not find (not below max_vcpus) -ENOENT. Then the vector
 * becomes v->arch.hvm.evtchn_upcall_vector, and hvm_assert_evtchn_irq (xen/arch/x86/hvm/irq.c)
 * injects it into the vCPU's LAPIC at once, pending event or not (a spurious upcall the guest
 * must tolerate; 4.22 skips it while the LAPIC is disabled). The machine has no LAPIC and
 * delivers no interrupts, so only the stored vector is kept: nothing a guest reads in memory
 * changes. From 4.17 (e2d2b9fd7a) vCPU 0's vector also makes is_hvm_pv_evtchn_domain() true,
 * which physdev_map_pirq needs (physdev_op is not modelled) and which CPUID leaf 4's
 * XEN_HVM_CPUID_UPCALL_VECTOR advertises.
 */
export function setEvtchnUpcallVector(call: HypercallCall): number {
  const t = call.xen.trace;
  const d = call.domain;
  if (!isHvmDomain(d)) return failCheck(t, `${ID}.not_hvm`, EINVAL);
  const raw = readStruct(
    d.memory,
    argAddr(call, 1),
    layoutOf("xen_hvm_evtchn_upcall_vector_t", d.mode),
  );
  if (raw === undefined) return failCheck(t, `${ID}.copy_in`, EFAULT);
  const vector = Number(raw.vector);
  if (vector < MIN_VECTOR) return failCheck(t, `${ID}.vector`, EINVAL, "vector", vector);
  const v = d.vcpus[Number(raw.vcpu)];
  if (v === undefined) return failCheck(t, `${ID}.vcpu`, ENOENT, "vcpu", Number(raw.vcpu));
  v.evtchnUpcallVector = vector;
  return 0;
}
