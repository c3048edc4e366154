/**
 * A minimal hypervisor state for exercising the Argo handlers directly, without the
 * dispatcher: build a XenState, add domains, fill a HypercallCall and call the handler the
 * guest's mode dispatches to. Used by this folder's tests, the fuzzer and property tests.
 */
import type { XenArch, GuestMode } from "../../abi/modes.js";
import type { HypercallCall } from "../../machine/call.js";
import { Domain, type DomainConfig } from "../../machine/domain.js";
import type { ArgoPolicy } from "../../xsm/hooks.js";
import { NEWEST_RELEASE, releaseProfile, type Release } from "../../machine/release.js";
import { MachineScratch } from "../../machine/scratch.js";
import { TraceLog } from "../../machine/trace-log.js";
import type { XenState } from "../../machine/state.js";
import { parseArgoCmdline } from "./cmdline.js";
import { HYPERVISOR_argo_op } from "./constants.js";
import { argoDestroy, argoInit } from "./lifecycle.js";
import { compat_argo_op, do_argo_op } from "./op.js";
import { policyFromDomains } from "../../xsm/flask.js";
import { dummyHooks } from "../../xsm/dummy.js";
import { DEFAULT_CLOCK } from "../../machine/clock.js";

export interface ArgoHarness {
  readonly xen: XenState;
  addDomain(cfg: DomainConfig): Domain;
  destroyDomain(id: number): void;
  /** argo_op from `d` with 64-bit arguments as numbers (hi halves given separately if wanted). */
  op(
    d: Domain,
    cmd: number,
    arg1: number,
    arg2: number,
    arg3: number,
    arg4: number,
    hi3?: number,
    hi4?: number,
  ): number;
  /** With `trace`: the id of the last check that failed in the last op, if one did. */
  lastCheck(): string | undefined;
}

export function argoHarness(
  opts: {
    cmdline?: string;
    release?: Release;
    arch?: XenArch;
    policy?: () => ArgoPolicy;
    /** Record the handlers' check events (each op starts a fresh trace). Default false. */
    trace?: boolean;
  } = {},
): ArgoHarness {
  const domains = new Map<number, Domain>();
  const release = opts.release ?? NEWEST_RELEASE;
  const cmdline = opts.cmdline ?? "argo=1,mac-permissive=1";
  const xen: XenState = {
    arch: opts.arch ?? "arm64",
    release,
    profile: releaseProfile(release),
    debug: false,
    cmdline,
    boot: { ...parseArgoCmdline(cmdline), altp2m: false },
    aarch32UpperBits: "preserve",
    domains,
    argoPolicy: opts.policy ? opts.policy() : policyFromDomains(),
    xsm: dummyHooks(false),
    trace: opts.trace === true ? new TraceLog() : null,
    preemptBudget: 64,
    clock: DEFAULT_CLOCK,
    scratch: new MachineScratch(),
    releaseDecided: 0,
  };
  const call: HypercallCall = {
    xen,
    domain: undefined as unknown as Domain,
    vcpu: undefined as unknown as Domain["vcpus"][number],
    op: HYPERVISOR_argo_op,
    argLo: new Uint32Array(6),
    argHi: new Uint32Array(6),
    work: 0,
    unmodelled: null,
  };
  const split = (v: number, i: number) => {
    call.argLo[i] = v % 0x100000000;
    call.argHi[i] = Math.floor(v / 0x100000000);
  };
  return {
    xen,
    addDomain(cfg) {
      const d = new Domain(cfg);
      domains.set(d.id, d);
      argoInit(xen, d);
      return d;
    },
    destroyDomain(id) {
      const d = domains.get(id);
      if (!d) return;
      d.dying = true;
      argoDestroy(xen, d);
      domains.delete(id);
    },
    lastCheck() {
      const ev = xen.trace?.events().findLast((e) => e.kind === "check");
      return ev !== undefined && ev.kind === "check" ? ev.id : undefined;
    },
    op(d, cmd, arg1, arg2, arg3, arg4, hi3 = 0, hi4 = 0) {
      xen.trace?.begin();
      const bits32 = d.mode === "pv32" || d.mode === "hvm32";
      call.domain = d;
      call.vcpu = d.vcpus[0]!;
      call.argLo[0] = cmd >>> 0;
      call.argHi[0] = 0;
      split(arg1, 1);
      split(arg2, 2);
      split(arg3, 3);
      split(arg4, 4);
      call.argHi[3] = hi3;
      call.argHi[4] = hi4;
      // The dispatcher reads every argument of a 32-bit x86 guest as unsigned int.
      if (bits32) call.argHi.fill(0);
      return (bits32 ? compat_argo_op : do_argo_op)(call);
    },
  };
}

export type { GuestMode };
