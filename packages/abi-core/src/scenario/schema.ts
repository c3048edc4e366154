/**
 * A validated scenario (the scenario format, version 1: docs/writing-scenarios). Everything the
 * spec leaves optional has its default filled in; numbers are already checked against the
 * width they are used at, so running needs no further checks.
 */
import type { GuestMode, XenArch } from "../abi/modes.js";
import type { Aarch32UpperBits } from "../machine/state.js";
import type { XsmModule } from "../xsm/hooks.js";
import type { Release } from "../machine/release.js";
import type { BuildConfig } from "../machine/config.js";

/** What happened to the guest at a step (spec: `fault`). */
export type StepFault = "none" | "undef" | "domain_crash";
export const STEP_FAULTS: readonly StepFault[] = ["none", "undef", "domain_crash"];

/** Highest domid a scenario may create (DOMID_FIRST_RESERVED 0x7ff0, xen.h, minus the reserved range). */
export const SCENARIO_MAX_DOMID = 0x7fef;

export interface ScenarioXen {
  readonly arch: XenArch;
  readonly release: Release;
  readonly debug: boolean;
  readonly cmdline: string;
  readonly aarch32UpperBits: Aarch32UpperBits;
  /** Kconfig options the file names (`ARGO: false`); omitted options are on. */
  readonly config: BuildConfig;
  /**
   * The XSM module, from the `xsm` key or `xsm=` on the command line; absent: the default
   * (dummy, with FLASK's answer for `argo: false` domains).
   */
  readonly xsm?: XsmModule;
}

export interface ScenarioDomain {
  readonly id: number;
  readonly mode: GuestMode;
  readonly memory: number;
  readonly vcpus: number;
  readonly argo: boolean;
}

/** A register assignment or comparison, resolved to the name's width. */
export interface RegValue {
  readonly name: string;
  readonly bits: 32 | 64;
  /** Unsigned at `bits`. */
  readonly value: bigint;
}

/** A struct field value as written in the file (two's complement resolved by the codec). */
export type FieldValues = Readonly<Record<string, bigint>>;

interface StepBase {
  readonly index: number;
  readonly label?: string;
}

export interface WriteStep extends StepBase {
  readonly op: "write";
  readonly domain: number;
  readonly addr: number;
  /** The bytes to write: given raw, or encoded from `struct` + `fields` at validation. */
  readonly bytes: Uint8Array;
  readonly struct?: string;
  readonly fields?: FieldValues;
}

export interface ReadStep extends StepBase {
  readonly op: "read";
  readonly domain: number;
  readonly addr: number;
  readonly length: number;
  readonly struct?: string;
  readonly expect: { readonly bytes?: Uint8Array; readonly fields?: FieldValues };
}

export interface HypercallStep extends StepBase {
  readonly op: "hypercall";
  readonly domain: number;
  readonly vcpu: number;
  readonly regs: readonly RegValue[];
  /** Arm only; `XEN_HYPERCALL_TAG` when not given. Undefined on x86. */
  readonly imm?: number;
  readonly expect: {
    /** Signed at the guest's width. */
    readonly ret?: bigint;
    readonly regs?: readonly RegValue[];
    readonly fault?: StepFault;
  };
}

export interface SetVcpuContextStep extends StepBase {
  readonly op: "setVcpuContext";
  readonly domain: number;
  readonly vcpu: number;
  readonly regs: readonly RegValue[];
  readonly expect: { readonly ret?: bigint };
}

export interface VirqsStep extends StepBase {
  readonly op: "virqs";
  readonly domain: number;
  readonly expect: { readonly pending?: readonly number[] };
}

export interface EventsStep extends StepBase {
  readonly op: "events";
  readonly domain: number;
  readonly expect: { readonly pending?: readonly number[] };
}

export interface ConsoleStep extends StepBase {
  readonly op: "console";
  readonly domain: number;
  readonly expect: { readonly text?: string };
}

export interface CreateDomainStep extends StepBase {
  readonly op: "createDomain";
  readonly config: ScenarioDomain;
}

export interface DestroyDomainStep extends StepBase {
  readonly op: "destroyDomain";
  readonly domain: number;
}

export type ScenarioStep =
  | WriteStep
  | ReadStep
  | HypercallStep
  | SetVcpuContextStep
  | VirqsStep
  | EventsStep
  | ConsoleStep
  | CreateDomainStep
  | DestroyDomainStep;

export type StepOp = ScenarioStep["op"];
export const STEP_OPS: readonly StepOp[] = [
  "write",
  "read",
  "hypercall",
  "setVcpuContext",
  "virqs",
  "events",
  "console",
  "createDomain",
  "destroyDomain",
];

export interface Scenario {
  /** The file it came from, as given (used in results and messages). */
  readonly file: string;
  readonly name?: string;
  readonly description?: string;
  readonly xen: ScenarioXen;
  readonly domains: readonly ScenarioDomain[];
  readonly steps: readonly ScenarioStep[];
}
