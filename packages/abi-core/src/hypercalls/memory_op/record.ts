/** The record of memory_op: sub-ops and checks in xen/common/memory.c's order. */
import { checkMaker, type HypercallRecord } from "../record.js";
import { compat_memory_op, do_memory_op, hvm_memory_op } from "./memory-op.js";

const MEM = "xen/common/memory.c";

const c = checkMaker("memory_op", MEM);

const reservationChecks = (op: string) => [
  c(
    `${op}.copy_in`,
    "start_extent",
    "do_memory_op",
    "The xen_memory_reservation_t cannot be read: the result is the resume extent, not an errno.",
  ),
  c(
    `${op}.nr_extents_max`,
    "start_extent",
    "do_memory_op",
    "nr_extents is above UINT_MAX >> MEMOP_EXTENT_SHIFT (too large to encode a continuation).",
  ),
  c(
    `${op}.resume_past_end`,
    "start_extent",
    "do_memory_op",
    "The resume extent in cmd's upper bits is at or past nr_extents.",
  ),
  c(`${op}.domid`, "start_extent", "do_memory_op", "domid does not exist."),
  c(
    `${op}.address_bits`,
    "start_extent",
    "construct_memop_from_reservation",
    "mem_flags asks for 12 or fewer address bits.",
  ),
  c(
    `${op}.xsm`,
    "start_extent",
    "do_memory_op (xsm_memory_adjust_reservation)",
    "domid is another domain and the caller is not the control domain.",
  ),
  c(
    `${op}.extent_order`,
    "nr_done",
    `${op === "populate_physmap" ? "populate_physmap" : op === "decrease_reservation" ? "decrease_reservation" : "increase_reservation"}`,
    "extent_order is above the domain's max_order (CONFIG_DOMU_MAX_ORDER, 9): no extent is done.",
  ),
  c(
    `${op}.extent_fault`,
    "nr_done",
    "do_memory_op",
    "An extent cannot be read (or, for decrease_reservation, a frame has nothing mapped, or for increase/populate the domain is at max_pages): the result is the extents done so far.",
  ),
];

const ARM_MM = "xen/arch/arm/mm.c";
const X86_MM = "xen/arch/x86/mm.c";
const X86_COMPAT_MM = "xen/arch/x86/x86_64/compat/mm.c";
const ONE = "xen/arch/arm/mm.c, xen/arch/x86/mm/p2m.c: xenmem_add_to_physmap_one";

/** xatp_permission_check's checks, for add_to_physmap and the batch. */
const permissionChecks = (op: string) => [
  c(
    `${op}.not_translated`,
    "EACCES",
    "xatp_permission_check",
    "The domain is PV (paging_mode_translate is false).",
    { since: "4.13" },
  ),
  c(
    `${op}.dev_mmio`,
    "EACCES",
    "xatp_permission_check",
    "space is XENMAPSPACE_dev_mmio and the domain is not the hardware domain itself.",
  ),
  c(
    `${op}.xsm`,
    "EPERM",
    "xatp_permission_check (xsm_add_to_physmap)",
    "domid is another domain and the caller is not the control domain.",
  ),
];

/** xenmem_add_to_physmap_one's checks for one page (`entry`: the batch writes them to errs). */
const oneChecks = (op: string, entry: string) => [
  c(
    `${op}.shared_info_idx`,
    "EINVAL",
    ONE,
    `XENMAPSPACE_shared_info with idx other than 0${entry}.`,
  ),
  c(
    `${op}.shared_info_mapped`,
    "EBUSY",
    `${ARM_MM}: xenmem_add_to_physmap_one`,
    `Arm: shared_info is already mapped, at any gfn (the same one included): unmap it first${entry}.`,
    { since: "4.17", arch: ["arm64", "arm32"] },
  ),
  c(
    `${op}.unknown_space`,
    "ENOSYS",
    `${ARM_MM}: xenmem_add_to_physmap_one`,
    `Arm: a space Arm does not map (XENMAPSPACE_gmfn, gmfn_range, or no XENMAPSPACE_* at all)${entry}.`,
    { arch: ["arm64", "arm32"] },
  ),
  c(
    `${op}.no_mfn`,
    "EINVAL",
    "xen/arch/x86/mm/p2m.c: xenmem_add_to_physmap_one",
    `x86: a space no case handles (XENMAPSPACE_dev_mmio, or no XENMAPSPACE_* at all), so the frame stays INVALID_MFN${entry}.`,
    { arch: ["x86_64"] },
  ),
];

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

