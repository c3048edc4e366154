/**
 * One scenario on one real Xen build: made dom0's (dom0.ts), compiled into the test guest's
 * step list (compile.ts), booted (qemu.ts), and reported as `xen-abi run` reports a run on
 * the machine: one StepResult per step of the file, skipped steps saying why.
 */
import {
  formatBytes,
  hexAt,
  parseScenario,
  RELEASES,
  scenarioStructs,
  toSigned,
  withResultName,
  smcccResultName,
  type Scenario,
  type ScenarioResult,
  type ScenarioStep,
  type StepResult,
} from "@xen-abi/abi-core";
import { parse as parseYaml } from "yaml";
import type { RealBuild } from "./builds.js";
import { compileSteps, stepBytes } from "./compile.js";
import { toDom0, type Dom0Scenario } from "./dom0.js";
import { GUEST_REGS, WINDOW_SIZE } from "./guest-abi.js";
import { guestImage, guestWithSteps } from "./guest-build.js";
import { parseGuestOutput, type GuestOutput } from "./output.js";
import { boot } from "./qemu.js";

/** A scenario prepared for one build: the dom0 document both the machine and real Xen run. */
export interface Prepared {
  readonly original: Scenario;
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
export function prepare(text: string, file: string, build: RealBuild): Prepared {
  const original = parseScenario(text, file);
  const doc = parseYaml(text) as Record<string, unknown>;
  const d0 = toDom0(doc, build.arch);
  if (typeof d0 === "string") return { original, cannot: d0, notes: [] };
  const notes: string[] = [];
  const xen = { ...((d0.doc.xen as Record<string, unknown> | undefined) ?? {}) };
  xen.release = machineRelease(build);
  xen.debug = build.debug;
  const cfg: Record<string, boolean> = {};
  if (!build.config.ARGO) cfg.ARGO = false;
  if (!build.config.PV32 && build.arch === "x86_64") cfg.PV32 = false;
  if (Object.keys(cfg).length > 0) xen.config = cfg;
  // Debian's arm64 builds enforce SILO when the command line names no module: the machine
  // is told so too, when the file does not say and the machine takes the `xsm` key.
  const named = xen.xsm !== undefined || /(^|\s)xsm=/.test(String(xen.cmdline ?? ""));
  if (build.config.XSM_SILO_DEFAULT && !named) {
    try {
      return {
        original,
        dom0: d0,
        scenario: parseScenario(JSON.stringify({ ...d0.doc, xen: { ...xen, xsm: "silo" } }), file),
        notes,
      };
    } catch {
      notes.push("the machine takes no xsm key yet: it ran without SILO");
    }
  }
  const scenario = parseScenario(JSON.stringify({ ...d0.doc, xen }), file);
  return { original, dom0: d0, scenario, notes };
}

export interface RealRun {
  readonly prepared: Prepared;
  /** By the dom0 scenario's step index. */
  readonly output?: GuestOutput;
  readonly result: ScenarioResult;
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
  arch: "x86_64" | "arm64",
  window: bigint,
): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  GUEST_REGS[arch].forEach((name, i) => {
    const v = line[i] ?? 0n;
    out[name] = v >= window + 0x1000n && v < window + BigInt(WINDOW_SIZE) ? v - window : v;
  });
  return out;
}

/** Run a prepared scenario on `build`: one boot. */
export async function runReal(
  prepared: Prepared,
  build: RealBuild,
  timeLimitMs = 60_000,
): Promise<RealRun> {
  const { original, scenario, dom0 } = prepared;
  const results = new Map<number, StepResult>();
  for (const s of original.steps) results.set(s.index, baseResult(s));
  const skipAll = (why: string) => {
    for (const r of results.values()) r.skipped = why;
  };
  let output: GuestOutput | undefined;
  let seconds = 0;
  let trouble: string | undefined;
  if (prepared.cannot !== undefined || scenario === undefined || dom0 === undefined) {
    skipAll(prepared.cannot ?? "cannot run");
  } else {
    for (const s of dom0.skipped) {
      const r = results.get(s.index);
      if (r !== undefined) r.skipped = s.why;
    }
    const compiled = compileSteps(scenario, build.arch);
    const guest = guestWithSteps(guestImage(build.arch), stepBytes(compiled.words));
    const vcpus = Math.min(4, scenario.domains[0]?.vcpus ?? 1);
    const booted = await boot(build, guest, scenario.xen.cmdline, timeLimitMs, vcpus);
    seconds = booted.seconds;
    output = parseGuestOutput(booted.serial);
    if (booted.timedOut) trouble = `the boot hit its ${timeLimitMs / 1000} s time limit`;
    else if (output.trouble !== undefined) trouble = output.trouble;
    for (const step of scenario.steps) {
      const orig = dom0.origIndex[step.index] ?? step.index;
      const r = results.get(orig);
      if (r === undefined) continue;
      const why = compiled.skipped.get(step.index);
      if (why !== undefined) {
        r.skipped = why;
        continue;
      }
      judge(step, r, output, build.arch, trouble);
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

/** Fill `r` from the guest's line for `step`, checking the step's expectations. */
function judge(
  step: ScenarioStep,
  r: StepResult,
  out: GuestOutput,
  arch: "x86_64" | "arm64",
  trouble: string | undefined,
) {
  const line = out.steps.get(step.index);
  if (line === undefined) {
    r.failures.push(
      `no result from real Xen: ${trouble ?? "the guest stopped before this step (it did not return)"}`,
    );
    return;
  }
  if (step.op === "hypercall" && line.kind === "H") {
    const regs = normalisedRegs(line.regs, arch, out.window);
    const ret = toSigned(regs[arch === "x86_64" ? "rax" : "x0"] ?? 0n, 64);
    r.ret = `${ret}`;
    r.fault = "none";
    r.continuations = 0;
    r.regs = Object.fromEntries(Object.entries(regs).map(([k, v]) => [k, hexAt(v, 64)]));
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
      const got = regs[e.name];
      if (got === undefined) r.failures.push(`regs.${e.name}: not observable in the test guest`);
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
      const decoded = scenarioStructs.decode(
        step.struct,
        arch === "x86_64" ? "pv64" : "aarch64",
        got,
      );
      for (const [name, want] of Object.entries(ex.fields))
        if (decoded[name] !== want)
          r.failures.push(`fields.${name}: expected ${want}, got ${decoded[name]}`);
    }
    r.read = { bytes: formatBytes(got) };
  }
}
