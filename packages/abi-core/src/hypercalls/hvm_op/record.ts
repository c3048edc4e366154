/**
 * The record of hvm_op: HVMOP_set_param / get_param with x86's and Arm's checks in order, and
 * x86's HVMOP_set_evtchn_upcall_vector.
 */
import { checkMaker, type HypercallRecord } from "../record.js";
import { do_hvm_op } from "./hvm-op.js";

const X86 = "xen/arch/x86/hvm/hvm.c";
const ARM = "xen/arch/arm/hvm.c";
const c = checkMaker("hvm_op", X86);
const x86 = { arch: ["x86_64"] as const };
const arm = { arch: ["arm64", "arm32"] as const };
const SAME = "Xen writes back to the struct it has just read from the same guest memory.";

const common = (op: "set_param" | "get_param", fn: string) => [
  c(
    `${op}.copy_in`,
    "EFAULT",
    `${X86}: ${fn}; ${ARM}: do_hvm_op`,
    "The xen_hvm_param_t cannot be read.",
  ),
  c(
    `${op}.index`,
    "EINVAL",
    `${X86}: ${fn}; ${ARM}: do_hvm_op (until 4.13)`,
    "index is not below HVM_NR_PARAMS (39).",
  ),
  c(`${op}.domid`, "ESRCH", `${X86}: ${fn}; ${ARM}: do_hvm_op`, "domid does not exist."),
  c(`${op}.not_hvm`, "EINVAL", fn, "The domain is not an HVM domain (PV).", x86),
];

