/**
 * memory_op's toolstack sub-ops in the record, as far as a guest gets with them: claim_pages,
 * the PoD targets, the sharing counters (toolstack-ops.ts) and get_vnumainfo (vnuma.ts).
 */
import { checkMaker, type SubopRecord } from "../record.js";

const c = checkMaker("memory_op", "xen/common/memory.c");
const ARM_MM = "xen/arch/arm/mm.c";
const X86_MM = "xen/arch/x86/mm.c";
const ARM: { arch: ["arm64", "arm32"] } = { arch: ["arm64", "arm32"] };
const X86: { arch: ["x86_64"] } = { arch: ["x86_64"] };

export const CLAIM_PAGES: SubopRecord = {
  name: "XENMEM_claim_pages",
  number: 24,
  modelled: true,
  structs: ["xen_memory_reservation_t"],
  checks: [
    c(
      "claim_pages.llc_coloring",
      "EOPNOTSUPP",
      "do_memory_op",
      "LLC colouring is enabled (Arm's llc-coloring boot option).",
      { since: "4.22", untestable: "the model never enables LLC colouring" },
    ),
    c(
      "claim_pages.compat",
      "ENOSYS",
      "xen/arch/x86/x86_64/compat/mm.c: compat_arch_memory_op",
      "A 32-bit x86 guest: compat_memory_op has no case for it, and compat_arch_memory_op's default is -ENOSYS.",
      X86,
    ),
    c(
      "claim_pages.resume_bits",
      "EINVAL",
      "do_memory_op",
      "cmd has bits above MEMOP_EXTENT_SHIFT.",
    ),
    c(
      "claim_pages.copy_in",
      "EFAULT",
      "do_memory_op",
      "The xen_memory_reservation_t cannot be read.",
    ),
    c("claim_pages.extent_start", "EINVAL", "do_memory_op", "extent_start is not the NULL handle."),
    c("claim_pages.extent_order", "EINVAL", "do_memory_op", "extent_order is not 0."),
    c("claim_pages.mem_flags", "EINVAL", "do_memory_op", "mem_flags is not 0."),
    c(
      "claim_pages.domid",
      "EINVAL",
      "do_memory_op (rcu_lock_domain_by_id)",
      "domid names no domain; DOMID_SELF is no domain here.",
    ),
    c(
      "claim_pages.xsm",
      "EPERM",
      "do_memory_op (xsm_claim_pages)",
      "The caller is not the control domain (XSM_PRIV).",
    ),
  ],
};

const pod = (name: "set" | "get"): SubopRecord => ({
  name: `XENMEM_${name}_pod_target`,
  number: name === "set" ? 16 : 17,
  modelled: true,
  structs: ["xen_pod_target_t"],
  checks: [
    c(
      `${name}_pod_target.arm`,
      "ENOSYS",
      `${ARM_MM}: arch_memory_op`,
      "Arm: arch_memory_op has no such sub-op.",
      ARM,
    ),
    c(
      `${name}_pod_target.resume_bits`,
      "ENOSYS",
      `${X86_MM}: arch_memory_op`,
      "cmd has bits above MEMOP_EXTENT_SHIFT: arch_memory_op switches on the whole cmd, so no case matches.",
      X86,
    ),
    c(
      `${name}_pod_target.copy_in`,
      "EFAULT",
      `${X86_MM}: arch_memory_op`,
      "The xen_pod_target_t cannot be read (for a 32-bit guest, compat_arch_memory_op's copy).",
      X86,
    ),
    c(
      `${name}_pod_target.domid`,
      "ESRCH",
      `${X86_MM}: arch_memory_op`,
      "domid names no domain.",
      X86,
    ),
    c(
      `${name}_pod_target.not_hvm`,
      "EINVAL",
      `${X86_MM}: arch_memory_op`,
      "The domain is not HVM (before 4.17, the privilege check came first).",
      { since: "4.17", ...X86 },
    ),
    c(
      `${name}_pod_target.xsm`,
      "EPERM",
      `${X86_MM}: arch_memory_op (xsm_${name}_pod_target)`,
      "The caller is not the control domain (XSM_PRIV).",
      X86,
    ),
  ],
});

export const SET_POD_TARGET = pod("set");
export const GET_POD_TARGET = pod("get");

const sharing = (name: "freed" | "shared", number: number): SubopRecord => ({
  name: `XENMEM_get_sharing_${name}_pages`,
  number,
  modelled: true,
  checks: [
    c(
      `get_sharing_${name}_pages.resume_bits`,
      "ENOSYS",
      `xen/arch/x86/x86_64/mm.c: subarch_memory_op; ${ARM_MM}: arch_memory_op`,
      "cmd has bits above MEMOP_EXTENT_SHIFT (on arm64 Xen, in its low 32 bits: arch_memory_op takes an int): the arch code switches on the whole cmd, so no case matches.",
    ),
  ],
});

export const GET_SHARING_FREED_PAGES = sharing("freed", 18);
export const GET_SHARING_SHARED_PAGES = sharing("shared", 19);

