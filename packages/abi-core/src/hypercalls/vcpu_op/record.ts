/** The record of vcpu_op: sub-ops and checks in xen/common/domain.c's (and Arm's) order. */
import { checkMaker, type CheckExtra, type CheckRecord, type HypercallRecord } from "../record.js";
import { compat_vcpu_op, do_arm_vcpu_op, do_vcpu_op } from "./vcpu-op.js";

const DOM = "xen/common/domain.c";

const c = checkMaker("vcpu_op", DOM);

const armOnlyTwo: CheckExtra = { arch: ["arm64", "arm32"] };
const x86: CheckExtra = { arch: ["x86_64"] };
const HVM_DOM = "xen/arch/x86/hvm/domain.c: arch_set_info_hvm_guest";
const X86_DOM = "xen/arch/x86/domain.c: arch_set_info_guest";
const GDT = "xen/arch/x86/pv/descriptor-tables.c: pv_set_gdt";

/** The checks of a 4.18+ phys area (x86): the copy, then map_guest_area's. */
function physAreaChecks(op: string, copyWhere: string, record: string): CheckRecord[] {
  const since: CheckExtra = { ...x86, since: "4.18" };
  return [
    c(`${op}.copy_in`, "EFAULT", copyWhere, "The area's uint64_t address cannot be read.", since),
    c(
      `${op}.crosses_page`,
      "ENXIO",
      "map_guest_area",
      `The ${record} would cross a page boundary.`,
      since,
    ),
    c(
      `${op}.misaligned`,
      "ENXIO",
      "map_guest_area",
      "The address is not aligned for xen_ulong_t (compat_ulong_t with a 32-bit shared_info).",
      since,
    ),
    c(
      `${op}.not_ram`,
      "EINVAL",
      "map_guest_area",
      "No RAM page is at the address (check_get_page_from_gfn).",
      since,
    ),
  ];
}

/**
 * VCPUOP_initialise on x86 (Arm refuses it at entry.arm_subset), in Xen's order: the common
 * part, then an HVM vCPU's arch_set_info_hvm_guest or a PV vCPU's arch_set_info_guest. The
 * HVM checks of CR4 and EFER ask the CPU policy; the machine's is the original x86-64's
 * (vme tsc de pse pae mce pge fxsr sse syscall lm nx), nested virtualisation off.
 */
const INITIALISE_CHECKS: readonly CheckRecord[] = [
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
    "PV: a GDT frame is not the domain's. (One that is must be typed as a descriptor page: the machine reports unmodelled.)",
    x86,
  ),
  c(
    "initialise.pv_cr3",
    "EINVAL",
    X86_DOM,
    "PV: the frame ctrlreg[3] names (compat: rotated) is not the domain's. (One that is must be typed as a page table: the machine reports unmodelled.)",
    x86,
  ),
];

