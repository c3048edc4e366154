/** sched_op's record (xen/common/sched/core.c: do_sched_op, do_poll, domain_watchdog). */
import type { HypercallRecord } from "../record.js";
import { do_sched_op } from "./sched-op.js";

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
      checks: [],
    },
    {
      name: "SCHEDOP_poll",
      number: 3,
      // The checks run; blocking on event channels is not modelled.
      modelled: false,
      args: ["subop", "handle"],
      structs: ["sched_poll_t"],
      checks: [],
    },
    {
      name: "SCHEDOP_remote_shutdown",
      number: 4,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["sched_remote_shutdown_t"],
      checks: [],
    },
    {
      name: "SCHEDOP_shutdown_code",
      number: 5,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["sched_shutdown_t"],
      checks: [],
    },
    {
      name: "SCHEDOP_watchdog",
      number: 6,
      modelled: true,
      args: ["subop", "handle"],
      structs: ["sched_watchdog_t"],
      checks: [],
    },
    {
      name: "SCHEDOP_pin_override",
      number: 7,
      // The checks run; pinning to a physical CPU is not modelled.
      modelled: false,
      args: ["subop", "handle"],
      checks: [],
    },
  ],
  handlers: { do_sched_op, compat_sched_op: do_sched_op },
};
