/**
 * One scenario on one real Xen build: made dom0's (dom0.ts), compiled into the test guest's
 * step list (compile.ts), booted (qemu.ts), and reported as `xen-abi run` reports a run on
 * the machine: one StepResult per step of the file, skipped steps saying why.
 */
import {
  parseScenario,
  RELEASES,
  withResultName,
  type Scenario,
  type ScenarioResult,
  type ScenarioStep,
  type StepResult,
} from "@xen-abi/abi-core";
import { smcccResultName } from "@xen-abi/abi-core/hypercalls";
import { formatBytes, hexAt, scenarioStructs, toSigned } from "@xen-abi/abi-core/scenario";
import { parse as parseYaml } from "yaml";
import type { RealBuild } from "./builds.js";
import { compileSteps, joinSteps, stepBytes, type CompiledSteps } from "./compile.js";
import { toDom0, type Dom0Scenario } from "./dom0.js";
import {
  GUEST_MODE,
  GUEST_REGS,
  guestArchFor,
  RESULT_REG,
  STEPS_CAPACITY,
  WINDOW_SIZE,
  type GuestArch,
} from "./guest-abi.js";
import { guestImage, guestWithSteps } from "./guest-build.js";
import { parseGuestOutput, type GuestOutput } from "./output.js";
import { boot, bootCmdline } from "./qemu.js";

/** dom0's vCPUs (and QEMU's CPUs) at most. */
const MAX_VCPUS = 4;
import { callLeavesState } from "./state.js";

/** A scenario prepared for one build: the dom0 document both the machine and real Xen run. */
export interface Prepared {
  readonly original: Scenario;
  /** The test guest that runs it as dom0. */
  readonly guest: GuestArch;
  /** Why the whole file cannot run on this build (then nothing else is set). */
  readonly cannot?: string;
  readonly dom0?: Dom0Scenario;
  /** The dom0 scenario, validated, with the build's release, debug and config. */
  readonly scenario?: Scenario;
  /** What the machine was told about the build that the file did not say. */
  readonly notes: readonly string[];
}

/** The machine release that stands for `build` (its exact point release when modelled). */
export function machineRelease(build: RealBuild): string {
  return (RELEASES as readonly string[]).includes(build.xen) ? build.xen : build.release;
}

/** Throws ScenarioError for an invalid file, as `xen-abi run` does. */
export function prepare(
  text: string,
  file: string,
  build: RealBuild,
  /** The domain that runs as dom0 (default: the first declared). */
  pick?: number,
): Prepared {
  const original = parseScenario(text, file);
  const doc = parseYaml(text) as Record<string, unknown>;
  const d0 = toDom0(doc, build.arch, pick);
  if (typeof d0 === "string") return { original, guest: build.arch, cannot: d0, notes: [] };
  const mode = String((d0.doc.domains as Record<string, unknown>[] | undefined)?.[0]?.mode);
  const guest = guestArchFor(build.arch, mode);
  if (mode === "pv32" && !build.config.PV32)
    return {
      original,
      guest,
      cannot: "a pv32 guest: this build has no CONFIG_PV32 (no compat ABI)",
      notes: [],
    };
  const dom = (d0.doc.domains as Record<string, unknown>[] | undefined)?.[0];
  const vcpus = Math.min(MAX_VCPUS, Number(dom?.vcpus ?? 1));
  const { xen, notes } = machineXen(d0.doc.xen, build, vcpus, guest === "aarch32");
  const scenario = parseScenario(JSON.stringify({ ...d0.doc, xen }), file);
  return { original, guest, dom0: d0, scenario, notes };
}

/**
 * The file's `xen` mapping as the machine gets it for a run on `build`: Xen's whole command
 * line as the boot gives it, the build's release, debug and config, QEMU's AArch32 top halves
 * (when `aarch32` runs there), and SILO where the build enforces it by default.
 */
