import type { XenArch } from "../abi/modes.js";
import type { Domain } from "./domain.js";
import type { MachineScratch } from "./scratch.js";
import type { ArgoPolicy, XsmHooks } from "../xsm/hooks.js";
import type { Release, ReleaseProfile } from "./release.js";
import type { TraceSink } from "./trace.js";
import type { BuildConfig } from "./config.js";
import type { ModelClock } from "./clock.js";

/** Options parsed from Xen's boot command line (only those the machine models). */
export interface BootOptions {
  /** `argo=<bool>`: opt_argo (default false). */
  readonly argo: boolean;
  /** `argo=...,mac-permissive=<bool>`: opt_argo_mac_permissive (default false). */
  readonly argoMacPermissive: boolean;
  /** `altp2m=<bool>`: opt_altp2m_enabled (default false; hvm_op/p2m-ops.ts). */
  readonly altp2m: boolean;
}

/** What the CPU does to xN's top half when an AArch32 guest writes rN (Arm ARM D1.20.2). */
export type Aarch32UpperBits = "zero" | "preserve";

/**
 * The hypervisor's state: build, boot options and domains. Behaviour lives above, in the
 * handlers and the dispatcher; this layer only holds what they read and change.
 */
export interface XenState {
  readonly arch: XenArch;
  readonly release: Release;
  readonly profile: ReleaseProfile;
  /** Debug build (NDEBUG unset): poisons argument registers after a hypercall. */
  readonly debug: boolean;
  readonly cmdline: string;
  readonly boot: BootOptions;
  readonly aarch32UpperBits: Aarch32UpperBits;
  readonly domains: Map<number, Domain>;
  /** Kconfig options of the build that change what a guest sees (omitted: on). */
  readonly config?: BuildConfig;
  /** The Argo XSM hooks in force. */
  argoPolicy: ArgoPolicy;
  /** The other XSM hooks of the module in force (src/xsm/). */
  readonly xsm: XsmHooks;
  /** Trace of the current dispatch (null when tracing is off). */
  trace: TraceSink;
  /**
   * How many units of work (console chunks, multicall entries) a hypercall may do before the
   * model's hypercall_preempt_check() says yes. Real Xen asks whether a softirq is pending;
   * the model makes preemption deterministic so continuations can be shown and tested.
   */
  readonly preemptBudget: number;
  /** The machine's clock (model time never advances): NOW(), the TSC stamp, the wall clock. */
  readonly clock: ModelClock;
  /** This machine's scratch buffers (never shared with another machine). */
  readonly scratch: MachineScratch;
  /**
   * A bit per RELEASE_DIFFERENCES entry whose switch decided an outcome since a caller last
   * cleared it (release-decided.ts): the scenario runner clears it before each step.
   */
  releaseDecided: number;
}
