/**
 * sched_op's record (xen/common/sched/core.c: do_sched_op, do_poll, domain_watchdog; the file
 * was xen/common/schedule.c until 4.13): each sub-op's checks in Xen's order. The handler
 * reports each failing check by its id.
 */
import { checkMaker, type HypercallRecord } from "../record.js";
import { do_sched_op } from "./sched-op.js";

const c = checkMaker("sched_op", "xen/common/sched/core.c");

const copyIn = (op: string, struct: string) =>
  c(`${op}.copy_in`, "EFAULT", "do_sched_op", `The ${struct} cannot be read (copy_from_guest).`);

export const SCHED_OP_RECORD: HypercallRecord = {
  name: "sched_op",
  subopPrefix: "SCHEDOP_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  checks: [c("entry.cmd_unknown", "ENOSYS", "do_sched_op", "cmd is none of the SCHEDOP_* values.")],
  subops: [
    { name: "SCHEDOP_yield", number: 0, modelled: true, args: ["subop"], checks: [] },
    { name: "SCHEDOP_block", number: 1, modelled: true, args: ["subop"], checks: [] },
    {
      name: "SCHEDOP_shutdown",
      number: 2,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["sched_shutdown_t"],
      checks: [copyIn("shutdown", "sched_shutdown_t")],
    },
    {
      name: "SCHEDOP_poll",
      number: 3,
      // The checks run, and a port already pending returns 0; blocking is not modelled.
      modelled: false,
      args: ["subop", "handle"],
      structs: ["sched_poll_t"],
      checks: [
        copyIn("poll", "sched_poll_t"),
        c(
          "poll.nr_ports_max",
          "EINVAL",
          "do_poll",
          "nr_ports is above 128 (a fairly arbitrary limit).",
        ),
        c(
          "poll.ports_handle",
          "EFAULT",
          "do_poll",
          "guest_handle_okay fails for the ports array (x86 PV only; Arm and HVM always pass).",
          { arch: ["x86_64"] },
        ),
        c(
          "poll.port_copy",
          "EFAULT",
          "do_poll",
          "A port of the array cannot be read (__copy_from_guest_offset), once no event needed delivery already.",
        ),
        c(
          "poll.port_invalid",
          "EINVAL",
          "do_poll (evtchn_port_poll from 4.15)",
          "A port is not valid: outside the allocated buckets (port_is_valid; from 4.12.4, 4.13.2 and 4.14.1), at or above d->max_evtchns (4096 for every domain) before.",
        ),
        c(
          "poll.port_unusable",
          "EINVAL",
          "xen/include/xen/event.h: evtchn_port_poll",
          "A valid port is free or reserved (evtchn_usable), or Xen itself consumes it.",
          { since: "4.15" },
        ),
      ],
    },
    {
      name: "SCHEDOP_remote_shutdown",
      number: 4,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["sched_remote_shutdown_t"],
      checks: [
        copyIn("remote_shutdown", "sched_remote_shutdown_t"),
        c(
          "remote_shutdown.no_domain",
          "ESRCH",
          "do_sched_op (rcu_lock_domain_by_id)",
          "domain_id names no domain (DOMID_SELF included).",
        ),
        c(
          "remote_shutdown.xsm",
          "EPERM",
          "do_sched_op (xsm_schedop_shutdown)",
          "The caller may not shut the domain down: XSM_DM_PRIV under the dummy policy (-EPERM), domain:shutdown under FLASK (-EACCES).",
        ),
      ],
    },
    {
      name: "SCHEDOP_shutdown_code",
      number: 5,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["sched_shutdown_t"],
      checks: [copyIn("shutdown_code", "sched_shutdown_t")],
    },
    {
      name: "SCHEDOP_watchdog",
      number: 6,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["sched_watchdog_t"],
      checks: [
        copyIn("watchdog", "sched_watchdog_t"),
        c(
          "watchdog.id_max",
          "EINVAL",
          "domain_watchdog",
          "id is above NR_DOMAIN_WATCHDOG_TIMERS (2).",
        ),
        c(
          "watchdog.no_free_timer",
          "ENOSPC",
          "domain_watchdog",
          "id 0 and both timers are in use. The result is -ENOSPC converted to unsigned int (the ?: mixes it with uint32_t id + 1), so a 64-bit Xen returns it zero-extended: 4294967268.",
        ),
        c(
          "watchdog.id_not_set",
          "EINVAL",
          "domain_watchdog",
          "id names a timer that is not in use.",
        ),
      ],
    },
    {
      name: "SCHEDOP_pin_override",
      number: 7,
      // The checks run; pinning to a physical CPU is not modelled.
      modelled: false,
      args: ["subop", "handle"],
      checks: [
        c(
          "pin_override.not_hardware_domain",
          "EPERM",
          "do_sched_op",
          "The caller is not the hardware domain.",
        ),
        copyIn("pin_override", "sched_pin_override_t"),
        c("pin_override.pcpu_max", "EINVAL", "do_sched_op", "pcpu is NR_CPUS or above.", {
          since: "4.13",
          untestable: "NR_CPUS is a build option; the model stops at pinning (unmodelled).",
        }),
      ],
    },
  ],
  handlers: { do_sched_op, compat_sched_op: do_sched_op },
};
