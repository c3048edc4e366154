import type { Domain } from "../machine/domain.js";

/**
 * The security policy's Argo hooks (xen/include/xsm/xsm.h: xsm_argo_*). Like Xen's, they take
 * the domains themselves (`const struct domain *`). Each returns 0 to allow or a negative
 * errno that Xen passes straight back to the caller. The policies (dummy.ts, silo.ts, flask.ts) sit beside this file.
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

/** The XSM modules Xen's `xsm=` boot option chooses between (xen/xsm/xsm_core.c). */
export const XSM_MODULES = ["dummy", "silo", "flask"] as const;
export type XsmModule = (typeof XSM_MODULES)[number];

/**
 * The hooks other than Argo's that modelled handlers ask (xen/include/xsm/xsm.h). `curr` is
 * current->domain. Each returns 0 to allow or a negative errno.
 */
export interface XsmHooks {
  readonly module: XsmModule;
  /** xsm_xen_version(op): do_xen_version only asks whether to deny. */
  xenVersion(curr: Domain, op: number): number;
  /** xsm_console_io(d, cmd). */
  consoleIo(d: Domain, cmd: number): number;
  /** xsm_schedop_shutdown(d1, d2): SCHEDOP_remote_shutdown by d1 on d2. */
  schedopShutdown(d1: Domain, d2: Domain): number;
  /** xsm_hvm_param(XSM_TARGET, d, op): hvm_op's `op` (set/get_param, get_mem_type, pagetable_dying) by curr on d. */
  hvmParam(curr: Domain, d: Domain, op: number): number;
}

/** The dummy policy (xen/include/xsm/dummy.h): every Argo hook allows. */
export const DUMMY_ARGO_POLICY: ArgoPolicy = {
  enable: () => 0,
  registerSingleSource: () => 0,
  registerAnySource: () => 0,
  send: () => 0,
};
