/**
 * Structs of public/sched.h — sched_op: the arguments of its sub-ops.
 * Checked against xen-project/xen RELEASE-4.22.0 (and back to RELEASE-4.12.0 unless `since`).
 */
import { f, type StructDef } from "./define.js";

const SCHED = "public/sched.h";

export const SCHED_STRUCTS: readonly StructDef[] = [
  {
    name: "sched_shutdown_t",
    tag: "sched_shutdown",
    header: SCHED,
    xlat: "check",
    summary: "SCHEDOP_shutdown argument.",
    fields: [f("reason", "unsigned int", "SHUTDOWN_* reason.")],
  },
  {
    name: "sched_poll_t",
    tag: "sched_poll",
    header: SCHED,
    xlat: "translate",
    summary: "SCHEDOP_poll argument: block until an event channel is pending or a timeout.",
    fields: [
      f("ports", "XEN_GUEST_HANDLE(evtchn_port_t)", "Guest address of the array of ports."),
      f("nr_ports", "unsigned int", "Number of ports."),
      f("timeout", "uint64_t", "Absolute system time (ns) to give up at; 0 for none."),
    ],
  },
  {
    name: "sched_remote_shutdown_t",
    tag: "sched_remote_shutdown",
    header: SCHED,
    xlat: "check",
    summary: "SCHEDOP_remote_shutdown argument.",
    fields: [
      f("domain_id", "domid_t", "Domain to shut down."),
      f("reason", "unsigned int", "SHUTDOWN_* reason."),
    ],
  },
  {
    name: "sched_watchdog_t",
    tag: "sched_watchdog",
    header: SCHED,
    summary: "SCHEDOP_watchdog argument.",
    fields: [
      f("id", "uint32_t", "Watchdog id; 0 allocates one."),
      f("timeout", "uint32_t", "Timeout in seconds; 0 destroys the watchdog."),
    ],
  },
];
