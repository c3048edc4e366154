/**
 * multicall's record (xen/common/multicall.c: do_multicall; Arm's arch_do_multicall_call).
 * Its handlers live in dispatch/multicall.ts: they call back into the dispatcher, so each
 * machine binds its own.
 */
import type { HypercallRecord } from "../record.js";

export const MULTICALL_RECORD: HypercallRecord = {
  name: "multicall",
  args: ["handle", "count"],
  checks: [],
  subops: [],
  handlers: {},
};
