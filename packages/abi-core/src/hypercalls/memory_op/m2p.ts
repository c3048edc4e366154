/**
 * x86's machine-to-phys (M2P) sub-ops and the other x86-only ones a guest can name:
 * XENMEM_machphys_mapping (xen/arch/x86/mm.c arch_memory_op), XENMEM_machphys_mfn_list and
 * machphys_compat_mfn_list (xen/arch/x86/x86_64/mm.c subarch_memory_op), XENMEM_paging_op and
 * XENMEM_sharing_op (the same, under CONFIG_MEM_PAGING / CONFIG_MEM_SHARING). Arm's
 * arch_memory_op (xen/arch/arm/mm.c) has none of them: -ENOSYS. On x86 only
 * machphys_mapping for a 64-bit guest is modelled: where the M2P table lies is fixed by the
 * ABI; the frames behind it and a 32-bit guest's window (its hv_compat_vstart, from its
 * kernel's ELF notes) are the host's and the domain builder's.
 */
import { argAddr, unmodelled, type HypercallCall } from "../../machine/call.js";
import { EFAULT, ENOSYS } from "../../machine/errno.js";
import { writeStruct } from "../../machine/structio.js";
import { failCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";
import { isControlDomain } from "../../xsm/dummy.js";
import {
  MACH2PHYS_VIRT_END,
  MACH2PHYS_VIRT_START,
  MODEL_MAX_PAGE,
  XENMEM_machphys_compat_mfn_list,
  XENMEM_machphys_mapping,
  XENMEM_machphys_mfn_list,
  XENMEM_paging_op,
} from "./constants.js";

const NAMES: Readonly<Record<number, string>> = {
  [XENMEM_machphys_mfn_list]: "machphys_mfn_list",
  [XENMEM_machphys_mapping]: "machphys_mapping",
  [XENMEM_paging_op]: "paging_op",
  [XENMEM_machphys_compat_mfn_list]: "machphys_compat_mfn_list",
  22: "sharing_op",
};

/** XENMEM_machphys_mapping for a 64-bit PV guest (HVM guests stop in hvm_memory_op). */
function machphysMapping(call: HypercallCall): number {
  const t = call.xen.trace;
  const cd = call.domain;
  if (cd.mode === "pv32")
    return unmodelled(call, "memory_op/XENMEM_machphys_mapping (a 32-bit guest's M2P window)");
  // The hardware domain learns the host's last frame, when memory cannot be hot-plugged
  // (the model's host has none): max_page - 1; others the table's size.
  const maxMfn = isControlDomain(cd)
    ? BigInt(MODEL_MAX_PAGE - 1)
    : ((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3n) - 1n;
  const fields = { v_start: MACH2PHYS_VIRT_START, v_end: MACH2PHYS_VIRT_END, max_mfn: maxMfn };
  if (
    !writeStruct(cd.memory, argAddr(call, 1), layoutOf("xen_machphys_mapping_t", cd.mode), fields)
  )
    return failCheck(t, "memory_op.machphys_mapping.copy_out", EFAULT);
  return 0;
}

/** The sub-ops above: Arm's -ENOSYS, x86's switch on the whole cmd, then the sub-op. */
export function m2pOp(call: HypercallCall, op: number, startExtent: number): number {
  const t = call.xen.trace;
  const name = NAMES[op]!;
  if (call.xen.arch !== "x86_64") return failCheck(t, `memory_op.${name}.arm`, ENOSYS);
  if (startExtent !== 0)
    return failCheck(t, `memory_op.${name}.resume_bits`, ENOSYS, "start_extent", startExtent);
  if (op === XENMEM_machphys_mapping) return machphysMapping(call);
  return unmodelled(call, `memory_op/XENMEM_${name}`);
}