export const GET_VNUMAINFO: SubopRecord = {
  name: "XENMEM_get_vnumainfo",
  number: 26,
  modelled: true,
  structs: ["xen_vnuma_topology_info_t"],
  checks: [
    c(
      "get_vnumainfo.resume_bits",
      "EINVAL",
      "do_memory_op",
      "cmd has bits above MEMOP_EXTENT_SHIFT (a 32-bit x86 guest's struct is copied first).",
    ),
    c(
      "get_vnumainfo.copy_in",
      "EFAULT",
      "do_memory_op",
      "The xen_vnuma_topology_info_t cannot be read.",
    ),
    c("get_vnumainfo.pad", "EINVAL", "do_memory_op", "pad is not 0."),
    c("get_vnumainfo.domid", "ESRCH", "do_memory_op", "domid names no domain."),
    c(
      "get_vnumainfo.xsm",
      "EPERM",
      "do_memory_op (xsm_get_vnumainfo)",
      "domid is another domain and the caller is not the control domain (XSM_TARGET).",
    ),
    c(
      "get_vnumainfo.no_vnuma",
      "EOPNOTSUPP",
      "do_memory_op",
      "The domain has no virtual NUMA layout (the toolstack gave it none).",
    ),
  ],
};

export const ACQUIRE_RESOURCE: SubopRecord = {
  name: "XENMEM_acquire_resource",
  number: 28,
  modelled: true,
  structs: ["xen_mem_acquire_resource_t"],
  checks: [
    c(
      "acquire_resource.translated_caller",
      "EACCES",
      "acquire_resource",
      "4.12.4+, 4.13.2+ and 4.14.1+ (42317dede5's backports): a translated caller other than the hardware domain, on Arm too, before the struct is read.",
      { since: "4.12.4", until: "4.14" },
    ),
    c(
      "acquire_resource.arch_check",
      "EACCES",
      "acquire_resource (arch_acquire_resource_check)",
      "x86: the caller is translated and not the hardware domain (4.15-4.18), or (from 4.19) HVM with altp2m or nested virtualisation.",
      { since: "4.15", ...X86 },
    ),
    c(
      "acquire_resource.copy_in",
      "EFAULT",
      "acquire_resource",
      "The xen_mem_acquire_resource_t cannot be read.",
    ),
    c("acquire_resource.pad", "EINVAL", "acquire_resource", "pad (flags in 4.12) is not 0."),
    c(
      "acquire_resource.size_query_nr_frames",
      "EINVAL",
      "acquire_resource",
      "frame_list is the NULL handle (the size query) but nr_frames is not 0.",
      { until: "4.14" },
    ),
    c(
      "acquire_resource.copy_out",
      "EFAULT",
      "acquire_resource",
      "The size query's nr_frames cannot be written back.",
      {
        until: "4.14",
        untestable: "the struct was just read, and the model has no read-only memory",
      },
    ),
    c(
      "acquire_resource.nr_frames_max",
      "E2BIG",
      "acquire_resource",
      "nr_frames is above 32 (the stack's mfn_list).",
      { until: "4.14" },
    ),
    c(
      "acquire_resource.frame_range",
      "EINVAL",
      "acquire_resource",
      "frame, or frame + nr_frames, does not fit 32 bits.",
      { since: "4.15" },
    ),
    c(
      "acquire_resource.domid",
      "ESRCH",
      "acquire_resource (rcu_lock_remote_domain_by_id)",
      "domid names no domain (DOMID_SELF included).",
    ),
    c(
      "acquire_resource.self",
      "EPERM",
      "acquire_resource (rcu_lock_remote_domain_by_id)",
      "domid is the caller itself.",
    ),
    c(
      "acquire_resource.xsm",
      "EPERM",
      "acquire_resource (xsm_domain_resource_map)",
      "The caller is neither the control domain nor the target's device model (XSM_DM_PRIV).",
    ),
  ],
};

export const EXCHANGE: SubopRecord = {
  name: "XENMEM_exchange",
  number: 11,
  modelled: true,
  structs: ["xen_memory_exchange_t"],
  checks: [
    c(
      "exchange.resume_bits",
      "EINVAL",
      "do_memory_op",
      "cmd has bits above MEMOP_EXTENT_SHIFT (progress is kept in nr_exchanged instead).",
    ),
    c("exchange.copy_in", "EFAULT", "memory_exchange", "The xen_memory_exchange_t cannot be read."),
    c(
      "exchange.extent_order",
      "EPERM",
      "memory_exchange",
      "in or out extent_order is above the caller's max_order (CONFIG_DOMU_MAX_ORDER, 9, for a domU).",
    ),
    c(
      "exchange.sanity",
      "EINVAL",
      "memory_exchange",
      "nr_exchanged is above in.nr_extents, in and out name different domains, a list's size in pages overflows, or the two lists' sizes in pages differ.",
    ),
    c(
      "exchange.in_handle",
      "EFAULT",
      "memory_exchange (guest_handle_subrange_okay)",
      "x86 PV: in.extent_start's remaining entries are not guest addresses.",
      { arch: ["x86_64"] },
    ),
    c(
      "exchange.out_handle",
      "EFAULT",
      "memory_exchange (guest_handle_subrange_okay)",
      "x86 PV: out.extent_start's remaining entries are not guest addresses.",
      { arch: ["x86_64"] },
    ),
    c(
      "exchange.exact_node",
      "EINVAL",
      "memory_exchange (propagate_node)",
      "A domU names a NUMA node in out.mem_flags with XENMEMF_exact_node_request.",
    ),
    c("exchange.domid", "ESRCH", "memory_exchange", "in.domid names no domain."),
    c(
      "exchange.xsm",
      "EPERM",
      "memory_exchange (xsm_memory_exchange)",
      "in.domid is another domain and the caller is not the control domain (XSM_TARGET).",
    ),
  ],
};
