/**
 * XSM's dummy module (xen/include/xsm/dummy.h): what every hook does without a security
 * module, and what SILO falls back to once its own check passes.
 */
import type { Domain } from "../machine/domain.js";
import { EPERM } from "../machine/errno.js";
import { DUMMY_ARGO_POLICY, type ArgoPolicy, type XsmHooks } from "./hooks.js";

/** The model's control domain (is_control_domain): domain 0, as Xen's dom0. */
export function isControlDomain(d: Domain): boolean {
  return d.id === 0;
}

/**
 * xsm_default_action (dummy.h) for XSM_TARGET: a domain may act on itself, the control domain
 * on any (a device model on its target too; the model has no device models).
 */
export function xsmTarget(src: Domain, target: Domain): number {
  return src === target || isControlDomain(src) ? 0 : -EPERM;
}

/**
 * xsm_default_action (dummy.h) for XSM_PRIV: the control domain only. XSM_DM_PRIV also
 * lets a device model act on its target; the model has no device models.
 */
function privAction(src: Domain): number {
  return isControlDomain(src) ? 0 : -EPERM;
}

/**
 * The XENVER_* sub-ops xsm_xen_version (dummy.h) lets any guest use: version,
 * platform_parameters and get_features skip the check; extraversion, compile_info,
 * capabilities, changeset, pagesize, guest_handle and (where the release has them)
 * extraversion2, capabilities2, changeset2 are XSM_HOOK; the rest are XSM_PRIV.
 */
export function dummyXenVersion(curr: Domain, op: number): number {
  switch (op) {
    case 0: // version
    case 5: // platform_parameters
    case 6: // get_features
      return 0;
    case 1: // extraversion
    case 2: // compile_info
    case 3: // capabilities
    case 4: // changeset
    case 7: // pagesize
    case 8: // guest_handle
    case 11: // extraversion2
    case 12: // capabilities2
    case 13: // changeset2
      return 0; // XSM_HOOK
    default:
      return privAction(curr);
  }
}

/** CONSOLEIO_write (public/xen.h). */
const CONSOLEIO_write = 0;

/**
 * xsm_console_io (dummy.h): a console domain (d->is_console: dom0 here) may do anything;
 * with CONFIG_VERBOSE_DEBUG (on by default in debug builds) anyone may write; else XSM_PRIV.
 */
export function dummyConsoleIo(d: Domain, cmd: number, verboseDebug: boolean): number {
  if (isControlDomain(d)) return 0;
  if (verboseDebug && cmd === CONSOLEIO_write) return 0;
  return privAction(d);
}

/** The dummy module's hooks; `debug` stands for CONFIG_VERBOSE_DEBUG (its default). */
export function dummyHooks(debug: boolean): XsmHooks {
  return {
    module: "dummy",
    xenVersion: dummyXenVersion,
    consoleIo: (d, cmd) => dummyConsoleIo(d, cmd, debug),
    // xsm_schedop_shutdown is XSM_DM_PRIV.
    schedopShutdown: (d1) => privAction(d1),
    // xsm_hvm_param: XSM_TARGET.
    hvmParam: (curr, d) => xsmTarget(curr, d),
  };
}

export const DUMMY_ARGO: ArgoPolicy = DUMMY_ARGO_POLICY;
