/**
 * Security policies for Argo's four XSM hooks (xsm_argo_enable, _register_single_source,
 * _register_any_source, _send). The interface and the permissive dummy policy live in
 * machine/policy.ts; this file builds the policies the machine uses.
 */
import type { Domain } from "../../machine/domain.js";
import { EACCES } from "../../machine/errno.js";
import { DUMMY_ARGO_POLICY, type ArgoPolicy } from "../../machine/policy.js";

/**
 * The machine's default: `base` (the dummy policy unless given), except that a domain created
 * with `argo: false` (Domain.argoAllowed) is denied by every hook that involves it, as a
 * FLASK policy without the ARGO permissions would deny it. FLASK's avc_has_perm returns
 * -EACCES on a denial in enforcing mode (xen/xsm/flask/avc.c), so that is the errno here.
 */
export function policyFromDomains(base: ArgoPolicy = DUMMY_ARGO_POLICY): ArgoPolicy {
  const denied = (d: Domain): boolean => d.argoAllowed === false;
  return {
    enable: (d) => (denied(d) ? -EACCES : base.enable(d)),
    registerSingleSource: (d, t) =>
      denied(d) || denied(t) ? -EACCES : base.registerSingleSource(d, t),
    registerAnySource: (d) => (denied(d) ? -EACCES : base.registerAnySource(d)),
    send: (d, t) => (denied(d) || denied(t) ? -EACCES : base.send(d, t)),
  };
}

/**
 * A policy from a table of allowed pairs, for tests and scenarios that need finer control:
 * `enable` and `anySource` list domids; `singleSource` and `send` list [d, t] pairs.
 * Anything not listed is -EACCES.
 */
export function policyFromRules(rules: {
  enable?: readonly number[];
  anySource?: readonly number[];
  singleSource?: readonly (readonly [number, number])[];
  send?: readonly (readonly [number, number])[];
}): ArgoPolicy {
  const has = (pairs: readonly (readonly [number, number])[] | undefined, d: Domain, t: Domain) =>
    pairs?.some(([a, b]) => a === d.id && b === t.id) ?? false;
  return {
    enable: (d) => (rules.enable?.includes(d.id) ? 0 : -EACCES),
    registerSingleSource: (d, t) => (has(rules.singleSource, d, t) ? 0 : -EACCES),
    registerAnySource: (d) => (rules.anySource?.includes(d.id) ? 0 : -EACCES),
    send: (d, t) => (has(rules.send, d, t) ? 0 : -EACCES),
  };
}