export function machineXen(
  fileXen: unknown,
  build: RealBuild,
  /** dom0's vCPUs (the command line says dom0_max_vcpus). */
  vcpus: number,
  aarch32: boolean,
): { xen: Record<string, unknown>; notes: string[] } {
  const notes: string[] = [];
  const xen = { ...((fileXen as Record<string, unknown> | undefined) ?? {}) };
  // Both sides get Xen's whole command line, as the boot gives it.
  xen.cmdline = bootCmdline(build, String(xen.cmdline ?? ""), vcpus);
  xen.release = machineRelease(build);
  xen.debug = build.debug;
  const cfg: Record<string, boolean> = {};
  if (!build.config.ARGO) cfg.ARGO = false;
  if (!build.config.PV32 && build.arch === "x86_64") cfg.PV32 = false;
  if (Object.keys(cfg).length > 0) xen.config = cfg;
  // The CPU's choice for an AArch32 guest's top halves is QEMU's: it zero-extends r0-r12
  // into x0-x12 on every exception to AArch64 (target/arm/helper.c aarch64_sync_32_to_64).
  if (aarch32 && xen.aarch32UpperBits !== "zero") {
    if (xen.aarch32UpperBits !== undefined)
      notes.push(
        `aarch32UpperBits: ${String(xen.aarch32UpperBits)} in the file, but QEMU's CPU zeroes the top halves: the machine ran with zero`,
      );
    xen.aarch32UpperBits = "zero";
  }
  // Debian's arm64 builds enforce SILO when the command line names no module: the machine
  // is told so too, when the file does not say.
  const named = xen.xsm !== undefined || /(^|\s)xsm=/.test(String(xen.cmdline ?? ""));
  if (build.config.XSM_SILO_DEFAULT && !named) xen.xsm = "silo";
  // A module the file names by key is the boot's too (Xen's xsm= option); FLASK is left
  // out: the builds carry no policy for it.
  const byKey = (fileXen as { xsm?: unknown } | undefined)?.xsm;
  if (
    (byKey === "dummy" || byKey === "silo") &&
    build.config.XSM &&
    !/(^|\s)xsm=/.test(String(xen.cmdline))
  )
    xen.cmdline = `${String(xen.cmdline)} xsm=${byKey}`;
  return { xen, notes };
}

export interface RealRun {
  readonly prepared: Prepared;
  /** The guest's lines for this scenario, by the dom0 scenario's step index. */
  readonly output?: GuestOutput;
  readonly result: ScenarioResult;
  /** The boot's seconds (shared by every scenario of one boot). */
  readonly seconds: number;
  /** One line when the boot itself failed (timeout, dom0 crash before the end). */
  readonly trouble?: string;
}

function baseResult(step: ScenarioStep): StepResult {
  return {
    index: step.index,
    op: step.op,
    ...(step.label !== undefined && { label: step.label }),
    ok: true,
    failures: [],
  };
}

/** Real register values with the window's addresses put back as scenario addresses. */
export function normalisedRegs(
  line: readonly bigint[],
  arch: GuestArch,
  window: bigint,
): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  GUEST_REGS[arch].forEach((name, i) => {
    const v = line[i] ?? 0n;
    out[name] = v >= window + 0x1000n && v < window + BigInt(WINDOW_SIZE) ? v - window : v;
  });
  return out;
}

export interface RunLimits {
  /** One boot, start to end. */
  readonly timeLimitMs: number;
  /** Once the guest has begun: the longest wait for its next line (a call that never returns). */
  readonly stallMs: number;
}

export const DEFAULT_LIMITS: RunLimits = { timeLimitMs: 90_000, stallMs: 20_000 };

/** One scenario of a boot: prepared, and compiled unless it cannot run at all. */
interface Item {
  readonly prepared: Prepared;
  readonly compiled?: CompiledSteps;
}

/** Scenarios that one boot of one build runs, one after another. */
export interface BootPlan {
  readonly build: RealBuild;
  /** The test guest every scenario of the boot runs in. */
  readonly guest: GuestArch;
  readonly cmdline: string;
  readonly vcpus: number;
  readonly items: readonly Item[];
}

