/**
 * FLASK (xen/xsm/flask/hooks.c) with the policy Xen ships (tools/flask/policy/modules):
 * guest_features.te allows every domain every Argo permission, console writes
 * (guest_writeconsole) and the XENVER_ queries except commandline and build_id; dom0.te adds
 * those and the console read. A denial is avc_has_perm's -EACCES (xen/xsm/flask/avc.c).
 * Grants: see flaskGrant.
 *
 * A domain created with `argo: false` stands for a domain whose type the policy grants no
 * Argo permission: every Argo hook that names it, as caller or partner, denies.
 */
import type { Domain } from "../machine/domain.js";
import { EACCES, EPERM } from "../machine/errno.js";
import { DUMMY_ARGO_POLICY, type ArgoPolicy, type XsmHooks } from "./hooks.js";
import { isControlDomain } from "./dummy.js";

/**
 * The Argo hooks (flask_argo_enable, _register_single_source, _register_any_source, _send)
 * under the shipped policy, with `argo: false` domains (Domain.argoAllowed) denied. `base`
 * is consulted when FLASK allows (a finer policy from the library user).
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
 * A FLASK policy from a table of allowed pairs, for tests and scenarios that need finer
 * control: `enable` and `anySource` list domids; `singleSource` and `send` list [d, t] pairs.
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

/** XENVER_ sub-ops flask_xen_version checks with the version permission a domU lacks. */
const XENVER_commandline = 9;
const XENVER_build_id = 10;
const XENVER_commandline2 = 14;
/** Sub-ops flask_xen_version knows (0-14); any other is -EPERM. */
const XENVER_LAST = 14;

/** CONSOLEIO_write and CONSOLEIO_read (public/xen.h). */
const CONSOLEIO_write = 0;
const CONSOLEIO_read = 1;

export function flaskHooks(): XsmHooks {
  return {
    module: "flask",
    xenVersion: (curr, op) => {
      if (op < 0 || op > XENVER_LAST) return -EPERM;
      const priv =
        op === XENVER_commandline || op === XENVER_build_id || op === XENVER_commandline2;
      return priv && !isControlDomain(curr) ? -EACCES : 0;
    },
    consoleIo: (d, cmd) => {
      // flask_console_io: writeconsole for everyone (guest_writeconsole), readconsole for dom0.
      if (cmd === CONSOLEIO_write) return 0;
      if (cmd === CONSOLEIO_read) return isControlDomain(d) ? 0 : -EACCES;
      // avc_unknown_permission: the shipped policy denies unknown permissions.
      return -EPERM;
    },
    // flask_schedop_shutdown: domain:shutdown, which the shipped policy gives only dom0.
    schedopShutdown: (d1) => (isControlDomain(d1) ? 0 : -EACCES),
    hvmParam: flaskHvmParam,
  };
}

/**
 * flask_hvm_param (xen/xsm/flask/hooks.c, the same in 4.12-4.22): current_has_perm(d,
 * SECCLASS_HVM, HVM__SETPARAM for HVMOP_set_param, HVM__GETPARAM for HVMOP_get_param,
 * HVM__HVMCTL for any other op: HVMOP_get_mem_type, HVMOP_pagetable_dying), under the shipped
 * policy (tools/flask/policy/modules/xen.if). declare_domain_common gives every domain type
 * getparam and setparam on its self type (dom0_t on itself, domU_t on domU_t_self), but not
 * hvmctl; create_domain_common gives dom0_t all three on domU_t (domU.te: create_domain(dom0_t,
 * domU_t)); no rule gives a domU any on another domain (device_model gives a device model
 * them on its target; the model has none), and dom0.te none to dom0_t on itself. So for
 * set/get_param the dummy's XSM_TARGET answer but -EACCES; hvmctl only the control domain on
 * another domain.
 */
export function flaskHvmParam(curr: Domain, d: Domain, op: number): number {
  if (op === HVMOP_set_param || op === HVMOP_get_param)
    return curr === d || isControlDomain(curr) ? 0 : -EACCES;
  return curr !== d && isControlDomain(curr) ? 0 : -EACCES;
}

/** public/hvm/hvm_op.h HVMOP_set_param, HVMOP_get_param. */
const HVMOP_set_param = 0;
const HVMOP_get_param = 1;

/** The grant class's permissions (xen/xsm/flask/policy/access_vectors: class grant). */
export type GrantPerm =
  "map_read" | "map_write" | "unmap" | "transfer" | "setup" | "copy" | "query";

/**
 * flask_grant_mapref, _unmapref, _setup, _transfer, _copy, _query_size (xen/xsm/flask/hooks.c):
 * domain_has_perm(d1, d2, SECCLASS_GRANT, perm) under the shipped policy (the same in every
 * modelled release), the control domain being dom0_t and every other domain domU_t (xl's
 * default label, user system_u, so vm_role.cons's constraint holds). d1 == d2 checks against
 * the domain's self type (dom0_t, a singleton; domU_t_self), which declare_domain_common and
 * domain_self_comms give every grant permission but transfer. Between two domains,
 * domain_comms (dom0_t with domU_t, domU_t with domU_t) gives map_read, map_write, copy and
 * unmap both ways; create_domain gives dom0_t setup on domU_t. No type has transfer, and none
 * has query on another domain: query_size and get_version of another domain are denied even
 * to dom0.
 */
export function flaskGrant(perm: GrantPerm, d1: Domain, d2: Domain): number {
  switch (perm) {
    case "map_read":
    case "map_write":
    case "copy":
    case "unmap":
      return 0;
    case "query":
      return d1 === d2 ? 0 : -EACCES;
    case "setup":
      return d1 === d2 || isControlDomain(d1) ? 0 : -EACCES;
    case "transfer":
      return -EACCES;
  }
}
