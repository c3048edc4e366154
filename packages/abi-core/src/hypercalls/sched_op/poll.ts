/**
 * SCHEDOP_poll: do_poll (xen/common/sched/core.c; xen/common/schedule.c before 4.13) up to
 * where the vCPU would block. Every check before blocking runs on the machine's event
 * channels; blocking until a port is pending or the timeout passes needs a scheduler and
 * reports unmodelled.
 */
import { fieldOf } from "../../abi/layout.js";
import { unmodelled, type HypercallCall } from "../../machine/call.js";
import { ECS_RESERVED } from "../../machine/events.js";
import { EFAULT, EINVAL } from "../../machine/errno.js";
import { getU32 } from "../../machine/memory.js";
import { releaseDecides } from "../../machine/release-decided.js";
import { failCheck } from "../../machine/trace.js";
import { guestHandleOkay } from "../../machine/guest-access.js";
import { layoutOf } from "../../table/structs/index.js";
import { portIsValid } from "../event_channel_op/ports.js";
import {
  FIXED_MAX_EVTCHNS,
  isPending2l,
  upcallMask,
  vcpuEventState,
} from "../event_channel_op/two-level.js";
import { isPvDomain } from "../../machine/domain.js";

/** sched_poll's "fairly arbitrary limit" (do_poll). */
const POLL_MAX_PORTS = 128;

/** A port's answer: 0 or 1 (pending), -errno, or what the machine cannot run. */
type Outcome = number | { readonly unmodelled: string };

/**
 * local_events_need_delivery() for the calling vCPU: x86 PV reads evtchn_upcall_pending and
 * evtchn_upcall_mask; an HVM vCPU asks hvm_vcpu_has_pending_irq (a pending NMI, the upcall
 * through the callback, the vLAPIC and vPIC) and Arm the vGIC, whose state the machine does
 * not keep: with an NMI or the upcall pending they are unmodelled, and with neither the
 * machine has no other interrupt source, so nothing needs delivery.
 */
function eventsNeedDelivery(call: HypercallCall): boolean | "unmodelled" {
  const d = call.domain;
  const v = call.vcpu;
  const pending = vcpuEventState(d, v).upcallPending !== 0;
  if (isPvDomain(d)) return pending && upcallMask(d, v) === 0;
  if (pending || v.nmiPending) return "unmodelled";
  return false;
}

/**
 * evtchn_port_poll (4.15+), or the port checks that came before it: 0 not pending, 1 pending.
 * From XSA-342 (4.12.4, 4.13.2, 4.14.1, 4.15.0: release difference evtchn2lLimitPerShinfo,
 * 62bcdc4edb and backports) do_poll asks port_is_valid; before, it compared the port with
 * d->max_evtchns, 4096 for every domain (FIXED_MAX_EVTCHNS), and asked evtchn_2l_is_pending,
 * whose limit follows has_32bit_shinfo: a 32-bit-shinfo domain's port 1024-4095 there fails
 * its ASSERT (a debug build stops the host, unmodelled) or, in a release build, is never
 * pending.
 */
function portPoll(call: HypercallCall, port: number): Outcome {
  const d = call.domain;
  const e = d.evtchn!;
  const trace = call.xen.trace;
  if (releaseDecides(call.xen, "evtchn2lLimitPerShinfo")) {
    if (!portIsValid(e, port))
      return failCheck(trace, "sched_op.poll.port_invalid", EINVAL, "port", port);
    // 4.15+ (d4bfa0c78f): evtchn_usable, a port that is free or reserved is refused.
    if (call.xen.profile.minor >= 15 && e.chans[port]!.state <= ECS_RESERVED)
      return failCheck(trace, "sched_op.poll.port_unusable", EINVAL, "port", port);
  } else {
    if (port >= FIXED_MAX_EVTCHNS)
      return failCheck(trace, "sched_op.poll.port_invalid", EINVAL, "port", port);
    if (port >= e.maxEvtchns && call.xen.debug)
      return { unmodelled: "sched_op/SCHEDOP_poll (a debug build's ASSERT stops Xen)" };
  }
  return isPending2l(d, port) ? 1 : 0;
}

/**
 * do_poll: nr_ports over 128 is -EINVAL and a ports handle guest_handle_okay refuses -EFAULT;
 * events already deliverable, or a pending port among those named, return 0 at once; a port
 * that cannot be read is -EFAULT and one that is not valid -EINVAL.
 */
export function poll(call: HypercallCall, arg: number): number {
  const d = call.domain;
  const trace = call.xen.trace;
  const layout = layoutOf("sched_poll_t", d.mode);
  const s = d.memory.readBytes(arg, layout.size);
  if (s === undefined) return failCheck(trace, "sched_op.poll.copy_in", EFAULT);
  const nrPorts = getU32(s, fieldOf(layout, "nr_ports")!.offset);
  if (nrPorts > POLL_MAX_PORTS)
    return failCheck(trace, "sched_op.poll.nr_ports_max", EINVAL, "nr_ports", nrPorts);
  const ports = fieldOf(layout, "ports")!;
  const hi = ports.size === 8 ? getU32(s, ports.offset + 4) : 0;
  if (!guestHandleOkay(d, hi)) return failCheck(trace, "sched_op.poll.ports_handle", EFAULT);
  const block = () => unmodelled(call, "sched_op/SCHEDOP_poll");
  const need = eventsNeedDelivery(call);
  if (need === "unmodelled") return block();
  if (need) return 0;
  const base = hi * 0x100000000 + getU32(s, ports.offset);
  for (let i = 0; i < nrPorts; i++) {
    // __copy_from_guest_offset(&port, ports, i, 1)
    const b = d.memory.readBytes(base + 4 * i, 4);
    if (b === undefined) return failCheck(trace, "sched_op.poll.port_copy", EFAULT);
    const rc = portPoll(call, getU32(b, 0));
    if (typeof rc === "object") return unmodelled(call, rc.unmodelled);
    if (rc < 0) return rc;
    if (rc > 0) return 0;
  }
  // Nothing pending: the vCPU blocks (with the timeout, if any) until a port is.
  return block();
}