/**
 * The boots that run `prepared` on `build`: scenarios with the same Xen command line and vCPU
 * count share a boot, where each starts with zeroed registers and window. A scenario whose
 * calls leave state in Xen that a later scenario could see (leavesState) ends its boot, so
 * every scenario sees Xen as a fresh boot would show it; a boot also ends when its step list
 * is full. Scenarios that cannot run at all get a plan of their own with nothing to boot.
 */
export function planBoots(build: RealBuild, prepared: readonly Prepared[]): BootPlan[] {
  const plans: BootPlan[] = [];
  const groups = new Map<
    string,
    { guest: GuestArch; cmdline: string; vcpus: number; shared: Item[]; own: Item[] }
  >();
  for (const p of prepared) {
    if (p.scenario === undefined || p.cannot !== undefined) {
      plans.push({ build, guest: p.guest, cmdline: "", vcpus: 0, items: [{ prepared: p }] });
      continue;
    }
    const cmdline = p.scenario.xen.cmdline;
    const vcpus = Math.min(MAX_VCPUS, p.scenario.domains[0]?.vcpus ?? 1);
    const compiled = compileSteps(p.scenario, p.guest, {
      leavesState: (c) => callLeavesState(c, { build, cmdline, vcpus }),
    });
    const key = `${p.guest} ${vcpus} ${cmdline}`;
    const g = groups.get(key) ?? { guest: p.guest, cmdline, vcpus, shared: [], own: [] };
    groups.set(key, g);
    (compiled.leavesState ? g.own : g.shared).push({ prepared: p, compiled });
  }
  // Scenarios that leave nothing go first, in the boot of the first one that leaves state.
  const size = (i: Item) => i.compiled?.words.length ?? 0;
  for (const g of groups.values()) {
    const lists = g.own.length > 0 ? g.own.map((i) => [i]) : [[]];
    let cur: Item[] = [];
    let words = 2;
    const chunks: Item[][] = [];
    for (const i of g.shared) {
      if ((words + size(i)) * 8 > STEPS_CAPACITY - 64 && cur.length > 0) {
        chunks.push(cur);
        [cur, words] = [[], 2];
      }
      cur.push(i);
      words += size(i);
    }
    const first = lists[0] ?? [];
    if (first.length > 0 && (words + size(first[0] as Item)) * 8 > STEPS_CAPACITY - 64) {
      chunks.push(cur);
      cur = [];
    }
    lists[0] = [...cur, ...first];
    for (const items of [...chunks, ...lists])
      if (items.length > 0)
        plans.push({ build, guest: g.guest, cmdline: g.cmdline, vcpus: g.vcpus, items });
  }
  return plans;
}

/** Result of running one plan: a RealRun per scenario, in the plan's order. */
export interface BootOutcome {
  readonly runs: readonly RealRun[];
  /** QEMU boots it took (more than one when a scenario hung or crashed dom0). */
  readonly boots: number;
  readonly seconds: number;
}

/**
 * Run a plan. When a boot ends early (a call that never returns, dom0 crashed), the
 * scenario it was in is reported with why, and the scenarios after it get a boot of their own.
 */