/** Every sub-op with its checks in Xen's order; the handlers report each through the trace. */
export const VCPU_OP_RECORD: HypercallRecord = {
  name: "vcpu_op",
  subopPrefix: "VCPUOP_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  args: ["subop", "vcpu", "handle"],
  checks: [
    c(
      "entry.vcpuid",
      "ENOENT",
      "xen/arch/*/domain.c: do_vcpu_op",
      "vcpuid is not a vCPU of the caller.",
    ),
    c(
      "entry.arm_subset",
      "EINVAL",
      "xen/arch/arm/domain.c: do_vcpu_op",
      "Arm: any sub-op but register_vcpu_info and register_runstate_memory_area.",
      armOnlyTwo,
    ),
  ],
  subops: [
    {
      name: "VCPUOP_initialise",
      number: 0,
      modelled: true,
      structs: ["vcpu_guest_context_t", "vcpu_hvm_context_t"],
      checks: INITIALISE_CHECKS,
    },
    {
      name: "VCPUOP_up",
      number: 1,
      modelled: true,
      checks: [
        c("up.not_initialised", "EINVAL", "common_vcpu_op", "The vCPU was never given a context."),
      ],
    },
    { name: "VCPUOP_down", number: 2, modelled: true, checks: [] },
    { name: "VCPUOP_is_up", number: 3, modelled: true, checks: [] },
    {
      name: "VCPUOP_get_runstate_info",
      number: 4,
      modelled: true,
      structs: ["vcpu_runstate_info_t"],
      checks: [
        c(
          "get_runstate_info.copy_out",
          "EFAULT",
          "common_vcpu_op",
          "The vcpu_runstate_info_t cannot be written.",
        ),
      ],
    },
    {
      name: "VCPUOP_register_runstate_memory_area",
      number: 5,
      modelled: true,
      structs: ["vcpu_runstate_info_t"],
      checks: [
        c(
          "register_runstate_memory_area.copy_in",
          "EFAULT",
          "common_vcpu_op (compat: xen/arch/x86/x86_64/domain.c: compat_vcpu_op)",
          "The area's handle cannot be read (8 bytes; 4 for a 32-bit x86 guest).",
        ),
        c(
          "register_runstate_memory_area.handle",
          "EFAULT",
          "common_vcpu_op (compat: xen/arch/x86/x86_64/domain.c: compat_vcpu_op)",
          "x86 PV: the handle is in Xen's part of the address space (guest_handle_okay; compat_handle_okay: the record ends at or above HYPERVISOR_COMPAT_VIRT_START).",
          x86,
        ),
      ],
    },
    {
      name: "VCPUOP_set_periodic_timer",
      number: 6,
      modelled: true,
      structs: ["vcpu_set_periodic_timer_t"],
      checks: [
        c(
          "set_periodic_timer.copy_in",
          "EFAULT",
          "common_vcpu_op",
          "The vcpu_set_periodic_timer_t cannot be read.",
        ),
        c("set_periodic_timer.period_min", "EINVAL", "common_vcpu_op", "period_ns is below 1 ms."),
        c(
          "set_periodic_timer.period_max",
          "EINVAL",
          "common_vcpu_op",
          "period_ns is above STIME_DELTA_MAX.",
        ),
      ],
    },
    { name: "VCPUOP_stop_periodic_timer", number: 7, modelled: true, checks: [] },
    {
      name: "VCPUOP_set_singleshot_timer",
      number: 8,
      modelled: true,
      structs: ["vcpu_set_singleshot_timer_t"],
      checks: [
        c(
          "set_singleshot_timer.other_vcpu",
          "EINVAL",
          "common_vcpu_op",
          "vcpuid is not the calling vCPU.",
        ),
        c(
          "set_singleshot_timer.copy_in",
          "EFAULT",
          "common_vcpu_op",
          "The vcpu_set_singleshot_timer_t cannot be read.",
        ),
        c(
          "set_singleshot_timer.past",
          "ETIME",
          "common_vcpu_op",
          "VCPU_SSHOTTMR_future is set and the time has passed. From 4.17.3 and 4.18 the flag is ignored: a past timeout injects VIRQ_TIMER and returns 0.",
          { until: "4.17.2" },
        ),
      ],
    },
    {
      name: "VCPUOP_stop_singleshot_timer",
      number: 9,
      modelled: true,
      checks: [
        c(
          "stop_singleshot_timer.other_vcpu",
          "EINVAL",
          "common_vcpu_op",
          "vcpuid is not the calling vCPU.",
        ),
      ],
    },
    {
      name: "VCPUOP_register_vcpu_info",
      number: 10,
      modelled: true,
      structs: ["vcpu_register_vcpu_info_t", "vcpu_info_t"],
      checks: [
        c(
          "register_vcpu_info.copy_in",
          "EFAULT",
          "common_vcpu_op",
          "The vcpu_register_vcpu_info_t cannot be read.",
        ),
        c(
          "register_vcpu_info.gaddr",
          "EINVAL",
          "common_vcpu_op",
          "mfn + offset leaves the frame.",
          { since: "4.18" },
        ),
        c(
          "register_vcpu_info.registered",
          "EBUSY",
          "common_vcpu_op",
          "The vCPU already has a registered vcpu_info.",
          { since: "4.18" },
        ),
        c(
          "register_vcpu_info.crosses_page",
          "ENXIO",
          "map_guest_area (map_vcpu_info before 4.18)",
          "The vcpu_info would cross a page boundary.",
        ),
        c(
          "register_vcpu_info.misaligned",
          "ENXIO",
          "map_guest_area (map_vcpu_info before 4.18)",
          "offset is not aligned for xen_ulong_t (compat_ulong_t for 32-bit x86).",
        ),
        c(
          "register_vcpu_info.registered_old",
          "EINVAL",
          "map_vcpu_info",
          "The vCPU already has a registered vcpu_info.",
          { until: "4.17" },
        ),
        c(
          "register_vcpu_info.not_ram",
          "EINVAL",
          "map_guest_area (map_vcpu_info before 4.18)",
          "Nothing writable is mapped at mfn.",
        ),
      ],
    },
    {
      name: "VCPUOP_send_nmi",
      number: 11,
      modelled: true,
      checks: [
        c(
          "send_nmi.arg",
          "EINVAL",
          "xen/arch/x86/domain.c: do_vcpu_op (common_vcpu_op in 4.12)",
          "arg is not NULL.",
          x86,
        ),
      ],
    },
    {
      name: "VCPUOP_get_physid",
      number: 12,
      // The hardware domain's vCPUs: their pinning and ids are the host's (unmodelled).
      modelled: false,
      structs: ["vcpu_get_physid_t"],
      checks: [
        c(
          "get_physid.not_hwdom_pinned",
          "EINVAL",
          "xen/arch/x86/domain.c: do_vcpu_op (arch_do_vcpu_op in 4.12)",
          "x86: the vCPU is not the hardware domain's (is_hwdom_pinned_vcpu; 4.12's is_pinned_vcpu also lets through a vCPU pinned to one physical CPU, which the machine cannot tell).",
          { ...x86, since: "4.13" },
        ),
      ],
    },
    {
      name: "VCPUOP_register_vcpu_time_memory_area",
      number: 13,
      modelled: true,
      structs: ["vcpu_time_info_t"],
      checks: [
        c(
          "register_vcpu_time_memory_area.copy_in",
          "EFAULT",
          "xen/arch/x86/domain.c: do_vcpu_op (compat: xen/arch/x86/x86_64/domain.c: compat_vcpu_op)",
          "x86: the area's handle cannot be read (8 bytes; 4 for a 32-bit guest).",
          x86,
        ),
        c(
          "register_vcpu_time_memory_area.handle",
          "EFAULT",
          "xen/arch/x86/domain.c: do_vcpu_op (compat: xen/arch/x86/x86_64/domain.c: compat_vcpu_op)",
          "x86 PV: the handle is in Xen's part of the address space (guest_handle_okay; compat_handle_okay: the record ends at or above HYPERVISOR_COMPAT_VIRT_START).",
          x86,
        ),
      ],
    },
    {
      name: "VCPUOP_register_runstate_phys_area",
      number: 14,
      modelled: true,
      since: "4.18",
      structs: ["vcpu_runstate_info_t"],
      checks: physAreaChecks(
        "register_runstate_phys_area",
        "common_vcpu_op (compat: xen/arch/x86/x86_64/domain.c: compat_vcpu_op)",
        "vcpu_runstate_info_t",
      ),
    },
    {
      name: "VCPUOP_register_vcpu_time_phys_area",
      number: 15,
      modelled: true,
      since: "4.18",
      structs: ["vcpu_time_info_t"],
      checks: physAreaChecks(
        "register_vcpu_time_phys_area",
        "xen/arch/x86/domain.c: do_vcpu_op",
        "vcpu_time_info_t",
      ),
    },
  ],
  handlers: { do_vcpu_op, compat_vcpu_op, do_arm_vcpu_op },
};
