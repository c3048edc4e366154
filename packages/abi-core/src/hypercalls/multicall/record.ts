/**
 * multicall's record (xen/common/multicall.c: do_multicall; Arm's arch_do_multicall_call).
 * Its handlers live in dispatch/multicall.ts: they call back into the dispatcher, so each
 * machine binds its own.
 */
import type { HypercallRecord } from "../record.js";

const MC = "xen/common/multicall.c: do_multicall";

export const MULTICALL_RECORD: HypercallRecord = {
  name: "multicall",
  args: ["handle", "count"],
  checks: [
    {
      id: "multicall.entry.reentry",
      errno: "EINVAL",
      xen: MC,
      when: "a multicall entry is itself a multicall",
    },
    {
      id: "multicall.entry.copy",
      errno: "EFAULT",
      xen: MC,
      when: "an entry cannot be read, or its result written",
    },
    {
      id: "multicall.entry.not_32bit_clean",
      errno: "domain_crash",
      xen: "xen/arch/arm/traps.c: check_multicall_32bit_clean",
      when: "a 32-bit domain's entry has an argument with a top half (the entry keeps its result)",
      arch: ["arm64", "arm32"],
    },
  ],
  subops: [],
  handlers: {},
};
