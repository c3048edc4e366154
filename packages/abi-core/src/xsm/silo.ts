/**
 * XSM SILO (xen/xsm/silo.c): the dummy module plus a check that a domain other than the
 * control domain talks only to itself and the control domain. Only the hooks a release's
 * silo_xsm_ops lists make that check: event channels and grants in every modelled release,
 * Argo's register_single_source and send from 4.16 (silo_argo_register_single_source,
 * silo_argo_send); every other hook is the dummy one.
 */
import type { Domain } from "../machine/domain.js";
import { EPERM } from "../machine/errno.js";
import type { ArgoPolicy, XsmHooks } from "./hooks.js";
import { releaseMinor, type ReleaseRef } from "../machine/release.js";
import { dummyHooks, isControlDomain } from "./dummy.js";

/**
 * silo.c silo_mode_dom_check(ldom, rdom): allowed when current, ldom or rdom is the control
 * domain, or ldom == rdom. In every hook the model asks, current is ldom.
 */
export function siloModeDomCheck(curr: Domain, ldom: Domain, rdom: Domain): boolean {
  return isControlDomain(curr) || isControlDomain(ldom) || isControlDomain(rdom) || ldom === rdom;
}

/** Whether the release's silo_xsm_ops has the Argo hooks (added in 4.16). */
export function siloHasArgoHooks(release: ReleaseRef): boolean {
  return releaseMinor(release) >= 16;
}

/** SILO's Argo hooks over `base` (the dummy's, or a finer policy the library user gives). */
export function siloArgoPolicy(release: ReleaseRef, base: ArgoPolicy): ArgoPolicy {
  if (!siloHasArgoHooks(release)) return base;
  return {
    enable: (d) => base.enable(d),
    registerSingleSource: (d, t) =>
      siloModeDomCheck(d, d, t) ? base.registerSingleSource(d, t) : -EPERM,
    registerAnySource: (d) => base.registerAnySource(d),
    send: (d, t) => (siloModeDomCheck(d, d, t) ? base.send(d, t) : -EPERM),
  };
}

/**
 * SILO's other hooks: none of the modelled ones (xen_version, console_io, schedop_shutdown,
 * hvm_param) is in silo_xsm_ops in any modelled release, so the dummy's.
 */
export function siloHooks(debug: boolean): XsmHooks {
  return { ...dummyHooks(debug), module: "silo" };
}
