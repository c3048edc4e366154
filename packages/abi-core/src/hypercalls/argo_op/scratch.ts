/**
 * Argo's per-machine scratch: what argo.c keeps on Xen's stack during one operation (the
 * parsed send address and iovs of a sendv, notify's list of senders to wake). It hangs off
 * the machine (XenState.scratch.argo) so that two machines never share it.
 */
import type { XenState } from "../../machine/state.js";
import { XEN_ARGO_MAXIOV } from "./constants.js";
import type { PendingEnt } from "./state.js";

/**
 * A message on its way into a ring (ringbuf_insert's arguments): the sender's address, the
 * message type, and `niov` iovs totalling `len` payload bytes.
 */
export interface RingMessage {
  srcAport: number;
  srcDomid: number;
  messageType: number;
  niov: number;
  len: number;
  readonly iovAddr: Float64Array;
  readonly iovAddrHi: Uint32Array;
  readonly iovLen: Uint32Array;
}

export class ArgoScratch implements RingMessage {
  srcAport = 0;
  srcDomid = 0;
  messageType = 0;
  niov = 0;
  len = 0;
  /** xen_argo_iov_t iovs[XEN_ARGO_MAXIOV]: guest address (as a double), its high half, len, pad. */
  readonly iovAddr = new Float64Array(XEN_ARGO_MAXIOV);
  readonly iovAddrHi = new Uint32Array(XEN_ARGO_MAXIOV);
  readonly iovLen = new Uint32Array(XEN_ARGO_MAXIOV);
  readonly iovPad = new Uint32Array(XEN_ARGO_MAXIOV);
  /** xen_argo_send_addr_t: src aport, domain_id, pad; dst aport, domain_id, pad. */
  readonly sendAddr = new Uint32Array(6);
  /** notify_check_pending's to-notify list. */
  readonly toNotify: PendingEnt[] = [];
}

/** This machine's Argo scratch, made on first use. */
export function argoScratch(xen: XenState): ArgoScratch {
  const s = xen.scratch;
  return (s.argo ??= new ArgoScratch()) as ArgoScratch;
}
