/**
 * memory_op's E820 sub-ops in the record: XENMEM_memory_map, set_memory_map and
 * machine_memory_map (x86's arch_memory_op; Arm has none). Their handler is memory-map.ts.
 */
import { checkMaker, type SubopRecord } from "../record.js";

const c = checkMaker("memory_op", "xen/common/memory.c");
const ARM_MM = "xen/arch/arm/mm.c";
const X86_MM = "xen/arch/x86/mm.c";
const X86_COMPAT_MM = "xen/arch/x86/x86_64/compat/mm.c";

/** A sub-op arch_memory_op has on x86 only: Arm's arch_memory_op default, and cmd's resume bits. */
const x86Only = (op: string) => [
  c(`${op}.arm`, "ENOSYS", `${ARM_MM}: arch_memory_op`, "Arm: arch_memory_op has no such sub-op.", {
    arch: ["arm64", "arm32"],
  }),
  c(
    `${op}.resume_bits`,
    "ENOSYS",
    `${X86_MM}: arch_memory_op`,
    "cmd has bits above MEMOP_EXTENT_SHIFT: arch_memory_op switches on the whole cmd, so no case matches.",
    { arch: ["x86_64"] },
  ),
];

/** XENMEM_memory_map, XENMEM_set_memory_map and XENMEM_machine_memory_map. */
export const MEMORY_MAP_SUBOPS: readonly SubopRecord[] = [
  {
    name: "XENMEM_memory_map",
    number: 9,
    modelled: true,
    structs: ["xen_memory_map_t"],
    checks: [
      ...x86Only("memory_map"),
      c(
        "memory_map.copy_in",
        "EFAULT",
        `${X86_MM}: arch_memory_op`,
        "The xen_memory_map_t cannot be read (for a 32-bit guest, compat_arch_memory_op's copy).",
        { arch: ["x86_64"] },
      ),
      c(
        "memory_map.no_e820",
        "ENOSYS",
        `${X86_MM}: arch_memory_op`,
        "The domain has no E820 map (nr_e820 is 0): none was set with XENMEM_set_memory_map.",
        { arch: ["x86_64"] },
      ),
      c(
        "memory_map.copy_out",
        "EFAULT",
        `${X86_MM}: arch_memory_op`,
        "The min(nr_entries, nr_e820) entries cannot be written to buffer.",
        { arch: ["x86_64"] },
      ),
    ],
  },
  {
    name: "XENMEM_set_memory_map",
    number: 13,
    modelled: true,
    structs: ["xen_foreign_memory_map_t"],
    checks: [
      ...x86Only("set_memory_map"),
      c(
        "set_memory_map.copy_in",
        "EFAULT",
        `${X86_MM}: arch_memory_op`,
        "The xen_foreign_memory_map_t cannot be read.",
        { arch: ["x86_64"] },
      ),
      c(
        "set_memory_map.nr_entries_max",
        "EINVAL",
        `${X86_MM}: arch_memory_op`,
        "map.nr_entries is above E820MAX (1024).",
        { arch: ["x86_64"] },
      ),
      c("set_memory_map.domid", "ESRCH", `${X86_MM}: arch_memory_op`, "domid does not exist.", {
        arch: ["x86_64"],
      }),
      c(
        "set_memory_map.xsm",
        "EPERM",
        `${X86_MM}: arch_memory_op (xsm_domain_memory_map)`,
        "domid is another domain and the caller is not the control domain.",
        { arch: ["x86_64"] },
      ),
      c(
        "set_memory_map.buffer_copy",
        "EFAULT",
        `${X86_MM}: arch_memory_op`,
        "The nr_entries entries cannot be read from map.buffer.",
        { arch: ["x86_64"] },
      ),
    ],
  },
  {
    name: "XENMEM_machine_memory_map",
    number: 10,
    modelled: true,
    structs: ["xen_memory_map_t"],
    checks: [
      c(
        "machine_memory_map.arm",
        "ENOSYS",
        `${ARM_MM}: arch_memory_op`,
        "Arm: arch_memory_op has no such sub-op.",
        { arch: ["arm64", "arm32"] },
      ),
      c(
        "machine_memory_map.hvm",
        "ENOSYS",
        "xen/arch/x86/hvm/hypercall.c: hvm_memory_op",
        "An HVM guest, before 4.19.",
        { until: "4.18", arch: ["x86_64"] },
      ),
      c(
        "machine_memory_map.resume_bits",
        "ENOSYS",
        `${X86_MM}: arch_memory_op`,
        "cmd has bits above MEMOP_EXTENT_SHIFT: arch_memory_op switches on the whole cmd, so no case matches.",
        { arch: ["x86_64"] },
      ),
      c(
        "machine_memory_map.copy_in",
        "EFAULT",
        `${X86_COMPAT_MM}: compat_arch_memory_op`,
        "A 32-bit guest's struct cannot be read: compat_arch_memory_op copies it before the privilege check.",
        { arch: ["x86_64"] },
      ),
      c(
        "machine_memory_map.xsm",
        "EPERM",
        `${X86_MM}: arch_memory_op (xsm_machine_memory_map)`,
        "The caller is not the control domain (XSM_PRIV).",
        { arch: ["x86_64"] },
      ),
    ],
  },
];
