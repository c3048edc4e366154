/**
 * multicall's record (xen/common/multicall.c: do_multicall; the arch's
 * arch_do_multicall_call). Its handlers live in dispatch/multicall.ts: they call back into the
 * dispatcher, so each machine binds its own. It has no sub-ops: every check is an entry check,
 * in do_multicall's order. Two of them fail one entry, not the multicall: op_max leaves
 * -ENOSYS in that entry's `result` and the multicall goes on; not_32bit_clean crashes the domain.
 */
import { checkMaker, type HypercallRecord } from "../record.js";

const c = checkMaker("multicall", "xen/common/multicall.c");

export const MULTICALL_RECORD: HypercallRecord = {
  name: "multicall",
  args: ["handle", "count"],
  checks: [
    c(
      "entry.reentry",
      "EINVAL",
      "do_multicall",
      'A multicall entry is itself a multicall ("Multicall reentry is disallowed"): that entry\'s result.',
    ),
    c(
      "entry.list_handle",
      "EFAULT",
      "do_multicall",
      "guest_handle_okay fails for call_list (x86 PV only; Arm and HVM always pass), even with nr_calls 0.",
      { arch: ["x86_64"] },
    ),
    c("entry.copy_in", "EFAULT", "do_multicall", "An entry cannot be read (__copy_from_guest)."),
    c(
      "entry.op_max",
      "ENOSYS",
      "xen/arch/arm/traps.c: arch_do_multicall_call",
      "Arm: an entry's op is not below NR_hypercalls (64): its result is -ENOSYS and the next entry runs (x86's table answers such an op -ENOSYS itself).",
      { arch: ["arm64", "arm32"] },
    ),
    c(
      "entry.not_32bit_clean",
      "domain_crash",
      "xen/arch/arm/traps.c: check_multicall_32bit_clean",
      "Arm, a 32-bit domain: an argument the entry's hypercall takes has bits above bit 31; Xen crashes the domain and the entry keeps the guest's result.",
      { arch: ["arm64", "arm32"] },
    ),
    c(
      "entry.result_copy_out",
      "EFAULT",
      "do_multicall",
      "The entry's result cannot be written back (the call unmapped the list's frame).",
    ),
  ],
  subops: [],
  handlers: {},
};
