/**
 * sched_op's record. A placeholder that wires the handler into the registry: its sub-ops and
 * checks are still to be written (the handlers' work on issue 15).
 */
import type { HypercallRecord } from "../record.js";
import { do_sched_op } from "./sched-op.js";

export const SCHED_OP_RECORD: HypercallRecord = {
  name: "sched_op",
  checks: [],
  subops: [],
  handlers: { do_sched_op, compat_sched_op: do_sched_op },
};