/** Every sub-op with its checks in Xen's order; the handlers report each by its id. */
export const MEMORY_OP_RECORD: HypercallRecord = {
  name: "memory_op",
  subopPrefix: "XENMEM_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  args: ["subop", "handle"],
  checks: [],
  subops: [
    {
      name: "XENMEM_increase_reservation",
      number: 0,
      modelled: true,
      structs: ["xen_memory_reservation_t"],
      checks: reservationChecks("increase_reservation"),
    },
    {
      name: "XENMEM_decrease_reservation",
      number: 1,
      modelled: true,
      structs: ["xen_memory_reservation_t"],
      checks: reservationChecks("decrease_reservation"),
    },
    {
      name: "XENMEM_maximum_ram_page",
      number: 2,
      modelled: true,
      checks: [
        c(
          "maximum_ram_page.resume_bits",
          "EINVAL",
          "do_memory_op",
          "cmd has bits above MEMOP_EXTENT_SHIFT.",
        ),
      ],
    },
    ...(["current_reservation", "maximum_reservation"] as const).map((n, i) => ({
      name: `XENMEM_${n}`,
      number: 3 + i,
      modelled: true,
      structs: ["xen_memory_domain"],
      checks: [
        c(`${n}.resume_bits`, "EINVAL", "do_memory_op", "cmd has bits above MEMOP_EXTENT_SHIFT."),
        c(`${n}.copy_in`, "EFAULT", "do_memory_op", "The struct xen_memory_domain cannot be read."),
        c(`${n}.domid`, "ESRCH", "do_memory_op", "domid does not exist."),
        c(
          `${n}.xsm`,
          "EPERM",
          "do_memory_op (xsm_memory_stat_reservation)",
          "domid is another domain and the caller is not the control domain.",
        ),
      ],
    })),
    { name: "XENMEM_machphys_mfn_list", number: 5, modelled: false, checks: [] },
    {
      name: "XENMEM_populate_physmap",
      number: 6,
      modelled: true,
      structs: ["xen_memory_reservation_t"],
      checks: reservationChecks("populate_physmap"),
    },
    {
      name: "XENMEM_add_to_physmap",
      number: 7,
      modelled: true,
      structs: ["xen_add_to_physmap_t"],
      checks: [
        c(
          "add_to_physmap.resume_bits",
          "EDOM",
          "do_memory_op",
          "The resume extent does not fit xatp.size (uint16_t).",
        ),
        c(
          "add_to_physmap.copy_in",
          "EFAULT",
          "do_memory_op",
          "The xen_add_to_physmap_t cannot be read.",
        ),
        c(
          "add_to_physmap.gmfn_foreign",
          "ENOSYS",
          "do_memory_op",
          "space is XENMAPSPACE_gmfn_foreign (only the batch form maps foreign frames).",
        ),
        c("add_to_physmap.domid", "ESRCH", "do_memory_op", "domid does not exist."),
        ...permissionChecks("add_to_physmap"),
        c("add_to_physmap.invalid_gfn", "EINVAL", "xenmem_add_to_physmap", "gpfn is INVALID_GFN.", {
          since: "4.17",
        }),
        ...oneChecks("add_to_physmap", ""),
      ],
    },
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
    { name: "XENMEM_exchange", number: 11, modelled: false, checks: [] },
    {
      name: "XENMEM_maximum_gpfn",
      number: 14,
      modelled: true,
      structs: ["xen_memory_domain"],
      checks: [
        c(
          "maximum_gpfn.resume_bits",
          "EINVAL",
          "do_memory_op",
          "cmd has bits above MEMOP_EXTENT_SHIFT.",
        ),
        c(
          "maximum_gpfn.copy_in",
          "EFAULT",
          "do_memory_op",
          "The struct xen_memory_domain cannot be read.",
        ),
        c("maximum_gpfn.domid", "ESRCH", "do_memory_op", "domid does not exist."),
        c(
          "maximum_gpfn.xsm",
          "EPERM",
          "do_memory_op (xsm_memory_stat_reservation)",
          "domid is another domain and the caller is not the control domain.",
        ),
      ],
    },
    {
      name: "XENMEM_remove_from_physmap",
      number: 15,
      modelled: true,
      structs: ["xen_remove_from_physmap_t"],
      checks: [
        c(
          "remove_from_physmap.resume_bits",
          "EINVAL",
          "do_memory_op",
          "cmd has bits above MEMOP_EXTENT_SHIFT.",
        ),
        c(
          "remove_from_physmap.copy_in",
          "EFAULT",
          "do_memory_op",
          "The xen_remove_from_physmap_t cannot be read.",
        ),
        c("remove_from_physmap.domid", "ESRCH", "do_memory_op", "domid does not exist."),
        c(
          "remove_from_physmap.not_translated",
          "EACCES",
          "do_memory_op",
          "The domain is PV (paging_mode_translate is false).",
          { since: "4.13" },
        ),
        c(
          "remove_from_physmap.xsm",
          "EPERM",
          "do_memory_op (xsm_remove_from_physmap)",
          "domid is another domain and the caller is not the control domain.",
        ),
        c("remove_from_physmap.not_mapped", "ENOENT", "do_memory_op", "Nothing is mapped at gpfn."),
      ],
    },
    {
      name: "XENMEM_add_to_physmap_batch",
      number: 23,
      modelled: true,
      structs: ["xen_add_to_physmap_batch_t"],
      checks: [
        c(
          "add_to_physmap_batch.resume_bits",
          "EDOM",
          "do_memory_op",
          "The resume extent does not fit xatpb.size (uint16_t). A 32-bit x86 guest's compat path checks it after its copies.",
        ),
        c(
          "add_to_physmap_batch.copy_in",
          "EFAULT",
          "do_memory_op",
          "The xen_add_to_physmap_batch_t cannot be read.",
        ),
        c(
          "add_to_physmap_batch.compat_entry_copy",
          "EFAULT",
          "xen/common/compat/memory.c: compat_memory_op",
          "A 32-bit x86 guest: an idx or gpfn of this round (up to 510 entries from the resume extent) cannot be read; no entry is mapped.",
          { arch: ["x86_64"] },
        ),
        c(
          "add_to_physmap_batch.gmfn_range",
          "EOPNOTSUPP",
          "do_memory_op",
          "space is XENMAPSPACE_gmfn_range, which only XENMEM_add_to_physmap takes.",
        ),
        c("add_to_physmap_batch.domid", "ESRCH", "do_memory_op", "domid does not exist."),
        ...permissionChecks("add_to_physmap_batch"),
        c(
          "add_to_physmap_batch.resume_past_end",
          "EILSEQ",
          "xenmem_add_to_physmap_batch",
          "The resume extent is past size.",
        ),
        c(
          "add_to_physmap_batch.resume_at_end",
          "EILSEQ",
          "xenmem_add_to_physmap_batch",
          "The resume extent is not 0 and equals size (4.12 maps nothing and answers 0).",
          { since: "4.13" },
        ),
        c(
          "add_to_physmap_batch.dev_mmio_res0",
          "EOPNOTSUPP",
          "xenmem_add_to_physmap_batch",
          "XENMAPSPACE_dev_mmio with u.res0 other than 0.",
          { since: "4.15" },
        ),
        c(
          "add_to_physmap_batch.entry_copy",
          "EFAULT",
          "xenmem_add_to_physmap_batch",
          "An entry's idx or gpfn cannot be read; the entries before it are done.",
        ),
        c(
          "add_to_physmap_batch.invalid_gfn",
          "EINVAL",
          "xenmem_add_to_physmap_batch",
          "An entry's gpfn is INVALID_GFN: the call stops there, with no error written for it.",
          { since: "4.17" },
        ),
        ...oneChecks(
          "add_to_physmap_batch",
          " (written to the entry's errs slot; the call goes on)",
        ),
        c(
          "add_to_physmap_batch.foreign_owner",
          "ESRCH",
          `${ARM_MM}: xenmem_add_to_physmap_one (get_pg_owner)`,
          "Arm, XENMAPSPACE_gmfn_foreign: u.foreign_domid is the caller's own id or no domain (written to errs).",
          { arch: ["arm64", "arm32"] },
        ),
        c(
          "add_to_physmap_batch.foreign_self",
          "EINVAL",
          `${ARM_MM}: xenmem_add_to_physmap_one`,
          "Arm, XENMAPSPACE_gmfn_foreign: the owner is domid itself (written to errs).",
          { arch: ["arm64", "arm32"] },
        ),
        c(
          "add_to_physmap_batch.foreign_xsm",
          "EPERM",
          `${ARM_MM}: xenmem_add_to_physmap_one (xsm_map_gmfn_foreign)`,
          "Arm, XENMAPSPACE_gmfn_foreign: domid is not the control domain (XSM_TARGET of it over the owner; written to errs).",
          { arch: ["arm64", "arm32"] },
        ),
        c(
          "add_to_physmap_batch.foreign_gfn",
          "EINVAL",
          `${ARM_MM}: xenmem_add_to_physmap_one`,
          "Arm, XENMAPSPACE_gmfn_foreign: the owner has no page at idx (written to errs).",
          { arch: ["arm64", "arm32"] },
        ),
        c(
          "add_to_physmap_batch.errs_copy",
          "EFAULT",
          "xenmem_add_to_physmap_batch",
          "An entry's result cannot be written to errs (that entry is done).",
        ),
      ],
    },
    { name: "XENMEM_machphys_compat_mfn_list", number: 25, modelled: false, checks: [] },
    { name: "XENMEM_machphys_mapping", number: 12, modelled: false, checks: [] },
    { name: "XENMEM_set_pod_target", number: 16, modelled: false, checks: [] },
    { name: "XENMEM_get_pod_target", number: 17, modelled: false, checks: [] },
    { name: "XENMEM_get_sharing_freed_pages", number: 18, modelled: false, checks: [] },
    { name: "XENMEM_get_sharing_shared_pages", number: 19, modelled: false, checks: [] },
    { name: "XENMEM_paging_op", number: 20, modelled: false, checks: [] },
    { name: "XENMEM_access_op", number: 21, modelled: false, checks: [] },
    { name: "XENMEM_sharing_op", number: 22, modelled: false, checks: [] },
    { name: "XENMEM_claim_pages", number: 24, modelled: false, checks: [] },
    { name: "XENMEM_reserved_device_memory_map", number: 27, modelled: false, checks: [] },
    { name: "XENMEM_acquire_resource", number: 28, modelled: false, checks: [] },
    { name: "XENMEM_get_vnumainfo", number: 26, modelled: false, checks: [] },
  ],
  handlers: { do_memory_op, compat_memory_op, hvm_memory_op },
};
