/**
 * The differential run: the same dom0 scenario on the machine and on real Xen, step by step.
 * A hypercall step agrees when the result and every compared register agree; a read step when
 * the bytes agree. Write steps are not counted; skipped steps are counted with why.
 */
import { layoutOf, runScenario, type ScenarioStep, type StepResult } from "@xen-abi/abi-core";
import type { RealBuild } from "./builds.js";
import { COMPARED_REGS, GUEST_MODE, type GuestArch } from "./guest-abi.js";
import type { Prepared, RealRun } from "./run-real.js";

export type StepVerdict =
  | { readonly kind: "agree" }
  | { readonly kind: "differ"; readonly what: readonly string[] }
  | { readonly kind: "skipped"; readonly why: string };

export interface StepComparison {
  readonly index: number;
  readonly op: string;
  readonly label?: string;
  readonly verdict: StepVerdict;
  /** The two sides, briefly, for a difference. */
  readonly machine?: string;
  readonly real?: string;
}

export interface ScenarioComparison {
  readonly file: string;
  readonly build: string;
  readonly steps: readonly StepComparison[];
  readonly notes: readonly string[];
  readonly seconds: number;
}

function brief(r: StepResult | undefined): string {
  if (r === undefined) return "no result";
  if (r.ret !== undefined) return `ret ${r.ret}`;
  if (r.read !== undefined) return r.read.bytes;
  return r.failures.join("; ") || "ok";
}

/**
 * Struct fields whose value depends on the boot, not on the calls: a read's bytes there are
 * not compared. The wall clock Xen keeps in shared_info (xen/common/time.c
 * update_domain_wallclock_time: wc_version counts its updates, wc_sec/wc_nsec/wc_sec_hi hold
 * the boot's wall-clock time).
 */
export const BOOT_DEPENDENT: Readonly<Record<string, readonly string[]>> = {
  shared_info_t: ["wc_version", "wc_sec", "wc_nsec", "wc_sec_hi"],
};

/** Byte ranges of a read of `struct` (for `arch`'s 64-bit guests) that are boot-dependent. */
export function bootDependentRanges(
  struct: string | undefined,
  arch: GuestArch,
): [number, number][] {
  const names = struct === undefined ? undefined : BOOT_DEPENDENT[struct];
  if (names === undefined || struct === undefined) return [];
  const layout = layoutOf(struct, GUEST_MODE[arch]);
  return layout.fields
    .filter((f) => names.includes(f.name))
    .map((f) => [f.offset, f.offset + f.size]);
}

/** Compare one step's machine and real results. */
export function compareStep(
  machine: StepResult | undefined,
  real: StepResult,
  arch: GuestArch,
  ignore: readonly [number, number][] = [],
): StepVerdict {
  if (real.skipped !== undefined) return { kind: "skipped", why: real.skipped };
  if (real.op === "write") return { kind: "skipped", why: "a write (nothing to compare)" };
  if (machine === undefined) return { kind: "skipped", why: "the machine did not run it" };
  // Real Xen crashed the domain on this step or before it: the fault is all there is to compare.
  if (real.fault === "domain_crash")
    return machine.fault === "domain_crash"
      ? { kind: "agree" }
      : { kind: "differ", what: [`fault: machine ${machine.fault ?? "none"}, real domain_crash`] };
  const unmodelled = (machine as { unmodelled?: string }).unmodelled;
  if (unmodelled !== undefined)
    return { kind: "skipped", why: `the machine does not model ${unmodelled}` };
  const what: string[] = [];
  if (real.op === "hypercall") {
    if (real.ret === undefined)
      return { kind: "differ", what: [real.failures[0] ?? "no result from real Xen"] };
    if (machine.fault !== undefined && machine.fault !== "none")
      what.push(`fault: machine ${machine.fault}, real none`);
    if (machine.ret !== real.ret) what.push(`ret: machine ${machine.ret}, real ${real.ret}`);
    for (const reg of COMPARED_REGS[arch]) {
      const m = machine.regs?.[reg];
      const r = real.regs?.[reg];
      if (m !== undefined && r !== undefined && BigInt(m) !== BigInt(r))
        what.push(`${reg}: machine ${m}, real ${r}`);
    }
  } else if (real.op === "read") {
    const masked = (hex: string | undefined) => {
      if (hex === undefined) return undefined;
      let out = hex;
      for (const [a, b] of ignore)
        out = out.slice(0, 2 * a) + "--".repeat(Math.max(0, b - a)) + out.slice(2 * b);
      return out.slice(0, hex.length);
    };
    const m = masked(machine.read?.bytes.replace(/\s/g, ""));
    const r = masked(real.read?.bytes.replace(/\s/g, ""));
    if (r === undefined)
      return { kind: "differ", what: [real.failures[0] ?? "no bytes from real Xen"] };
    if (m !== r) {
      const at = [...(m ?? "")].findIndex((c, i) => c !== r[i]);
      what.push(`bytes differ from offset ${Math.floor(Math.max(at, 0) / 2)}`);
    }
  } else return { kind: "skipped", why: `${real.op} steps are not compared` };
  return what.length === 0 ? { kind: "agree" } : { kind: "differ", what };
}

/** The machine's run of the prepared dom0 scenario, by original step index. */
export function machineResults(prepared: Prepared): Map<number, StepResult> {
  const out = new Map<number, StepResult>();
  if (prepared.scenario === undefined || prepared.dom0 === undefined) return out;
  const res = runScenario(prepared.scenario, { trace: true });
  for (const s of res.steps) out.set(prepared.dom0.origIndex[s.index] ?? s.index, s);
  return out;
}

/**
 * One step judged: the machine's result beside real Xen's, for guest `g`, boot-dependent
 * bytes of a read struct left out; a difference carries both results in brief.
 */
export function compareRealStep(
  m: StepResult | undefined,
  real: StepResult,
  step: ScenarioStep | undefined,
  g: GuestArch,
): StepComparison {
  const struct = step?.op === "read" ? step.struct : undefined;
  const verdict = compareStep(m, real, g, bootDependentRanges(struct, g));
  return {
    index: real.index,
    op: real.op,
    ...(real.label !== undefined && { label: real.label }),
    verdict,
    ...(verdict.kind === "differ" && { machine: brief(m), real: brief(real) }),
  };
}

export function compareRun(run: RealRun, build: RealBuild): ScenarioComparison {
  const machine = machineResults(run.prepared);
  const steps = run.result.steps.map((real) =>
    compareRealStep(
      machine.get(real.index),
      real,
      run.prepared.original.steps[real.index],
      run.prepared.guest,
    ),
  );
  return {
    file: run.result.file,
    build: `${build.release} ${build.name}`,
    steps,
    notes: [...run.prepared.notes, ...(run.trouble !== undefined ? [run.trouble] : [])],
    seconds: run.seconds,
  };
}