export const HVM_OP_RECORD: HypercallRecord = {
  name: "hvm_op",
  subopPrefix: "HVMOP_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  args: ["subop", "handle"],
  checks: [
    c(
      "entry.unknown_op",
      "ENOSYS",
      `${X86}: do_hvm_op; ${ARM}: do_hvm_op`,
      "No such op in this architecture's do_hvm_op.",
    ),
  ],
  subops: [
    {
      name: "HVMOP_set_param",
      number: 0,
      modelled: true,
      structs: ["xen_hvm_param_t"],
      checks: [
        ...common("set_param", "hvmop_set_param"),
        c(
          "set_param.xsm",
          "EPERM",
          `${X86}: hvm_allow_set_param; ${ARM}: do_hvm_op`,
          "domid is another domain and the caller is not the control domain (XSM_TARGET).",
        ),
        c(
          "set_param.flask",
          "EACCES",
          `${X86}: hvm_allow_set_param; ${ARM}: do_hvm_op (xsm_hvm_param: xen/xsm/flask/hooks.c flask_hvm_param)`,
          "XSM FLASK, shipped policy: domid is another domain and the caller is not dom0 (no rule gives a domU hvm setparam on another domain).",
        ),
        c(
          "set_param.read_only",
          "EEXIST",
          "hvm_allow_set_param",
          "HVM_PARAM_ALTP2M is read-only.",
          { ...x86, since: "4.19" },
        ),
        c(
          "set_param.deprecated_eperm",
          "EPERM",
          "hvm_allow_set_param",
          "DM_DOMAIN or BUFIOREQ_EVTCHN, refused to anyone (deprecated).",
          { ...x86, until: "4.13" },
        ),
        c(
          "set_param.deprecated",
          "EINVAL",
          "hvm_allow_set_param",
          "A deprecated param (PAE_ENABLED, DM_DOMAIN, MEMORY_EVENT_*, BUFIOREQ_EVTCHN; NESTEDHVM from 4.15).",
          { ...x86, since: "4.14" },
        ),
        c(
          "set_param.not_settable",
          "EPERM",
          "hvm_allow_set_param",
          "A guest sets on itself a param other than CALLBACK_IRQ, VM86_TSS(_SIZED), ACPI_IOPORTS_LOCATION, VM_GENERATION_ID_ADDR, STORE_EVTCHN, CONSOLE_EVTCHN, X87_FIP_WIDTH.",
          x86,
        ),
        c(
          "set_param.set_once",
          "EEXIST",
          "hvm_allow_set_param",
          "VIRIDIAN, IOREQ_PFN, BUFIOREQ_PFN, IOREQ_SERVER_PFN, NR_IOREQ_SERVER_PAGES, MCA_CAP (or, until 4.18, ALTP2M) already holds another nonzero value.",
          x86,
        ),
        c(
          "set_param.memory_event",
          "EOPNOTSUPP",
          "hvmop_set_param",
          "The toolstack sets a deprecated MEMORY_EVENT_* param.",
          { ...x86, until: "4.13" },
        ),
        c(
          "set_param.timer_mode",
          "EINVAL",
          "hvm_set_param",
          "TIMER_MODE above HVMPTM_one_missed_tick_pending (3).",
          x86,
        ),
        c(
          "set_param.triple_fault_reason",
          "EINVAL",
          "hvm_set_param",
          "TRIPLE_FAULT_REASON above SHUTDOWN_MAX (5).",
          x86,
        ),
        c(
          "set_param.x87_fip_width",
          "EINVAL",
          "hvm_set_param",
          "X87_FIP_WIDTH is not 0, 4 or 8.",
          x86,
        ),
        c(
          "set_param.vm86_tss",
          "EINVAL",
          "hvm_set_param",
          "VM86_TSS does not fit 32 bits (a guest doing it to itself is crashed).",
          x86,
        ),
        c(
          "set_param.vm86_tss_sized",
          "EINVAL",
          "hvm_set_param",
          "VM86_TSS_SIZED's size (bits 32-63) is below sizeof(struct tss32), 104 (a guest doing it to itself is crashed).",
          x86,
        ),
        c(
          "set_param.arm_not_param",
          "EINVAL",
          `${ARM}: hvm_allow_set_param`,
          "Not CALLBACK_IRQ, STORE_PFN/EVTCHN, CONSOLE_PFN/EVTCHN or MONITOR_RING_PFN.",
          { ...arm, since: "4.14" },
        ),
        c(
          "set_param.arm_toolstack_only",
          "EPERM",
          `${ARM}: hvm_allow_set_param`,
          "A guest sets one of those on itself: only the toolstack may.",
          { ...arm, since: "4.14" },
        ),
      ],
    },
    {
      name: "HVMOP_get_param",
      number: 1,
      modelled: true,
      structs: ["xen_hvm_param_t"],
      checks: [
        ...common("get_param", "hvmop_get_param"),
        c(
          "get_param.xsm",
          "EPERM",
          `${X86}: hvm_allow_get_param; ${ARM}: do_hvm_op`,
          "domid is another domain and the caller is not the control domain (XSM_TARGET).",
        ),
        c(
          "get_param.flask",
          "EACCES",
          `${X86}: hvm_allow_get_param; ${ARM}: do_hvm_op (xsm_hvm_param: xen/xsm/flask/hooks.c flask_hvm_param)`,
          "XSM FLASK, shipped policy: domid is another domain and the caller is not dom0 (no rule gives a domU hvm getparam on another domain).",
        ),
        c(
          "get_param.deprecated_enodata",
          "ENODATA",
          "hvm_allow_get_param",
          "DM_DOMAIN or BUFIOREQ_EVTCHN, refused to anyone (deprecated).",
          { ...x86, until: "4.13" },
        ),
        c(
          "get_param.deprecated",
          "EINVAL",
          "hvm_allow_get_param",
          "A deprecated param (as set_param's; NESTEDHVM from 4.15).",
          { ...x86, since: "4.14" },
        ),
        c(
          "get_param.not_readable",
          "EPERM",
          "hvm_allow_get_param",
          "A guest reads on itself a param other than CALLBACK_IRQ, VM86_TSS(_SIZED), ACPI_IOPORTS_LOCATION, VM_GENERATION_ID_ADDR, STORE_PFN/EVTCHN, CONSOLE_PFN/EVTCHN, ALTP2M, X87_FIP_WIDTH.",
          x86,
        ),
        c(
          "get_param.arm_not_param",
          "EINVAL",
          `${ARM}: hvm_allow_get_param`,
          "Not CALLBACK_IRQ, STORE_PFN/EVTCHN, CONSOLE_PFN/EVTCHN or MONITOR_RING_PFN.",
          { ...arm, since: "4.14" },
        ),
        c(
          "get_param.arm_toolstack_only",
          "EPERM",
          `${ARM}: hvm_allow_get_param`,
          "A guest reads MONITOR_RING_PFN of itself.",
          { ...arm, since: "4.14" },
        ),
        c(
          "get_param.copy_out",
          "EFAULT",
          `${X86}: hvmop_get_param; ${ARM}: do_hvm_op`,
          "The struct cannot be written back.",
          { untestable: SAME },
        ),
      ],
    },
    // Moved to dm_op long before 4.12: no case in do_hvm_op, -ENOSYS like any unknown op.
    ...(
      [
        ["set_pci_intx_level", 2],
        ["set_isa_irq_level", 3],
        ["set_pci_link_route", 4],
        ["set_mem_access", 12],
        ["get_mem_access", 13],
      ] as const
    ).map(([n, number]) => ({
      name: `HVMOP_${n}`,
      number,
      modelled: true,
      checks: [],
    })),
    {
      // x86 only: Arm's do_hvm_op has no case for it (-ENOSYS, entry.unknown_op).
      name: "HVMOP_set_evtchn_upcall_vector",
      number: 23,
      modelled: true,
      structs: ["xen_hvm_evtchn_upcall_vector_t"],
      checks: [
        c(
          "set_evtchn_upcall_vector.not_hvm",
          "EINVAL",
          "hvmop_set_evtchn_upcall_vector",
          "The caller is not an HVM domain (PV); checked before the struct is read.",
          x86,
        ),
        c(
          "set_evtchn_upcall_vector.copy_in",
          "EFAULT",
          "hvmop_set_evtchn_upcall_vector",
          "The xen_hvm_evtchn_upcall_vector_t cannot be read.",
          x86,
        ),
        c(
          "set_evtchn_upcall_vector.vector",
          "EINVAL",
          "hvmop_set_evtchn_upcall_vector",
          "vector is below 0x10 (an exception vector).",
          x86,
        ),
        c(
          "set_evtchn_upcall_vector.vcpu",
          "ENOENT",
          "hvmop_set_evtchn_upcall_vector (domain_vcpu)",
          "vcpu is not one of the caller's vCPUs (not below max_vcpus).",
          x86,
        ),
      ],
    },
    // x86's do_hvm_op has these (Arm only guest_request_vm_event; the rest are -ENOSYS there).
    ...(
      [
        ["flush_tlbs", 5],
        ["pagetable_dying", 9],
        ["get_time", 10],
        ["xentrace", 11],
        ["get_mem_type", 15],
        ["guest_request_vm_event", 24],
        ["altp2m", 25],
      ] as const
    ).map(([n, number]) => ({
      name: `HVMOP_${n}`,
      number,
      modelled: false,
      checks: [],
    })),
  ],
  handlers: { do_hvm_op },
};