export async function runPlan(
  plan: BootPlan,
  limits: RunLimits = DEFAULT_LIMITS,
): Promise<BootOutcome> {
  const { build } = plan;
  const got = new Map<Item, { output: GuestOutput; trouble?: string; seconds: number }>();
  let pending = plan.items.filter((i) => i.compiled !== undefined);
  let boots = 0;
  let seconds = 0;
  while (pending.length > 0) {
    const words = joinSteps(pending.map((i) => i.compiled?.words ?? []));
    const guest = guestWithSteps(guestImage(plan.guest), stepBytes(words));
    const booted = await boot(build, guest, plan.cmdline, { ...limits, vcpus: plan.vcpus });
    boots++;
    seconds += booted.seconds;
    const out = parseGuestOutput(booted.serial);
    const trouble = booted.timedOut
      ? `the boot hit its ${limits.timeLimitMs / 1000} s time limit`
      : booted.stalled
        ? `a call did not return within ${limits.stallMs / 1000} s (QEMU ended)`
        : out.trouble;
    const last = out.started.length > 0 ? Math.max(...out.started) : -1;
    pending.forEach((item, n) => {
      if (n > last && !(last < 0)) return;
      const lines = out.scenarios.get(n) ?? new Map();
      const t = out.ended
        ? undefined
        : n === last || last < 0
          ? (trouble ?? "the guest stopped")
          : undefined;
      got.set(item, {
        output: { ...out, scenarios: out.scenarios, steps: lines },
        ...(t !== undefined && { trouble: t }),
        seconds: booted.seconds,
      });
    });
    if (out.ended || last < 0) break;
    pending = pending.slice(last + 1);
  }
  const runs = plan.items.map((item) => {
    const g = got.get(item);
    return finish(item.prepared, item.compiled, g?.output, g?.trouble, g?.seconds ?? 0);
  });
  return { runs, boots, seconds };
}

/** Run one prepared scenario on `build`: one boot. */
export async function runReal(
  prepared: Prepared,
  build: RealBuild,
  timeLimitMs = DEFAULT_LIMITS.timeLimitMs,
): Promise<RealRun> {
  const [plan] = planBoots(build, [prepared]);
  if (plan === undefined) throw new Error("nothing to run");
  const { runs } = await runPlan(plan, {
    timeLimitMs,
    stallMs: Math.min(timeLimitMs, DEFAULT_LIMITS.stallMs),
  });
  const run = runs[0];
  if (run === undefined) throw new Error("nothing ran");
  return run;
}

/** The RealRun of one scenario from its guest lines (exported for its tests). */
export function finish(
  prepared: Prepared,
  compiled: CompiledSteps | undefined,
  output: GuestOutput | undefined,
  trouble: string | undefined,
  seconds: number,
): RealRun {
  const { original, scenario, dom0 } = prepared;
  const results = new Map<number, StepResult>();
  for (const s of original.steps) results.set(s.index, baseResult(s));
  if (prepared.cannot !== undefined || scenario === undefined || dom0 === undefined) {
    for (const r of results.values()) r.skipped = prepared.cannot ?? "cannot run";
  } else {
    for (const s of dom0.skipped) {
      const r = results.get(s.index);
      if (r !== undefined) r.skipped = s.why;
    }
    // Xen's reason when it crashed dom0 in this scenario (the boot ended in it).
    const crash = trouble !== undefined ? output?.domainCrash : undefined;
    let crashed: string | undefined;
    for (const step of scenario.steps) {
      const orig = dom0.origIndex[step.index] ?? step.index;
      const r = results.get(orig);
      if (r === undefined) continue;
      const why = compiled?.skipped.get(step.index);
      if (why !== undefined) {
        r.skipped = why;
        continue;
      }
      const ran = output?.steps.has(step.index) === true;
      if (crashed === undefined && !ran && crash !== undefined && step.op === "hypercall") {
        crashed = crash;
        crashedBy(step, r, `the call crashed dom0: ${crash}`);
      } else if (crashed !== undefined) crashedBy(step, r, "dom0 crashed earlier; step not run");
      else judge(step, r, output, prepared.guest, trouble);
    }
  }
  const steps = [...results.values()];
  for (const r of steps) r.ok = r.failures.length === 0;
  return {
    prepared,
    ...(output !== undefined && { output }),
    result: {
      file: original.file,
      ...(original.name !== undefined && { name: original.name }),
      ok: steps.every((s) => s.ok),
      steps,
    },
    seconds,
    ...(trouble !== undefined && { trouble }),
  };
}

/**
 * A step Xen's domain_crash ended (or one after it): fault domain_crash, as the machine
 * reports a crashed domain's steps (xen/common/domain.c domain_crash; the guest never
 * returned). Expectations other than the fault cannot be checked.
 */
