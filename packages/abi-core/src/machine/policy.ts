import type { Domain } from "./domain.js";

/**
 * The security policy's Argo hooks (xen/include/xsm/xsm.h: xsm_argo_*). Like Xen's, they take
 * the domains themselves (`const struct domain *`). Each returns 0 to allow or a negative
 * errno that Xen passes straight back to the caller.
 */
export interface ArgoPolicy {
  /** xsm_argo_enable(d): at argo_init and at every argo_op. */
  enable(d: Domain): number;
  /** xsm_argo_register_single_source(d, t): register a ring for partner t. */
  registerSingleSource(d: Domain, t: Domain): number;
  /** xsm_argo_register_any_source(d): register a wildcard ring (only with mac-permissive). */
  registerAnySource(d: Domain): number;
  /** xsm_argo_send(d, t): send from d to t; also gates notify's per-ring answers. */
  send(d: Domain, t: Domain): number;
}

/** The dummy policy (xen/include/xsm/dummy.h): every Argo hook allows. */
export const DUMMY_ARGO_POLICY: ArgoPolicy = {
  enable: () => 0,
  registerSingleSource: () => 0,
  registerAnySource: () => 0,
  send: () => 0,
};
