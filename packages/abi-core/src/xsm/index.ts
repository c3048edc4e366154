/**
 * Xen's security modules as the machine enforces them, all in this folder: the hook interface
 * (hooks.ts, which the machine's state holds) and the modules (dummy, SILO, FLASK with the
 * shipped policy).
 */
import type { ArgoPolicy, XsmHooks, XsmModule } from "./hooks.js";
import { DUMMY_ARGO_POLICY, XSM_MODULES } from "./hooks.js";
import type { ReleaseRef } from "../machine/release.js";
import { dummyHooks } from "./dummy.js";
import { flaskHooks, policyFromDomains } from "./flask.js";
import { siloArgoPolicy, siloHooks } from "./silo.js";

export * from "./hooks.js";
export { dummyHooks, dummyXenVersion, isControlDomain } from "./dummy.js";
export { siloArgoPolicy, siloHasArgoHooks, siloHooks, siloModeDomCheck } from "./silo.js";
export { flaskHooks, flaskHvmParam, policyFromDomains, policyFromRules } from "./flask.js";

/** The hooks a booted Xen enforces: Argo's and the rest. */
export interface XsmPolicy {
  readonly hooks: XsmHooks;
  readonly argo: ArgoPolicy;
}

/**
 * The module `module` for a release and build. `argoBase` is a finer Argo policy the library
 * user gives (policyFromRules): FLASK consults it where the shipped policy allows, SILO after
 * its own check. `module` undefined is the machine's default before the `xsm` key: the dummy
 * module, with FLASK's answer for domains created with `argo: false`.
 */
export function xsmPolicy(
  module: XsmModule | undefined,
  release: ReleaseRef,
  debug: boolean,
  argoBase?: ArgoPolicy,
): XsmPolicy {
  switch (module) {
    case undefined:
      return { hooks: dummyHooks(debug), argo: argoBase ?? policyFromDomains(DUMMY_ARGO_POLICY) };
    case "dummy":
      return { hooks: dummyHooks(debug), argo: argoBase ?? DUMMY_ARGO_POLICY };
    case "silo":
      return {
        hooks: siloHooks(debug),
        argo: siloArgoPolicy(release, argoBase ?? DUMMY_ARGO_POLICY),
      };
    case "flask":
      return { hooks: flaskHooks(), argo: argoBase ?? policyFromDomains(DUMMY_ARGO_POLICY) };
  }
}

/**
 * `xsm=` on Xen's command line (xsm_core.c parse_xsm_param): the last one wins; a value other
 * than dummy, flask or silo is -EINVAL and leaves the choice as it was. undefined: not given.
 */
export function parseXsmCmdline(cmdline: string): XsmModule | undefined {
  let out: XsmModule | undefined;
  for (const opt of cmdline.split(" ")) {
    if (!opt.startsWith("xsm=")) continue;
    const v = opt.slice(4);
    if ((XSM_MODULES as readonly string[]).includes(v)) out = v as XsmModule;
  }
  return out;
}
