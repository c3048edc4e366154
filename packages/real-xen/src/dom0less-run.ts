/**
 * One dom0less boot (dom0less.ts) of a scenario with several domains: every domain's image
 * with its step list, one QEMU, each domain's lines read back from the serial log, the file's
 * steps judged as `xen-abi run` judges them, and compared with the machine's run of the file.
 */
import { runScenario, type ScenarioResult, type StepResult } from "@xen-abi/abi-core";
import type { RealBuild } from "./builds.js";
import { compareRealStep, type ScenarioComparison } from "./diff.js";
import type { Dom0lessPlan } from "./dom0less.js";
import { stepBytes } from "./compile.js";
import { guestImage, guestWithSteps } from "./guest-build.js";
import { SHUTDOWN, type GuestArch } from "./guest-abi.js";
import { dom0Serial, domUSerial, parseGuestOutput, type GuestOutput } from "./output.js";
import { boot } from "./qemu.js";
import { crashedBy, DEFAULT_LIMITS, judge, type RunLimits } from "./run-real.js";

export interface Dom0lessRun {
  readonly plan: Dom0lessPlan;
  readonly result: ScenarioResult;
  readonly seconds: number;
  /** One line when the boot itself went wrong (timeout, dom0 crashed). */
  readonly trouble?: string;
}

/** The results of the file's steps from each domain's lines (exported for its tests). */
export function dom0lessResult(
  plan: Dom0lessPlan,
  outputs: ReadonlyMap<number, GuestOutput>,
  trouble: string | undefined,
): ScenarioResult {
  const { original } = plan;
  const dom0 = outputs.get(0);
  const steps: StepResult[] = original.steps.map((s) => ({
    index: s.index,
    op: s.op,
    ...(s.label !== undefined && { label: s.label }),
    ok: true,
    failures: [],
  }));
  for (const d of plan.domains) {
    const out = outputs.get(d.domid);
    // A domU Xen crashed: dom0's WAIT saw SHUTDOWN_crash at the end of the turn starting at idx.
    const crash = dom0?.waits.find((w) => w.domid === d.domid && BigInt(w.code) === SHUTDOWN.crash);
    const dom0Crash = d.domid === 0 && trouble !== undefined ? dom0?.domainCrash : undefined;
    let crashed: string | undefined;
    d.scenario.steps.forEach((step, k) => {
      const r = steps[d.global[k] ?? -1];
      if (r === undefined) return;
      const why = d.compiled.skipped.get(k);
      if (why !== undefined) {
        r.skipped = why;
        return;
      }
      const ran = out?.steps.has(k) === true;
      const inCrashedTurn =
        (crash !== undefined && (d.global[k] ?? 0) >= crash.idx) || dom0Crash !== undefined;
      if (crashed === undefined && !ran && inCrashedTurn && step.op === "hypercall") {
        crashed = dom0Crash ?? `domain ${d.domid} crashed (dom0 found SHUTDOWN_crash)`;
        crashedBy(step, r, `the call crashed the domain: ${crashed}`);
      } else if (crashed !== undefined)
        crashedBy(step, r, "the domain crashed earlier; step not run");
      else judge(step, r, out, d.guest, trouble);
    });
  }
  for (const [i, why] of plan.skipped) {
    const r = steps[i];
    if (r !== undefined) r.skipped = why;
  }
  if (plan.cannot !== undefined) for (const r of steps) r.skipped = plan.cannot;
  for (const r of steps) r.ok = r.failures.length === 0;
  return {
    file: original.file,
    ...(original.name !== undefined && { name: original.name }),
    ok: steps.every((s) => s.ok),
    steps,
  };
}

/** Boot `plan` on `build` once. */
export async function runDom0less(
  plan: Dom0lessPlan,
  build: RealBuild,
  limits: RunLimits = DEFAULT_LIMITS,
): Promise<Dom0lessRun> {
  if (plan.cannot !== undefined)
    return { plan, result: dom0lessResult(plan, new Map(), undefined), seconds: 0 };
  const image = (guest: GuestArch, words: readonly bigint[]) =>
    guestWithSteps(guestImage(guest), stepBytes(words));
  const [dom0, ...domUs] = plan.domains;
  if (dom0 === undefined) throw new Error("a dom0less plan without dom0");
  const booted = await boot(build, image(dom0.guest, dom0.compiled.words), plan.cmdline, {
    ...limits,
    vcpus: 1,
    domUs: domUs.map((d) => image(d.guest, d.compiled.words)),
  });
  const outputs = new Map<number, GuestOutput>([[0, parseGuestOutput(dom0Serial(booted.serial))]]);
  for (const d of domUs) outputs.set(d.domid, parseGuestOutput(domUSerial(booted.serial, d.domid)));
  const out0 = outputs.get(0);
  const trouble = booted.timedOut
    ? `the boot hit its ${limits.timeLimitMs / 1000} s time limit`
    : booted.stalled
      ? `no domain printed for ${limits.stallMs / 1000} s (QEMU ended)`
      : out0?.ended === true
        ? undefined
        : (out0?.trouble ?? "dom0 stopped before its END");
  return {
    plan,
    result: dom0lessResult(plan, outputs, trouble),
    seconds: booted.seconds,
    ...(trouble !== undefined && { trouble }),
  };
}

/** The machine's run of the whole file beside the real boot's, step by step. */
export function compareDom0less(run: Dom0lessRun, build: RealBuild): ScenarioComparison {
  const { plan } = run;
  const machine = new Map<number, StepResult>();
  if (plan.scenario !== undefined)
    for (const s of runScenario(plan.scenario, { trace: true }).steps) machine.set(s.index, s);
  const guestOf = new Map<number, GuestArch>();
  for (const d of plan.domains) for (const g of d.global) guestOf.set(g, d.guest);
  const steps = run.result.steps.map((real) =>
    compareRealStep(
      machine.get(real.index),
      real,
      plan.original.steps[real.index],
      guestOf.get(real.index) ?? "arm64",
    ),
  );
  return {
    file: `${run.result.file}#dom0less`,
    build: `${build.release} ${build.name}`,
    steps,
    notes: [...plan.notes, ...(run.trouble !== undefined ? [run.trouble] : [])],
    seconds: run.seconds,
  };
}
