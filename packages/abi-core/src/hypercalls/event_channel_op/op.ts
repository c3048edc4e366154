/**
 * do_event_channel_op(int cmd, void *arg) (xen/common/event_channel.c): every guest type
 * calls it. Each sub-op copies its struct in (-EFAULT), runs Xen's function for it, and for
 * the binding sub-ops copies the struct back on success (-EFAULT if that fails, with the
 * port left allocated: "Cleaning up here would be a mess!"). Unknown cmd: -ENOSYS.
 */
import {
  argAddr,
  unmodelled,
  type HypercallCall,
  type HypercallHandler,
} from "../../machine/call.js";
import { EFAULT, ENOSYS, ESRCH } from "../../machine/errno.js";
import { readStruct, writeStruct } from "../../machine/structio.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { layoutOf } from "../../table/structs.js";
import { hypercallCreateContinuation, hypercallPreemptCheck } from "../continuation.js";
import {
  evtchnAllocUnbound,
  evtchnBindInterdomain,
  evtchnBindIpi,
  evtchnBindVcpu,
  evtchnBindVirq,
  type Fields,
} from "./bind.js";
import { evtchnClose, evtchnReset, evtchnSend, evtchnStatus, evtchnUnmask } from "./close-send.js";
import {
  EVTCHNOP_alloc_unbound,
  EVTCHNOP_bind_interdomain,
  EVTCHNOP_bind_ipi,
  EVTCHNOP_bind_pirq,
  EVTCHNOP_bind_vcpu,
  EVTCHNOP_bind_virq,
  EVTCHNOP_close,
  EVTCHNOP_expand_array,
  EVTCHNOP_init_control,
  EVTCHNOP_reset,
  EVTCHNOP_reset_cont,
  EVTCHNOP_send,
  EVTCHNOP_set_priority,
  EVTCHNOP_status,
  EVTCHNOP_unmask,
  HYPERVISOR_event_channel_op,
} from "./constants.js";
import { domainByAnyId, xsmTarget } from "./ports.js";

const ID = "event_channel_op";

/** copy_from_guest of struct `name` at arg: its integer fields as numbers, or null (fault). */
function copyIn(call: HypercallCall, name: string): Fields | null {
  const raw = readStruct(call.domain.memory, argAddr(call, 1), layoutOf(name, call.domain.mode));
  if (raw === undefined) return null;
  const out: Fields = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === "bigint") out[k] = Number(v);
  return out;
}

/** __copy_to_guest of the struct back to arg. */
function copyOut(call: HypercallCall, name: string, f: Fields): boolean {
  return writeStruct(call.domain.memory, argAddr(call, 1), layoutOf(name, call.domain.mode), f);
}

/** The record's `<op>.copy_in` check: -EFAULT when the struct cannot be read. */
function copyInFailed(call: HypercallCall, op: string): number {
  return failCheck(call.xen.trace, `${ID}.${op}.copy_in`, EFAULT);
}

/** The binding sub-ops: copy in, run, copy back on success. */
function inOut(call: HypercallCall, op: string, name: string, run: (f: Fields) => number): number {
  const f = copyIn(call, name);
  if (f === null) return copyInFailed(call, op);
  const rc = run(f);
  if (rc === 0 && !copyOut(call, name, f))
    return failCheck(call.xen.trace, `${ID}.${op}.copy_out`, EFAULT);
  return rc;
}

function status(call: HypercallCall): number {
  const mem = call.domain.memory;
  const layout = layoutOf("evtchn_status_t", call.domain.mode);
  const raw = readStruct(mem, argAddr(call, 1), layout);
  if (raw === undefined) return copyInFailed(call, "status");
  const f: Fields = {
    dom: Number(raw.dom),
    port: Number(raw.port),
    status: Number(raw.status),
    vcpu: Number(raw.vcpu),
  };
  const u = (raw.u as readonly bigint[]).map(Number);
  const rc = evtchnStatus(call.xen, call.domain, f, u);
  if (rc === 0 && !writeStruct(mem, argAddr(call, 1), layout, { ...f, u }))
    return failCheck(call.xen.trace, `${ID}.status.copy_out`, EFAULT);
  return rc;
}

function reset(call: HypercallCall, cmd: number): number {
  const t = call.xen.trace;
  const f = copyIn(call, "evtchn_reset_t");
  if (f === null) return copyInFailed(call, cmd === EVTCHNOP_reset_cont ? "reset_cont" : "reset");
  const d = domainByAnyId(call.xen, call.domain, f.dom!);
  if (d === undefined) return failCheck(t, `${ID}.reset.dom`, ESRCH, "dom", f.dom!);
  // xsm_evtchn_reset(XSM_TARGET, current->domain, d)
  let rc = passCheck(t, `${ID}.reset.xsm`, xsmTarget(call.domain, d));
  if (rc === 0)
    rc = evtchnReset(call.xen, call.domain, d, cmd === EVTCHNOP_reset_cont, () => {
      call.work++;
      return hypercallPreemptCheck(call);
    });
  if (rc === 1)
    return hypercallCreateContinuation(call, HYPERVISOR_event_channel_op, [
      EVTCHNOP_reset_cont,
      argAddr(call, 1),
    ]);
  return rc;
}

export const do_event_channel_op: HypercallHandler = (call) => {
  const xen = call.xen;
  const d = call.domain;
  const cmd = call.argLo[0]! | 0;
  switch (cmd) {
    case EVTCHNOP_alloc_unbound:
      return inOut(call, "alloc_unbound", "evtchn_alloc_unbound_t", (f) =>
        evtchnAllocUnbound(xen, d, f),
      );
    case EVTCHNOP_bind_interdomain:
      return inOut(call, "bind_interdomain", "evtchn_bind_interdomain_t", (f) =>
        evtchnBindInterdomain(xen, d, f),
      );
    case EVTCHNOP_bind_virq:
      return inOut(call, "bind_virq", "evtchn_bind_virq_t", (f) => evtchnBindVirq(xen, d, f));
    case EVTCHNOP_bind_ipi:
      return inOut(call, "bind_ipi", "evtchn_bind_ipi_t", (f) => evtchnBindIpi(xen, d, f));
    case EVTCHNOP_close: {
      const f = copyIn(call, "evtchn_close_t");
      return f === null ? copyInFailed(call, "close") : evtchnClose(xen, d, f.port! | 0, xen.trace);
    }
    case EVTCHNOP_send: {
      const f = copyIn(call, "evtchn_send_t");
      return f === null ? copyInFailed(call, "send") : evtchnSend(xen, d, f.port!);
    }
    case EVTCHNOP_status:
      return status(call);
    case EVTCHNOP_bind_vcpu: {
      const f = copyIn(call, "evtchn_bind_vcpu_t");
      return f === null
        ? copyInFailed(call, "bind_vcpu")
        : evtchnBindVcpu(xen, d, f.port!, f.vcpu!);
    }
    case EVTCHNOP_unmask: {
      const f = copyIn(call, "evtchn_unmask_t");
      return f === null ? copyInFailed(call, "unmask") : evtchnUnmask(xen.trace, d, f.port!);
    }
    case EVTCHNOP_reset:
    case EVTCHNOP_reset_cont:
      return reset(call, cmd);
    case EVTCHNOP_bind_pirq:
    case EVTCHNOP_init_control:
    case EVTCHNOP_expand_array:
    case EVTCHNOP_set_priority:
      // Not modelled (record.ts says so): reported, never answered with a made-up errno.
      return unmodelled(call, `event_channel_op/${cmd}`);
    default:
      return -ENOSYS;
  }
};
