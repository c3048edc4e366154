/** Xen's side of argo_op (xen/common/argo.c): ops, rings in guest pages, notifications, policy. */
export * from "./constants.js";
export { hashIndex, type ArgoRingId } from "./ring-id.js";
export {
  argoOf,
  allRings,
  findRingInfo,
  type ArgoDomain,
  type PendingEnt,
  type RingInfo,
  type SendInfo,
} from "./state.js";
export { ringbufPayloadSpace, sanitizedRxPtr } from "./ring.js";
export { do_argo_op, compat_argo_op } from "./op.js";
export { argoInit, argoDestroy } from "./lifecycle.js";
export { parseArgoCmdline, parseBool, parseBoolean, type ArgoBootOptions } from "./cmdline.js";
