/**
 * Structs of public/hvm/hvm_op.h: the arguments of hvm_op's sub-ops. Checked against
 * xen-project/xen RELEASE-4.22.0 (xen_hvm_evtchn_upcall_vector_t: the same in 4.12.0-4.22.0;
 * Xen declares it for x86 only, the table lays it out for every mode). Left out: the
 * set_pci_intx_level / set_isa_irq_level / set_pci_link_route structs (interface
 * versions before 0x00040900 only), and the altp2m structs (reached through the union in
 * xen_hvm_altp2m_op_t).
 */
import { f, type StructDef } from "./define.js";

const HVM_OP = "public/hvm/hvm_op.h";

export const HVM_OP_STRUCTS: readonly StructDef[] = [
  {
    name: "xen_hvm_param_t",
    tag: "xen_hvm_param",
    header: HVM_OP,
    summary: "HVMOP_set_param and get_param argument: one HVM_PARAM_* of a domain.",
    fields: [
      f("domid", "domid_t", "Domain whose parameter is read or written."),
      f("pad", "uint16_t", "Padding (implicit, with the same layout, before 4.14)."),
      f("index", "uint32_t", "HVM_PARAM_* number."),
      f("value", "uint64_t", "In for set, out for get: the parameter's value."),
    ],
  },
  {
    name: "xen_hvm_pagetable_dying_t",
    tag: "xen_hvm_pagetable_dying",
    header: HVM_OP,
    summary: "HVMOP_pagetable_dying argument: a guest page table is about to be freed.",
    fields: [
      f("domid", "domid_t", "Domain, DOMID_SELF."),
      f("pad", "uint16_t", "Padding up to gpa.", { count: 3 }),
      f("gpa", "uint64_t", "Guest physical address of the top-level page table."),
    ],
  },
  {
    name: "xen_hvm_get_time_t",
    tag: "xen_hvm_get_time",
    header: HVM_OP,
    summary: "HVMOP_get_time result: Xen's system time.",
    fields: [f("now", "uint64_t", "Out: current system time in nanoseconds.")],
  },
  {
    name: "xen_hvm_xentrace_t",
    tag: "xen_hvm_xentrace",
    header: HVM_OP,
    summary: "HVMOP_xentrace argument: a trace record the guest adds to Xen's trace buffers.",
    fields: [
      f("event", "uint16_t", "Trace event number."),
      f("extra_bytes", "uint16_t", "Bytes of extra used."),
      f("extra", "uint8_t", "Event data, up to TRACE_EXTRA_MAX (7) 32-bit words.", {
        count: 28,
      }),
    ],
  },
  {
    name: "xen_hvm_get_mem_type_t",
    tag: "xen_hvm_get_mem_type",
    header: HVM_OP,
    summary: "HVMOP_get_mem_type argument: the HVMMEM_* type of a guest frame.",
    fields: [
      f("domid", "domid_t", "Domain asked about."),
      f("mem_type", "uint16_t", "Out: HVMMEM_* type."),
      f("pad", "uint16_t", "Padding up to pfn.", { count: 2 }),
      f("pfn", "uint64_t", "Guest frame asked about."),
    ],
  },
  {
    name: "xen_hvm_evtchn_upcall_vector_t",
    tag: "xen_hvm_evtchn_upcall_vector",
    header: HVM_OP,
    summary: "HVMOP_set_evtchn_upcall_vector argument (x86): a vCPU's event-channel upcall vector.",
    fields: [
      f("vcpu", "uint32_t", "vCPU of the calling domain whose upcall vector is set."),
      f("vector", "uint8_t", "LAPIC vector for its upcalls, 0x10 or above (Linux: 0xf3)."),
    ],
  },
];