export function crashedBy(step: ScenarioStep, r: StepResult, why: string) {
  r.fault = "domain_crash";
  const ex = (step as { expect?: { fault?: string } }).expect;
  const expected = step.op === "hypercall" ? ex?.fault : undefined;
  if (expected !== "domain_crash")
    r.failures.push(`fault: expected ${expected ?? "none"}, got domain_crash (${why})`);
  for (const key of Object.keys(step.op === "read" ? {} : (ex ?? {})))
    if (key !== "fault") r.failures.push(`${key}: not checked, the step did not complete`);
}

/** Fill `r` from the guest's line for `step`, checking the step's expectations. */
export function judge(
  step: ScenarioStep,
  r: StepResult,
  out: GuestOutput | undefined,
  arch: GuestArch,
  trouble: string | undefined,
) {
  const line = out?.steps.get(step.index);
  if (line === undefined || out === undefined) {
    r.failures.push(
      `no result from real Xen: ${trouble ?? "the guest stopped before this step (it did not return)"}`,
    );
    return;
  }
  if (step.op === "hypercall" && line.kind === "H") {
    const regs = normalisedRegs(line.regs, arch, out.window);
    const [resultReg, width] = RESULT_REG[arch];
    const ret = toSigned(BigInt.asUintN(width, regs[resultReg] ?? 0n), width);
    r.ret = `${ret}`;
    r.fault = "none";
    r.continuations = 0;
    r.regs = Object.fromEntries(Object.entries(regs).map(([k, v]) => [k, hexAt(v, width)]));
    const ex = step.expect;
    // An SMCCC call (`hvc #0`) answers PSCI's and SMCCC's codes, named as they name them.
    const x0 = step.regs.find((g) => g.name === "x0" || g.name === "r0")?.value;
    const fid = step.imm === 0 && x0 !== undefined ? Number(BigInt.asUintN(32, x0)) : undefined;
    const name = fid === undefined ? undefined : smcccResultName(fid, ret);
    if (name !== undefined) r.retName = name;
    if (ex.ret !== undefined && ex.ret !== ret)
      r.failures.push(
        `ret: expected ${withResultName(ex.ret, fid)}, got ${withResultName(ret, fid)}`,
      );
    if (ex.fault !== undefined && ex.fault !== "none")
      r.failures.push(`fault: expected ${ex.fault}, got none`);
    for (const e of ex.regs ?? []) {
      // An AArch32 guest reads xN's low half as rN; its top half is Xen's alone to see.
      const low = arch === "aarch32" ? /^x(\d+)$/.exec(e.name) : null;
      const got = low !== null ? regs[`r${low[1]}`] : regs[e.name];
      if (low !== null && got !== undefined) {
        const want = BigInt.asUintN(32, e.value);
        if (BigInt.asUintN(32, got) !== want)
          r.failures.push(
            `regs.${e.name}: expected low half ${hexAt(want, 32)}, got ${hexAt(BigInt.asUintN(32, got), 32)} in r${low[1]}`,
          );
      } else if (got === undefined)
        r.failures.push(`regs.${e.name}: not observable in the test guest`);
      else if (BigInt.asUintN(e.bits, got) !== e.value)
        r.failures.push(
          `regs.${e.name}: expected ${hexAt(e.value, e.bits)}, got ${hexAt(BigInt.asUintN(e.bits, got), e.bits)}`,
        );
    }
  } else if (step.op === "read" && line.kind === "R") {
    const got = line.bytes;
    const ex = step.expect;
    if (ex.bytes !== undefined && formatBytes(ex.bytes) !== formatBytes(got))
      r.failures.push(`bytes: expected "${formatBytes(ex.bytes)}", got "${formatBytes(got)}"`);
    if (ex.fields !== undefined && step.struct !== undefined) {
      const decoded = scenarioStructs.decode(step.struct, GUEST_MODE[arch], got);
      for (const [name, want] of Object.entries(ex.fields))
        if (decoded[name] !== want)
          r.failures.push(`fields.${name}: expected ${want}, got ${decoded[name]}`);
    }
    r.read = { bytes: formatBytes(got) };
  }
}
