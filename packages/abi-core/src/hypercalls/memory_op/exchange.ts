/**
 * XENMEM_exchange's argument checks (xen/common/memory.c do_memory_op, memory_exchange), up to
 * xsm_memory_exchange: the exchange itself (stealing the guest's pages, allocating others,
 * writing their frames back) is not modelled. Each check after the struct's copy leaves by
 * fail_early, which writes nr_exchanged back unchanged. The same in 4.12-4.22, except that
 * 4.12 has no early `nr_exchanged == in.nr_extents` answer: it goes on through the domain and
 * privilege checks before doing nothing. A 32-bit x86 guest's call is translated first
 * (xen/common/compat/memory.c, in chunks with checks of its own): past its copy, not modelled.
 */
import { argAddr, unmodelled, type HypercallCall } from "../../machine/call.js";
import { EFAULT, EINVAL, EPERM, ESRCH } from "../../machine/errno.js";
import { guestHandleOkay } from "../../machine/guest-access.js";
import { readStruct, type FieldsOutput } from "../../machine/structio.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";
import { isControlDomain } from "../../xsm/dummy.js";
import { isCompatDomain } from "../../machine/domain.js";
import { domainByAnyId, xsmTarget } from "../event_channel_op/ports.js";
import { DOMU_MAX_ORDER } from "./constants.js";

const OP = "memory_op.exchange";
const U64 = (1n << 64n) - 1n;
/** XENMEMF_exact_node_request (public/memory.h). */
const XENMEMF_exact_node_request = 1 << 17;

/**
 * guest_handle_subrange_okay(h, first, last) for 8-byte entries: Arm's is (1), an x86 HVM
 * caller's too (paging_mode_external); a PV caller's is array_access_ok on the range's start.
 */
function subrangeOkay(call: HypercallCall, h: bigint, first: bigint, last: bigint): boolean {
  const cd = call.domain;
  if (cd.mode !== "pv64") return true;
  const count = (last - first + 1n) & U64;
  if (count >= U64 / 8n) return false;
  const start = (h + first * 8n) & U64;
  return guestHandleOkay(cd, Number(start >> 32n));
}

export function exchange(call: HypercallCall, startExtent: number): number {
  const t = call.xen.trace;
  const cd = call.domain;
  if (!isCompatDomain(cd) && startExtent !== 0)
    return failCheck(t, `${OP}.resume_bits`, EINVAL, "start_extent", startExtent);
  const x = readStruct(cd.memory, argAddr(call, 1), layoutOf("xen_memory_exchange_t", cd.mode));
  if (x === undefined) return failCheck(t, `${OP}.copy_in`, EFAULT);
  if (isCompatDomain(cd))
    return unmodelled(call, "memory_op/XENMEM_exchange from a 32-bit guest (compat)");
  const inr = x.in as FieldsOutput;
  const out = x.out as FieldsOutput;
  const inOrder = inr.extent_order as bigint;
  const outOrder = out.extent_order as bigint;
  const inNr = inr.nr_extents as bigint;
  const outNr = out.nr_extents as bigint;
  const done = x.nr_exchanged as bigint;
  // max(in, out order) > max_order(current->domain): CONFIG_DOMU_MAX_ORDER for a domU; the
  // control and hardware domains' larger limits are not modelled.
  const order = inOrder > outOrder ? inOrder : outOrder;
  if (order > BigInt(DOMU_MAX_ORDER)) {
    if (isControlDomain(cd))
      return unmodelled(call, "memory_op/XENMEM_exchange (the control domain's max order)");
    return failCheck(t, `${OP}.extent_order`, EPERM, "extent_order", Number(order));
  }
  // The sanity checks, in unsigned long (~0UL is Xen's word: 32 bits on arm32 Xen).
  const ones = call.xen.arch === "arm32" ? 0xffffffffn : U64;
  if (
    done > inNr ||
    inr.domid !== out.domid ||
    ones >> inOrder < inNr ||
    ones >> outOrder < outNr ||
    ((inNr << inOrder) & U64) !== ((outNr << outOrder) & U64)
  )
    return failCheck(t, `${OP}.sanity`, EINVAL);
  if (call.xen.profile.minor >= 13 && done === inNr) return 0;
  if (!subrangeOkay(call, inr.extent_start as bigint, done, (inNr - 1n) & U64))
    return failCheck(t, `${OP}.in_handle`, EFAULT);
  const outFirst =
    inOrder <= outOrder ? done >> (outOrder - inOrder) : done << (inOrder - outOrder);
  if (!subrangeOkay(call, out.extent_start as bigint, outFirst & U64, (outNr - 1n) & U64))
    return failCheck(t, `${OP}.out_handle`, EFAULT);
  // propagate_node: a domU may name a node only without XENMEMF_exact_node_request.
  const flags = Number(out.mem_flags as bigint);
  const node = (((flags >>> 8) - 1) & 0xff) !== 0xff;
  if (node && isControlDomain(cd))
    return unmodelled(call, "memory_op/XENMEM_exchange (a NUMA node for the control domain)");
  if (node && (flags & XENMEMF_exact_node_request) !== 0)
    return failCheck(t, `${OP}.exact_node`, EINVAL);
  const domid = Number(inr.domid as bigint);
  const d = domainByAnyId(call.xen, cd, domid);
  if (d === undefined) return failCheck(t, `${OP}.domid`, ESRCH, "domid", domid);
  // xsm_memory_exchange (XSM_TARGET)
  const rc = passCheck(t, `${OP}.xsm`, xsmTarget(cd, d));
  if (rc !== 0) return rc;
  if (done === inNr) return 0; // 4.12: nothing to exchange, after all
  return unmodelled(call, "memory_op/XENMEM_exchange (exchanging the extents)");
}
