/**
 * What running a scenario gives back: each step's result and the whole file's, and how a
 * result register is named in them (`-22 (-EINVAL)`, PSCI's `-2 (INVALID_PARAMETERS)`).
 */
import { errnoName } from "../machine/errno.js";
import type { ReleaseDifferenceId } from "../machine/release-differences.js";
import { smcccResultName } from "../hypercalls/psci/constants.js";
import type { TraceEvent } from "../machine/trace.js";
import type { Xen } from "../xen.js";
import type { StepFault, StepOp } from "./schema.js";

/** What one step did. Keys a step kind does not produce are absent. */
export interface StepResult {
  readonly index: number;
  readonly op: StepOp;
  readonly label?: string;
  ok: boolean;
  /** Signed decimal: the result register (hypercall) or the domctl's return (setVcpuContext). */
  ret?: string;
  /**
   * An SMCCC call's (`hvc #0`) failure as PSCI and SMCCC name it (`INVALID_PARAMETERS`,
   * `NOT_SUPPORTED`): such results are not errnos. Absent for hypercalls and for 0 or above.
   */
  retName?: string;
  /** `<hypercall>[/<sub-op>]` the machine does not model; then there is no `ret`. */
  unmodelled?: string;
  fault?: StepFault;
  continuations?: number;
  /** Every register of the vCPU's mode after the step, lower-case hex at full width. */
  regs?: Record<string, string>;
  readonly failures: string[];
  /** With `trace`: the dispatcher's events for a hypercall step. */
  trace?: TraceEvent[];
  /**
   * Why the step did not run where it was run (real Xen: "needs a second domain"). A skipped
   * step is not a failure; its expectations are not checked.
   */
  skipped?: string;
  /** An events step: the ports it found pending. */
  pending?: number[];
  /** With `trace` or `changes`: what a read step saw (`fields` unsigned decimal). */
  read?: { bytes: string; fields?: Record<string, string> };
  /** With `changes`: the VIRQs a virqs step took. */
  virqs?: number[];
  /** With `changes`: registers the step changed (after the guest set its inputs), new values. */
  changed?: Record<string, string>;
  /**
   * With `changes`: the release differences whose switch decided something this step did
   * (machine/release-decided.ts); absent when none did.
   */
  releaseDecided?: ReleaseDifferenceId[];
}

export interface ScenarioResult {
  readonly file: string;
  readonly name?: string;
  ok: boolean;
  readonly steps: StepResult[];
}

/** `-11` -> `-11 (-EAGAIN)`; other values unchanged. */
export function withErrno(v: bigint): string {
  const name = v < 0n && v > -4096n ? errnoName(Number(v)) : undefined;
  return name === undefined ? `${v}` : `${v} (${name})`;
}

/**
 * A result as the call names it: an SMCCC call's (`smcccFid` given) by PSCI's and SMCCC's
 * names, `-2 (INVALID_PARAMETERS)`; a hypercall's by its errno, `-22 (-EINVAL)`.
 */
export function withResultName(v: bigint, smcccFid?: number): string {
  if (smcccFid === undefined) return withErrno(v);
  const name = smcccResultName(smcccFid, v);
  return name === undefined ? `${v}` : `${v} (${name})`;
}

/** The function ID of an SMCCC call (`hvc #0` on Arm) the step makes, before it runs. */
export function smcccFidOf(
  xen: Xen,
  domain: number,
  vcpu: number,
  imm?: number,
): number | undefined {
  if (imm !== 0) return undefined;
  const mode = xen.domain(domain).mode;
  if (mode !== "aarch64" && mode !== "aarch32") return undefined;
  return Number(
    BigInt.asUintN(32, xen.readRegister(domain, vcpu, mode === "aarch64" ? "x0" : "r0")),
  );
}
