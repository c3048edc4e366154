/** sched_op's record (xen/common/sched/core.c: do_sched_op, do_poll, domain_watchdog). */
import type { HypercallRecord } from "../record.js";
import { do_sched_op } from "./sched-op.js";

const CORE = "xen/common/sched/core.c: do_sched_op";

export const SCHED_OP_RECORD: HypercallRecord = {
  name: "sched_op",
  subopPrefix: "SCHEDOP_",
  subopArg: 0,
  unknownSubop: "ENOSYS",
  checks: [],
  subops: [
    { name: "SCHEDOP_yield", number: 0, modelled: true, args: ["subop"], checks: [] },
    { name: "SCHEDOP_block", number: 1, modelled: true, args: ["subop"], checks: [] },
    {
      name: "SCHEDOP_shutdown",
      number: 2,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["sched_shutdown_t"],
      checks: [
        {
          id: "sched_op.shutdown.copy",
          errno: "EFAULT",
          xen: CORE,
          when: "sched_shutdown_t cannot be read",
        },
      ],
    },
    {
      name: "SCHEDOP_poll",
      number: 3,
      // The checks run; blocking on event channels is not modelled.
      modelled: false,
      args: ["subop", "handle"],
      structs: ["sched_poll_t"],
      checks: [
        {
          id: "sched_op.poll.copy",
          errno: "EFAULT",
          xen: CORE,
          when: "sched_poll_t cannot be read",
        },
        {
          id: "sched_op.poll.nr_ports",
          errno: "EINVAL",
          xen: "xen/common/sched/core.c: do_poll",
          when: "nr_ports is over 128",
        },
        {
          id: "sched_op.poll.ports_handle",
          errno: "EFAULT",
          xen: "xen/common/sched/core.c: do_poll",
          when: "guest_handle_okay refuses ports",
        },
      ],
    },
    {
      name: "SCHEDOP_remote_shutdown",
      number: 4,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["sched_remote_shutdown_t"],
      checks: [
        {
          id: "sched_op.remote_shutdown.copy",
          errno: "EFAULT",
          xen: CORE,
          when: "sched_remote_shutdown_t cannot be read",
        },
        {
          id: "sched_op.remote_shutdown.domain",
          errno: "ESRCH",
          xen: CORE,
          when: "domain_id names no domain (rcu_lock_domain_by_id)",
        },
        {
          id: "sched_op.remote_shutdown.xsm",
          errno: "EPERM",
          xen: "xen/include/xsm/dummy.h: xsm_schedop_shutdown",
          when: "XSM_DM_PRIV: the caller is not the control domain (FLASK: -EACCES)",
        },
      ],
    },
    {
      name: "SCHEDOP_shutdown_code",
      number: 5,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["sched_shutdown_t"],
      checks: [
        {
          id: "sched_op.shutdown_code.copy",
          errno: "EFAULT",
          xen: CORE,
          when: "sched_shutdown_t cannot be read",
        },
      ],
    },
    {
      name: "SCHEDOP_watchdog",
      number: 6,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["sched_watchdog_t"],
      checks: [
        {
          id: "sched_op.watchdog.copy",
          errno: "EFAULT",
          xen: CORE,
          when: "sched_watchdog_t cannot be read",
        },
        {
          id: "sched_op.watchdog.id",
          errno: "EINVAL",
          xen: "xen/common/sched/core.c: domain_watchdog",
          when: "id is over NR_DOMAIN_WATCHDOG_TIMERS (2), or names a timer not set",
        },
        {
          id: "sched_op.watchdog.none_free",
          errno: "ENOSPC",
          xen: "xen/common/sched/core.c: domain_watchdog",
          when: "id 0 and both timers are set",
        },
      ],
    },
    {
      name: "SCHEDOP_pin_override",
      number: 7,
      // The checks run; pinning to a physical CPU is not modelled.
      modelled: false,
      args: ["subop", "handle"],
      checks: [
        {
          id: "sched_op.pin_override.hwdom",
          errno: "EPERM",
          xen: CORE,
          when: "the caller is not the hardware domain",
        },
        {
          id: "sched_op.pin_override.copy",
          errno: "EFAULT",
          xen: CORE,
          when: "sched_pin_override_t cannot be read",
        },
      ],
    },
  ],
  handlers: { do_sched_op, compat_sched_op: do_sched_op },
};
