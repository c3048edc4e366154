/**
 * memory_op's x86-only M2P, paging and sharing sub-ops in the record (m2p.ts): Arm's
 * arch_memory_op has none of them; on x86 a cmd with resume bits matches no case.
 */
import { checkMaker, type CheckRecord, type SubopRecord } from "../record.js";

const c = checkMaker("memory_op", "xen/arch/x86/x86_64/mm.c");

const x86Only = (op: string, where: string): CheckRecord[] => [
  c(
    `${op}.arm`,
    "ENOSYS",
    "xen/arch/arm/mm.c: arch_memory_op",
    "Arm: arch_memory_op has no such sub-op.",
    {
      arch: ["arm64", "arm32"],
    },
  ),
  c(
    `${op}.resume_bits`,
    "ENOSYS",
    where,
    "cmd has bits above MEMOP_EXTENT_SHIFT: the arch code switches on the whole cmd, so no case matches.",
    { arch: ["x86_64"] },
  ),
];

const SUBARCH = "xen/arch/x86/x86_64/mm.c: subarch_memory_op";

export const M2P_SUBOPS: readonly SubopRecord[] = [
  {
    name: "XENMEM_machphys_mfn_list",
    number: 5,
    modelled: true,
    structs: ["xen_machphys_mfn_list_t"],
    checks: x86Only("machphys_mfn_list", SUBARCH),
  },
  {
    name: "XENMEM_machphys_mapping",
    number: 12,
    modelled: true,
    structs: ["xen_machphys_mapping_t"],
    checks: [
      c(
        "machphys_mapping.hvm",
        "ENOSYS",
        "xen/arch/x86/hvm/hypercall.c: hvm_memory_op",
        "An HVM guest: hvm_memory_op refuses it before do_memory_op.",
        { arch: ["x86_64"] },
      ),
      ...x86Only("machphys_mapping", "xen/arch/x86/mm.c: arch_memory_op"),
      c(
        "machphys_mapping.copy_out",
        "EFAULT",
        "xen/arch/x86/mm.c: arch_memory_op",
        "The xen_machphys_mapping_t cannot be written.",
        { arch: ["x86_64"] },
      ),
    ],
  },
  {
    name: "XENMEM_paging_op",
    number: 20,
    modelled: true,
    checks: x86Only("paging_op", SUBARCH),
  },
  {
    name: "XENMEM_sharing_op",
    number: 22,
    modelled: true,
    checks: x86Only("sharing_op", SUBARCH),
  },
  {
    name: "XENMEM_machphys_compat_mfn_list",
    number: 25,
    modelled: true,
    structs: ["xen_machphys_mfn_list_t"],
    checks: x86Only("machphys_compat_mfn_list", SUBARCH),
  },
];
