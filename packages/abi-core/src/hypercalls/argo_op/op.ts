/**
 * The argo_op hypercall (number 39): do_argo_op for 64-bit x86 and all Arm guests,
 * compat_argo_op for 32-bit x86 guests (hypercall-defs.c). Arguments arrive narrowed to
 * `argo_op(unsigned int cmd, void *arg1, void *arg2, unsigned long arg3, unsigned long arg4)`.
 */
import {
  argAddr,
  argIsNull,
  type HypercallCall,
  type HypercallHandler,
} from "../../machine/call.js";
import { EFAULT, EINVAL, EOPNOTSUPP } from "../../machine/errno.js";
import {
  MAX_RING_NPAGES,
  XEN_ARGO_MAXIOV,
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
  XEN_ARGO_OP_unregister_ring,
} from "./constants.js";
import { guestHandleOkay } from "../../machine/guest-access.js";
import { failCheck, passCheck } from "../../machine/trace.js";
import { notify } from "./notify.js";
import { registerRing } from "./register-ring.js";
import { readIovs, readSendAddr, sendv } from "./sendv.js";
import { unregisterRing } from "./unregister-ring.js";

/** do_argo_op's sendv case, after the common checks. */
function sendvOp(call: HypercallCall, niov: number): number {
  const xen = call.xen;
  const currd = call.domain;
  const trace = xen.trace;
  if (!readSendAddr(xen, currd, argAddr(call, 1)))
    return failCheck(trace, "argo_op.sendv.copy_send_addr", EFAULT);
  // arg4 (message type) was range-checked above; the niov limit comes after the copy.
  if (niov > XEN_ARGO_MAXIOV)
    return failCheck(trace, "argo_op.sendv.niov_max", EINVAL, "niov", niov);
  if (!readIovs(xen, currd, argAddr(call, 2), niov))
    return failCheck(trace, "argo_op.sendv.copy_iovs", EFAULT);
  return sendv(xen, currd, niov, call.argLo[4]!);
}

/** do_argo_op: every check in Xen's order; unknown commands are -EOPNOTSUPP. */
export const do_argo_op: HypercallHandler = (call) => {
  const xen = call.xen;
  const currd = call.domain;
  const trace = xen.trace;
  // Numeric arguments must fit 32 bits; checked before anything else.
  if (call.argHi[3] !== 0 || call.argHi[4] !== 0)
    return failCheck(trace, "argo_op.entry.arg_above_32bit", EINVAL);
  if (!xen.boot.argo) return failCheck(trace, "argo_op.entry.not_enabled", EOPNOTSUPP);
  const rc = xen.argoPolicy.enable(currd);
  if (rc !== 0) return passCheck(trace, "argo_op.entry.xsm_enable", rc);
  const arg3 = call.argLo[3]!;
  const arg4 = call.argLo[4]!;
  switch (call.argLo[0]) {
    case XEN_ARGO_OP_register_ring:
      if (arg3 > MAX_RING_NPAGES)
        return failCheck(trace, "argo_op.register_ring.npages_max", EINVAL, "npage", arg3);
      if (!guestHandleOkay(currd, call.argHi[2]!))
        return failCheck(trace, "argo_op.register_ring.gfn_handle", EFAULT);
      return registerRing(xen, currd, argAddr(call, 1), argAddr(call, 2), arg3, arg4);
    case XEN_ARGO_OP_unregister_ring:
      if (!argIsNull(call, 2) || arg3 !== 0 || arg4 !== 0)
        return failCheck(trace, "argo_op.unregister_ring.args_nonzero", EINVAL);
      return unregisterRing(xen, currd, argAddr(call, 1));
    case XEN_ARGO_OP_sendv:
      return sendvOp(call, arg3);
    case XEN_ARGO_OP_notify:
      if (!argIsNull(call, 2) || arg3 !== 0 || arg4 !== 0)
        return failCheck(trace, "argo_op.notify.args_nonzero", EINVAL);
      return notify(xen, currd, argAddr(call, 1), call.argHi[1]!, argIsNull(call, 1));
    default:
      return failCheck(trace, "argo_op.entry.cmd_unknown", EOPNOTSUPP, "cmd", call.argLo[0]!);
  }
};

/**
 * compat_argo_op: all commands but sendv go to do_argo_op. Its own sendv path reads 12-byte
 * compat iovs and, unlike do_argo_op, has no 32-bit range check on arg3/arg4 (32-bit guests'
 * arguments are 32-bit already).
 */
export const compat_argo_op: HypercallHandler = (call) => {
  if (call.argLo[0] !== XEN_ARGO_OP_sendv) return do_argo_op(call);
  const xen = call.xen;
  const currd = call.domain;
  const trace = xen.trace;
  if (!xen.boot.argo) return failCheck(trace, "argo_op.entry.not_enabled", EOPNOTSUPP);
  const rc = xen.argoPolicy.enable(currd);
  if (rc !== 0) return passCheck(trace, "argo_op.entry.xsm_enable", rc);
  if (!readSendAddr(xen, currd, argAddr(call, 1)))
    return failCheck(trace, "argo_op.sendv.copy_send_addr", EFAULT);
  const niov = call.argLo[3]!;
  if (call.argHi[3] !== 0 || niov > XEN_ARGO_MAXIOV)
    return failCheck(trace, "argo_op.sendv.niov_max", EINVAL, "niov", niov);
  if (!readIovs(xen, currd, argAddr(call, 2), niov))
    return failCheck(trace, "argo_op.sendv.copy_iovs", EFAULT);
  return sendv(xen, currd, niov, call.argLo[4]!);
};
