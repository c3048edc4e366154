/**
 * Structs of public/event_channel.h — event_channel_op: the arguments of its sub-ops.
 * Checked against xen-project/xen RELEASE-4.22.0 (and back to RELEASE-4.12.0 unless `since`).
 */
import { f, type StructDef } from "./define.js";

const EVTCHN = "public/event_channel.h";

export const EVENT_CHANNEL_STRUCTS: readonly StructDef[] = [
  {
    name: "evtchn_alloc_unbound_t",
    tag: "evtchn_alloc_unbound",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_alloc_unbound argument.",
    fields: [
      f("dom", "domid_t", "Domain to allocate the port in."),
      f("remote_dom", "domid_t", "Domain allowed to bind to it."),
      f("port", "evtchn_port_t", "Out: the new port."),
    ],
  },
  {
    name: "evtchn_bind_interdomain_t",
    tag: "evtchn_bind_interdomain",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_bind_interdomain argument.",
    fields: [
      f("remote_dom", "domid_t", "Domain holding the unbound port."),
      f("remote_port", "evtchn_port_t", "That unbound port."),
      f("local_port", "evtchn_port_t", "Out: the caller's new port."),
    ],
  },
  {
    name: "evtchn_bind_virq_t",
    tag: "evtchn_bind_virq",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_bind_virq argument.",
    fields: [
      f("virq", "uint32_t", "VIRQ_* number."),
      f("vcpu", "uint32_t", "vCPU to deliver it to."),
      f("port", "evtchn_port_t", "Out: the new port."),
    ],
  },
  {
    name: "evtchn_bind_ipi_t",
    tag: "evtchn_bind_ipi",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_bind_ipi argument.",
    fields: [
      f("vcpu", "uint32_t", "vCPU to notify."),
      f("port", "evtchn_port_t", "Out: the new port."),
    ],
  },
  {
    name: "evtchn_close_t",
    tag: "evtchn_close",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_close argument.",
    fields: [f("port", "evtchn_port_t", "Port to close.")],
  },
  {
    name: "evtchn_send_t",
    tag: "evtchn_send",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_send argument.",
    fields: [f("port", "evtchn_port_t", "Local port whose remote end is signalled.")],
  },
  {
    name: "evtchn_unmask_t",
    tag: "evtchn_unmask",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_unmask argument.",
    fields: [f("port", "evtchn_port_t", "Port to unmask.")],
  },
  {
    name: "evtchn_status_t",
    tag: "evtchn_status",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_status argument and result.",
    fields: [
      f("dom", "domid_t", "Domain of the port (DOMID_SELF for the caller)."),
      f("port", "evtchn_port_t", "Port to ask about."),
      f("status", "uint32_t", "Out: EVTCHNSTAT_*."),
      f("vcpu", "uint32_t", "Out: vCPU notified."),
      f(
        "u",
        "uint32_t",
        "Out: the union u as two words: word 0 holds unbound.dom, interdomain.dom (low 16 bits), pirq or virq; word 1 interdomain.port.",
        { count: 2 },
      ),
    ],
  },
  {
    name: "evtchn_bind_vcpu_t",
    tag: "evtchn_bind_vcpu",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_bind_vcpu argument.",
    fields: [
      f("port", "evtchn_port_t", "Port to re-route."),
      f("vcpu", "uint32_t", "vCPU to notify from now on."),
    ],
  },
  {
    name: "evtchn_reset_t",
    tag: "evtchn_reset",
    header: EVTCHN,
    xlat: "check",
    summary: "EVTCHNOP_reset argument.",
    fields: [f("dom", "domid_t", "Domain whose ports to close (DOMID_SELF for the caller).")],
  },
];
