/**
 * The checks of VCPUOP_initialise (x86): the common part, then arch_set_info_hvm_guest or
 * arch_set_info_guest with the PV vCPU's GDT and page table typing.
 */
import { checkMaker, type CheckExtra, type CheckRecord } from "../record.js";

const c = checkMaker("vcpu_op", "xen/common/domain.c");
const x86: CheckExtra = { arch: ["x86_64"] };
const HVM_DOM = "xen/arch/x86/hvm/domain.c: arch_set_info_hvm_guest";
const X86_DOM = "xen/arch/x86/domain.c: arch_set_info_guest";
const GDT = "xen/arch/x86/pv/descriptor-tables.c: pv_set_gdt";
const MM = "xen/arch/x86/mm.c";

/**
 * VCPUOP_initialise on x86 (Arm refuses it at entry.arm_subset), in Xen's order: the common
 * part, then an HVM vCPU's arch_set_info_hvm_guest or a PV vCPU's arch_set_info_guest. The
 * HVM checks of CR4 and EFER ask the CPU policy; the machine's is the original x86-64's
 * (vme tsc de pse pae mce pge fxsr sse syscall lm nx), nested virtualisation off.
 */
export const INITIALISE_CHECKS: readonly CheckRecord[] = [
  c(
    "initialise.dummy_vcpu_info",
    "EINVAL",
    "common_vcpu_op (xen/common/compat/domain.c: compat_common_vcpu_op for 32-bit guests)",
    "The vCPU's id is 32 (XEN_LEGACY_MAX_VCPUS) or more and it registered no vcpu_info; PV guests only from 4.19, every x86 guest before.",
    x86,
  ),
  c(
    "initialise.copy_in",
    "EFAULT",
    "default_initialise_vcpu (HVM: xen/arch/x86/domain.c: arch_initialise_vcpu)",
    "The vcpu_guest_context_t (PV; compat layout for pv32) or vcpu_hvm_context_t (HVM) cannot be read.",
    x86,
  ),
  c(
    "initialise.already",
    "EEXIST",
    "default_initialise_vcpu (HVM: xen/arch/x86/domain.c: arch_initialise_vcpu)",
    "The vCPU already has a context (is_initialised).",
    x86,
  ),
  c("initialise.hvm_pad", "EINVAL", HVM_DOM, "HVM: pad is not 0.", x86),
  c(
    "initialise.hvm_mode",
    "EINVAL",
    HVM_DOM,
    "HVM: mode is neither VCPU_HVM_MODE_32B nor VCPU_HVM_MODE_64B.",
    x86,
  ),
  c("initialise.hvm32_pad", "EINVAL", HVM_DOM, "32B: pad1 or pad2 is not 0.", x86),
  c(
    "initialise.hvm32_segment",
    "EINVAL",
    "xen/arch/x86/hvm/domain.c: check_segment",
    "32B: a segment's attributes do not suit cs, ds, ss, es or tr (null cs/ss/tr, system or non-present segment, tr not a busy TSS, cs not code, ss not writable data, ds/es execute-only).",
    x86,
  ),
  c("initialise.hvm32_eip_limit", "EINVAL", HVM_DOM, "32B: eip is past cs's limit.", x86),
  c("initialise.hvm32_ss_dpl", "EINVAL", HVM_DOM, "32B: ss's DPL is not cs's.", x86),
  c(
    "initialise.hvm32_data_dpl",
    "EINVAL",
    HVM_DOM,
    "32B: a present ds or es has a DPL above cs's.",
    x86,
  ),
  c("initialise.hvm32_efer_lma", "EINVAL", HVM_DOM, "32B: EFER.LMA without EFER.LME.", x86),
  c("initialise.hvm64_rip", "EINVAL", HVM_DOM, "64B: rip is not canonical.", x86),
  c("initialise.hvm64_cr0_pg", "EINVAL", HVM_DOM, "64B: CR0.PG is clear.", x86),
  c("initialise.hvm64_cr4_pae", "EINVAL", HVM_DOM, "64B: CR4.PAE is clear.", x86),
  c("initialise.hvm64_efer_lme", "EINVAL", HVM_DOM, "64B: EFER.LME is clear.", x86),
  c(
    "initialise.hvm_cr4",
    "EINVAL",
    HVM_DOM,
    "CR4 has a bit hvm_cr4_guest_valid_bits refuses (on the machine's CPU: any above OSXMMEXCPT).",
    x86,
  ),
  c(
    "initialise.hvm_efer",
    "EINVAL",
    "xen/arch/x86/hvm/hvm.c: hvm_efer_valid",
    "EFER has a bit other than SCE, LME, LMA and NXE (SVME needs nested virtualisation; the machine's CPU has no FFXSR or AutoIBRS).",
    x86,
  ),
  c(
    "initialise.pv_debugreg_width",
    "EINVAL",
    X86_DOM,
    "64-bit PV: debugreg[6] or debugreg[7] does not fit 32 bits.",
    { ...x86, since: "4.18" },
  ),
  c(
    "initialise.pv_breakpoint",
    "EINVAL",
    X86_DOM,
    "PV: debugreg[0-3] is in Xen's part of the address space (breakpoint_addr_ok).",
    { ...x86, since: "4.18" },
  ),
  c(
    "initialise.pv_canonical",
    "EINVAL",
    X86_DOM,
    "64-bit PV: rip, rsp, kernel_sp, ldt_base (with LDT entries), fs/gs bases or a callback is not canonical.",
    x86,
  ),
  c(
    "initialise.pv_trap_canonical",
    "EINVAL",
    X86_DOM,
    "64-bit PV: a trap_ctxt address is not canonical.",
    x86,
  ),
  c(
    "initialise.pv_ldt_addr",
    "EINVAL",
    X86_DOM,
    "64-bit PV: ldt_base is in Xen's part of the address space.",
    x86,
  ),
  c("initialise.pv32_eflags_vm", "EINVAL", X86_DOM, "32-bit PV: eflags has VM set (vm86 mode).", {
    ...x86,
    since: "4.22",
  }),
  c(
    "initialise.pv_ldt",
    "EINVAL",
    X86_DOM,
    "PV: ldt_base is not page aligned or ldt_ents is above 8192.",
    x86,
  ),
  c(
    "initialise.pv_gdt_frames",
    "EINVAL",
    X86_DOM,
    "PV: gdt_ents needs more than 16 frames (DIV_ROUND_UP, wrapping at the guest's word, in an unsigned int).",
    { ...x86, since: "4.14" },
  ),
  c(
    "initialise.pv_user_cr1",
    "EINVAL",
    X86_DOM,
    "64-bit PV: the vCPU starts in user mode (no VGCF_in_kernel) with no user page table (ctrlreg[1] 0).",
    x86,
  ),
  c(
    "initialise.pv_gdt_entries",
    "EINVAL",
    GDT,
    "PV: gdt_ents (as an unsigned int) is above FIRST_RESERVED_GDT_ENTRY (7168).",
    x86,
  ),
  c(
    "initialise.pv_gdt_frame",
    "EINVAL",
    GDT,
    "PV: a GDT frame is not the domain's (mfn_valid, get_page); the frames taken before it are dropped.",
    x86,
  ),
  c(
    "initialise.pv_gdt_type",
    "EINVAL",
    `${MM}: _get_page_type`,
    "PV: a GDT frame holds references as another type (a page table, say); the frames taken before it are dropped.",
    x86,
  ),
  c(
    "initialise.pv_gdt_descriptor",
    "EINVAL",
    "xen/arch/x86/pv/descriptor-tables.c: check_descriptor (xen/arch/x86/x86_64/mm.c before 4.15)",
    "PV: a GDT frame being validated as a descriptor page holds a descriptor check_descriptor refuses: present, a system descriptor other than a call gate (type 0 passes), a call gate whose selector is Xen's (at or above FIRST_RESERVED_GDT_ENTRY, but Xen's flat kernel CS or an LDT selector) or with reserved bits set (bits 0-7 of the high word; 5-7 for 32-bit PV), or a 32-bit PV code or data segment with L set. Descriptors before it are kept with their fix-ups.",
    x86,
  ),
  c(
    "initialise.pv_cr3",
    "EINVAL",
    X86_DOM,
    "PV: the frame ctrlreg[3] names (compat: rotated) is not the domain's; the new GDT is dropped.",
    x86,
  ),
  c(
    "initialise.pv_cr3_type",
    "EINVAL",
    `${MM}: _get_page_type`,
    "PV: the CR3 frame holds references as another type (a GDT frame, say): not an L4 (32-bit PV: not an L3); the new GDT is dropped.",
    x86,
  ),
  c(
    "initialise.pv32_l3_above_4g",
    "ERANGE",
    `${MM}: promote_l3_table`,
    "32-bit PV: the CR3 frame is at or above 4 GiB and the domain has no VM_ASSIST pae_extended_cr3.",
    { ...x86, since: "4.19" },
  ),
  c(
    "initialise.pv32_l3_slot3",
    "EINVAL",
    `${MM}: promote_l3_table`,
    "32-bit PV: the CR3 frame's L3 slot 3 is not present or has flags the PAE L3 refuses (Xen needs it to map Xen's compat area). Entries 4-511 were cleared first, and the frame stays typed, partly validated, until the calling vCPU's next put_old_guest_table.",
    x86,
  ),
  c(
    "initialise.pv32_l3_slot3_shared",
    "EINVAL",
    `${MM}: pae_xen_mappings_check (create_pae_xen_mappings before 4.14)`,
    "32-bit PV: the L2 in the L3's slot 3 (PGT_pae_xen_l2, holding Xen's compat mappings) is another L3's slot-3 L2 too. The L3 stays partly validated with the calling vCPU's old_guest_table; from 4.14 the L2 keeps the reference this L3 took.",
    x86,
  ),
  c(
    "initialise.pv_pte_flags",
    "EINVAL",
    `${MM}: get_page_from_l2e, get_page_from_l3e, get_page_from_l4e`,
    "PV: a present L2, L3 or L4 entry has a flag its level refuses: anything but present, RW, user, accessed, dirty, the available bits and NX (so no PWT/PCD, no PSE superpage, no global); a 32-bit guest's L3 allows only present, RW, user, accessed, dirty and bits 9-11. A table that fails past its first slot stays partly validated with the calling vCPU's old_guest_table.",
    x86,
  ),
  c(
    "initialise.pv_pte_frame",
    "EINVAL",
    `${MM}: get_page_and_type_from_mfn`,
    "PV: a present L2, L3 or L4 entry names a frame that is not the domain's.",
    x86,
  ),
  c(
    "initialise.pv_pte_type",
    "EINVAL",
    `${MM}: _get_page_type, get_l2_linear_pagetable and its kin`,
    "PV: a present L2, L3 or L4 entry names a frame holding references as a type other than the next level's page table (a GDT frame, a writably mapped frame, a table of another level, a 32-bit guest's slot-3 L2 elsewhere) and is no accepted linear page table: read-only, naming the table itself or an already validated table of the same level that neither makes nor is a linear reference the other way (never in a 32-bit guest's L3).",
    x86,
  ),
  c(
    "initialise.pv_l1_flags",
    "EINVAL",
    `${MM}: get_page_from_l1e`,
    "PV: a present L1 entry has a flag L1_DISALLOW_MASK refuses: the cache attributes (PWT, PCD, PAT) for a domU without I/O access, or bit 62 (_PAGE_GNTTAB). The entries before it give back what they took; their adjustments stay written.",
    x86,
  ),
  c(
    "initialise.pv_l1_iomem",
    "EPERM",
    `${MM}: get_page_from_l1e`,
    "PV: a present L1 entry names a frame that is not RAM (not mfn_valid: in the machine, at or above its 4 GiB host's 0x100000) and the domain has no I/O memory access to it.",
    x86,
  ),
  c(
    "initialise.pv_l1_invalid_mfn",
    "EINVAL",
    `${MM}: get_page_from_l1e`,
    "PV: a present L1 entry names frame 0xffffffffff (all address bits set, INVALID_MFN's), which the domain has no I/O memory access to.",
    x86,
  ),
  c(
    "initialise.pv_l1_owner",
    "EBUSY",
    `${MM}: get_page_from_l1e`,
    "PV: a present L1 entry names RAM that is not the domain's (in the machine: a frame below 0x100000 outside its memory, unpopulated, or mapping another domain's page).",
    x86,
  ),
  c(
    "initialise.pv_l1_writable",
    "EBUSY",
    `${MM}: get_page_from_l1e`,
    "PV: a present writable L1 entry (RW) names a frame holding references as another type (a page table or GDT frame), which cannot take PGT_writable_page.",
    x86,
  ),
  c(
    "initialise.pv_cr1",
    "EINVAL",
    X86_DOM,
    "64-bit PV: the frame ctrlreg[1] (the user page table) names is not the domain's; the new GDT is dropped, the kernel table keeps its reference.",
    x86,
  ),
  c(
    "initialise.pv_cr1_type",
    "EINVAL",
    `${MM}: _get_page_type`,
    "64-bit PV: the user page table's frame holds references as another type; the new GDT is dropped, the kernel table keeps its reference.",
    x86,
  ),
];
