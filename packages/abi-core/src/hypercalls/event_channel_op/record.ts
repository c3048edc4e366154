/** The record of event_channel_op: sub-ops and checks in xen/common/event_channel.c's order. */
import { checkMaker, type HypercallRecord } from "../record.js";
import { do_event_channel_op } from "./op.js";

const EC = "xen/common/event_channel.c";

const c = checkMaker("event_channel_op", EC);

const copyIn = (op: string, struct: string) =>
  c(`${op}.copy_in`, "EFAULT", "do_event_channel_op", `The ${struct} cannot be read.`);
const SAME_MEMORY = "Xen writes back to the struct it has just read from the same guest memory.";
const copyOut = (op: string, struct: string) =>
  c(`${op}.copy_out`, "EFAULT", "do_event_channel_op", `The ${struct} cannot be written back.`, {
    untestable: SAME_MEMORY,
  });
const freePort = (op: string, fn: string) =>
  c(
    `${op}.no_free_port`,
    "ENOSPC",
    `${fn} (get_free_port)`,
    "Every port up to max_evtchn_port (and below max_evtchns(d): 1024 for a 32-bit x86 " +
      "guest, 4096 otherwise; 4096 for every guest before 4.12.4, 4.13.2 and 4.14.1) is in use.",
  );

/** Every sub-op with its checks in Xen's order; the handlers report each by its id. */
export const EVENT_CHANNEL_OP_RECORD: HypercallRecord = {
  name: "event_channel_op",
  subopPrefix: "EVTCHNOP_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  args: ["subop", "handle"],
  checks: [],
  subops: [
    {
      name: "EVTCHNOP_bind_interdomain",
      number: 0,
      modelled: true,
      structs: ["evtchn_bind_interdomain_t"],
      checks: [
        copyIn("bind_interdomain", "evtchn_bind_interdomain_t"),
        c(
          "bind_interdomain.remote_dom",
          "ESRCH",
          "evtchn_bind_interdomain",
          "remote_dom does not exist.",
        ),
        freePort("bind_interdomain", "evtchn_bind_interdomain"),
        c(
          "bind_interdomain.remote_port_invalid",
          "EINVAL",
          "evtchn_bind_interdomain",
          "remote_port is not a valid port of remote_dom.",
        ),
        c(
          "bind_interdomain.remote_not_unbound",
          "EINVAL",
          "evtchn_bind_interdomain",
          "remote_port is not unbound, or not for the caller.",
        ),
        c(
          "bind_interdomain.silo",
          "EPERM",
          "xen/xsm/silo.c: silo_evtchn_interdomain",
          "Under SILO: neither side is the control domain and they are different domUs.",
        ),
        copyOut("bind_interdomain", "evtchn_bind_interdomain_t"),
      ],
    },
    {
      name: "EVTCHNOP_bind_virq",
      number: 1,
      modelled: true,
      structs: ["evtchn_bind_virq_t"],
      checks: [
        copyIn("bind_virq", "evtchn_bind_virq_t"),
        c("bind_virq.virq_range", "EINVAL", "evtchn_bind_virq", "virq is not below NR_VIRQS (24)."),
        c(
          "bind_virq.not_vcpu_0",
          "EINVAL",
          "evtchn_bind_virq",
          "A global or per-domain VIRQ is bound on a vCPU other than 0.",
        ),
        c("bind_virq.vcpu", "ENOENT", "evtchn_bind_virq", "vcpu does not exist."),
        c(
          "bind_virq.global_handler",
          "EBUSY",
          "evtchn_bind_virq",
          "A global VIRQ is bound by a domain that is not its handler (the hardware domain).",
          { since: "4.21" },
        ),
        c(
          "bind_virq.bound",
          "EEXIST",
          "evtchn_bind_virq",
          "The VIRQ is already bound on that vCPU.",
        ),
        freePort("bind_virq", "evtchn_bind_virq"),
        copyOut("bind_virq", "evtchn_bind_virq_t"),
      ],
    },
    { name: "EVTCHNOP_bind_pirq", number: 2, modelled: false, checks: [] },
    {
      name: "EVTCHNOP_close",
      number: 3,
      modelled: true,
      structs: ["evtchn_close_t"],
      checks: [
        copyIn("close", "evtchn_close_t"),
        c("close.port_invalid", "EINVAL", "evtchn_close", "port is not a valid port."),
        c("close.not_open", "EINVAL", "evtchn_close", "port is free or reserved (port 0)."),
      ],
    },
    {
      name: "EVTCHNOP_send",
      number: 4,
      modelled: true,
      structs: ["evtchn_send_t"],
      checks: [
        copyIn("send", "evtchn_send_t"),
        c("send.port_invalid", "EINVAL", "evtchn_send", "port is not a valid port."),
        c(
          "send.state",
          "EINVAL",
          "evtchn_send",
          "port is free, reserved, a VIRQ or a PIRQ (unbound ports drop the event silently).",
        ),
      ],
    },
    {
      name: "EVTCHNOP_status",
      number: 5,
      modelled: true,
      structs: ["evtchn_status_t"],
      checks: [
        copyIn("status", "evtchn_status_t"),
        c("status.dom", "ESRCH", "evtchn_status", "dom does not exist."),
        c("status.port_invalid", "EINVAL", "evtchn_status", "port is not a valid port of dom."),
        c(
          "status.xsm",
          "EPERM",
          "evtchn_status (xsm_evtchn_status)",
          "dom is another domain and the caller is not the control domain.",
        ),
        copyOut("status", "evtchn_status_t"),
      ],
    },
    {
      name: "EVTCHNOP_alloc_unbound",
      number: 6,
      modelled: true,
      structs: ["evtchn_alloc_unbound_t"],
      checks: [
        copyIn("alloc_unbound", "evtchn_alloc_unbound_t"),
        c("alloc_unbound.dom", "ESRCH", "evtchn_alloc_unbound", "dom does not exist."),
        freePort("alloc_unbound", "evtchn_alloc_unbound"),
        c(
          "alloc_unbound.silo_remote_dom",
          "ESRCH",
          "xen/xsm/silo.c: silo_evtchn_unbound",
          "Under SILO: remote_dom does not exist.",
        ),
        c(
          "alloc_unbound.silo",
          "EPERM",
          "xen/xsm/silo.c: silo_evtchn_unbound",
          "Under SILO: neither dom nor remote_dom is the control domain and they are different domUs.",
        ),
        c(
          "alloc_unbound.xsm",
          "EPERM",
          "evtchn_alloc_unbound (xsm_evtchn_unbound)",
          "dom is another domain and the caller is not the control domain.",
        ),
        copyOut("alloc_unbound", "evtchn_alloc_unbound_t"),
      ],
    },
    {
      name: "EVTCHNOP_bind_ipi",
      number: 7,
      modelled: true,
      structs: ["evtchn_bind_ipi_t"],
      checks: [
        copyIn("bind_ipi", "evtchn_bind_ipi_t"),
        c("bind_ipi.vcpu", "ENOENT", "evtchn_bind_ipi", "vcpu does not exist."),
        freePort("bind_ipi", "evtchn_bind_ipi"),
        copyOut("bind_ipi", "evtchn_bind_ipi_t"),
      ],
    },
    {
      name: "EVTCHNOP_bind_vcpu",
      number: 8,
      modelled: true,
      structs: ["evtchn_bind_vcpu_t"],
      checks: [
        copyIn("bind_vcpu", "evtchn_bind_vcpu_t"),
        c("bind_vcpu.vcpu", "ENOENT", "evtchn_bind_vcpu", "vcpu does not exist."),
        c("bind_vcpu.port_invalid", "EINVAL", "evtchn_bind_vcpu", "port is not a valid port."),
        c(
          "bind_vcpu.state",
          "EINVAL",
          "evtchn_bind_vcpu",
          "port is a per-vCPU VIRQ, an IPI, free or reserved.",
        ),
      ],
    },
    {
      name: "EVTCHNOP_unmask",
      number: 9,
      modelled: true,
      structs: ["evtchn_unmask_t"],
      checks: [
        copyIn("unmask", "evtchn_unmask_t"),
        c("unmask.port_invalid", "EINVAL", "evtchn_unmask", "port is not a valid port."),
      ],
    },
    {
      name: "EVTCHNOP_reset",
      number: 10,
      modelled: true,
      structs: ["evtchn_reset_t"],
      checks: [
        copyIn("reset", "evtchn_reset_t"),
        c("reset.dom", "ESRCH", "do_event_channel_op", "dom does not exist."),
        c(
          "reset.xsm",
          "EPERM",
          "do_event_channel_op (xsm_evtchn_reset)",
          "dom is another domain and the caller is not the control domain.",
        ),
        c(
          "reset.not_paused",
          "EINVAL",
          "evtchn_reset",
          "dom is another domain that its controller has not paused.",
        ),
        c("reset.in_progress", "EBUSY", "evtchn_reset", "A reset of dom is already in progress."),
        c(
          "reset.still_active",
          "EAGAIN",
          "evtchn_reset",
          "Ports were bound again while the reset ran.",
          { untestable: "the model runs one call at a time: nothing binds a port mid-reset" },
        ),
      ],
    },
    { name: "EVTCHNOP_init_control", number: 11, modelled: false, checks: [] },
    { name: "EVTCHNOP_expand_array", number: 12, modelled: false, checks: [] },
    { name: "EVTCHNOP_set_priority", number: 13, modelled: false, checks: [] },
    {
      name: "EVTCHNOP_reset_cont",
      number: 14,
      modelled: true,
      structs: ["evtchn_reset_t"],
      checks: [copyIn("reset_cont", "evtchn_reset_t")],
    },
  ],
  handlers: { do_event_channel_op },
};
