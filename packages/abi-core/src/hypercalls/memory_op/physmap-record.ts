/**
 * memory_op's physmap sub-ops in the record: XENMEM_add_to_physmap, add_to_physmap_batch and
 * remove_from_physmap, with the checks they share (xatp_permission_check,
 * xenmem_add_to_physmap_one). Their handlers are physmap.ts and physmap-batch.ts.
 */
import { checkMaker, type SubopRecord } from "../record.js";

const c = checkMaker("memory_op", "xen/common/memory.c");
const ARM_MM = "xen/arch/arm/mm.c";
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

export const ADD_TO_PHYSMAP: SubopRecord = {
  name: "XENMEM_add_to_physmap",
  number: 7,
  modelled: true,
  structs: ["xen_add_to_physmap_t"],
  checks: [
    c(
      "add_to_physmap.resume_bits",
      "EDOM",
      "do_memory_op",
      "The resume extent does not fit xatp.size (uint16_t); a 32-bit x86 guest's struct is copied first.",
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
};

export const ADD_TO_PHYSMAP_BATCH: SubopRecord = {
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
      "XENMAPSPACE_dev_mmio with u.res0 other than 0 (XSA-346: 4.15, and 4.12.4, 4.13.2, 4.14.1).",
      { since: "4.12.4" },
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
    ...oneChecks("add_to_physmap_batch", " (written to the entry's errs slot; the call goes on)"),
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
};

export const REMOVE_FROM_PHYSMAP: SubopRecord = {
  name: "XENMEM_remove_from_physmap",
  number: 15,
  modelled: true,
  structs: ["xen_remove_from_physmap_t"],
  checks: [
    c(
      "remove_from_physmap.resume_bits",
      "EINVAL",
      "do_memory_op",
      "cmd has bits above MEMOP_EXTENT_SHIFT; a 32-bit x86 guest's struct is copied first.",
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
};
