/**
 * Running a validated scenario on the reference machine: boot a Xen, create the domains, and
 * play each step through the machine's face (src/xen.ts) only, as a guest and a toolstack
 * would. Every expectation of every step is checked; a failure does not stop the run. The
 * results' shape is in result.ts, what the steps saw (formatted when read) in seen.ts.
 */
import { REGISTER_SLOTS, registersFor, type RegisterDef } from "../abi/modes.js";
import { decidedDifferences } from "../machine/release-decided.js";
import type { ReleaseDifferenceId } from "../machine/release-differences.js";
import { smcccResultName } from "../hypercalls/psci/constants.js";
import type { TraceSpan } from "../machine/trace-log.js";
import { Xen } from "../xen.js";
import { firstDifference, formatBytes } from "./bytes.js";
import { hexAt } from "./numbers.js";
import {
  smcccFidOf,
  withErrno,
  withResultName,
  type ScenarioResult,
  type StepResult,
} from "./result.js";
import type {
  ConsoleStep,
  EventsStep,
  HypercallStep,
  ReadStep,
  RegValue,
  Scenario,
  ScenarioStep,
  SetVcpuContextStep,
  VirqsStep,
} from "./schema.js";
import { SeenLog, changedRegs, changedWords, lazyField } from "./seen.js";
import { scenarioStructs } from "./struct-codec.js";
import type { ScenarioStructs } from "./structs.js";

export { smcccFidOf, withErrno, withResultName } from "./result.js";
export type { ScenarioResult, StepResult } from "./result.js";

export interface RunOptions {
  /** Record the dispatcher's trace per hypercall and the bytes each read step saw. */
  readonly trace?: boolean;
  /** The struct layer to use (default: the project's struct table). */
  readonly structs?: ScenarioStructs;
  /**
   * Record on each hypercall and setVcpuContext step the registers it changed, and on every
   * step the release differences that decided what it did.
   */
  readonly changes?: boolean;
  /** Run as the file's release with these differences switched the other way (Xen's option). */
  readonly flipDifferences?: readonly ReleaseDifferenceId[];
}

export function runScenario(scenario: Scenario, opts: RunOptions = {}): ScenarioResult {
  const trace = opts.trace === true;
  const { xen: cfg } = scenario;
  const xen = new Xen({
    arch: cfg.arch,
    release: cfg.release,
    debug: cfg.debug,
    cmdline: cfg.cmdline,
    aarch32UpperBits: cfg.aarch32UpperBits,
    config: cfg.config,
    ...(cfg.xsm !== undefined && { xsm: cfg.xsm }),
    trace,
    keepTraces: trace,
    ...(opts.flipDifferences !== undefined && { flipDifferences: opts.flipDifferences }),
  });
  for (const d of scenario.domains) xen.createDomain(d);
  const runner = new StepRunner(xen, trace, opts.structs ?? scenarioStructs, opts.changes === true);
  const steps = scenario.steps.map((s) => runner.run(s));
  const result: ScenarioResult = {
    file: scenario.file,
    ...(scenario.name !== undefined && { name: scenario.name }),
    ok: steps.every((s) => s.ok),
    steps,
  };
  // What each step saw (registers, trace) is kept as numbers; its fields appear, formatted
  // when read, once someone reads the steps.
  lazyField(result, "steps", () => {
    runner.attachSeen();
    return steps;
  });
  return result;
}

class StepRunner {
  private readonly seen = new SeenLog();
  private attached = false;
  /** With `changes`: the register file as a hypercall step's guest left it, before the call. */
  private readonly before = new Uint32Array(REGISTER_SLOTS * 2);

  constructor(
    private readonly xen: Xen,
    private readonly trace: boolean,
    private readonly structs: ScenarioStructs,
    private readonly changes: boolean,
  ) {}

  /** Give each hypercall step its `regs` (and `trace`) fields, formatted when read. Once. */
  attachSeen(): void {
    if (this.attached) return;
    this.attached = true;
    const seen = this.seen;
    for (let i = 0; i < seen.steps.length; i++) {
      const r = seen.steps[i]!;
      const span = seen.spans[i]!;
      if (span !== null) lazyField(r, "trace", () => span.format());
      lazyField(r, "regs", () => seen.regs(i));
    }
  }

  run(step: ScenarioStep): StepResult {
    const r: StepResult = {
      index: step.index,
      op: step.op,
      ...(step.label !== undefined && { label: step.label }),
      ok: true,
      failures: [],
    };
    const state = this.xen.state;
    state.releaseDecided = 0;
    try {
      if (!this.skipCrashed(step, r)) this.dispatch(step, r);
    } catch (e) {
      // Validation should have caught it; report it on the step rather than abort the file.
      r.failures.push(`error: ${(e as Error).message}`);
    }
    if (this.changes && state.releaseDecided !== 0)
      r.releaseDecided = decidedDifferences(state.releaseDecided);
    r.ok = r.failures.length === 0;
    return r;
  }

  /** Spec: a later step on a crashed domain reports fault domain_crash without running. */
  private skipCrashed(step: ScenarioStep, r: StepResult): boolean {
    if (step.op === "createDomain" || step.op === "destroyDomain") return false;
    if (!this.xen.domain(step.domain).crashed) return false;
    r.fault = "domain_crash";
    const expected = step.op === "hypercall" ? step.expect.fault : undefined;
    if (expected !== "domain_crash")
      r.failures.push(
        `fault: expected ${expected ?? "none"}, got domain_crash (domain ${step.domain} crashed earlier; step not run)`,
      );
    for (const key of Object.keys(
      step.op === "read" ? {} : ((step as { expect?: object }).expect ?? {}),
    ))
      if (key !== "fault") r.failures.push(`${key}: not checked, the step did not run`);
    return true;
  }

  private dispatch(step: ScenarioStep, r: StepResult): void {
    const xen = this.xen;
    switch (step.op) {
      case "createDomain":
        xen.createDomain(step.config);
        return;
      case "destroyDomain":
        xen.destroyDomain(step.domain);
        return;
      case "write":
        if (this.mapped(step.domain, step.addr, step.bytes.length, r))
          xen.domain(step.domain).memory.write(step.addr, step.bytes);
        return;
      case "read":
        return this.read(step, r);
      case "hypercall":
        return this.hypercall(step, r);
      case "setVcpuContext":
        return this.setVcpuContext(step, r);
      case "virqs":
        return this.virqs(step, r);
      case "events":
        return this.events(step, r);
      case "console":
        return this.console(step, r);
    }
  }

  private hypercall(step: HypercallStep, r: StepResult): void {
    const { domain, vcpu } = step;
    for (const reg of step.regs) this.xen.writeRegister(domain, vcpu, reg.name, reg.value);
    // A vCPU the domain lacks is execute's error to report.
    const words = this.xen.domain(domain).vcpus[vcpu]?.regs.words;
    const before = this.changes && words !== undefined ? this.before : undefined;
    before?.set(words!);
    const fid = smcccFidOf(this.xen, domain, vcpu, step.imm);
    const res = this.xen.execute(domain, vcpu, step.imm);
    // ExecResult is reused by the machine: copy what we keep.
    const fault = res.fault;
    r.continuations = res.continuations;
    const span = this.trace ? res.rawTrace : null;
    const missing = res.unmodelled;
    r.fault = fault;
    const defs = this.keepSeen(r, domain, vcpu, span);
    if (before !== undefined) r.changed = changedWords(before, words!, defs);
    const ex = step.expect;
    if (missing !== null) {
      // Spec: no ret, and an expectation cannot hold against an answer the machine lacks.
      r.unmodelled = missing;
      if (ex.ret !== undefined || ex.fault !== undefined || ex.regs !== undefined)
        r.failures.push(`unmodelled: ${missing} (the reference machine gives no answer)`);
      return;
    }
    const ret = this.xen.result(domain, vcpu);
    r.ret = `${ret}`;
    if (fid !== undefined) {
      const name = smcccResultName(fid, ret);
      if (name !== undefined) r.retName = name;
    }
    if (ex.ret !== undefined && ex.ret !== ret)
      r.failures.push(
        `ret: expected ${withResultName(ex.ret, fid)}, got ${withResultName(ret, fid)}`,
      );
    if (ex.fault !== undefined && ex.fault !== fault)
      r.failures.push(`fault: expected ${ex.fault}, got ${fault}`);
    if (ex.regs !== undefined) this.compareRegs(domain, vcpu, ex.regs, r);
  }

  private setVcpuContext(step: SetVcpuContextStep, r: StepResult): void {
    const regs: Record<string, bigint> = {};
    for (const reg of step.regs) regs[reg.name] = reg.value;
    const before = this.changes ? this.snapshot(step.domain, step.vcpu) : undefined;
    const ret = BigInt(this.xen.setVcpuContext(step.domain, step.vcpu, regs));
    r.ret = `${ret}`;
    r.regs = this.snapshot(step.domain, step.vcpu);
    if (before !== undefined) r.changed = changedRegs(before, r.regs);
    if (step.expect.ret !== undefined && step.expect.ret !== ret)
      r.failures.push(`ret: expected ${withErrno(step.expect.ret)}, got ${withErrno(ret)}`);
  }

  private compareRegs(domain: number, vcpu: number, expected: readonly RegValue[], r: StepResult) {
    for (const e of expected) {
      const got = BigInt.asUintN(e.bits, this.xen.readRegister(domain, vcpu, e.name));
      if (got !== e.value)
        r.failures.push(
          `regs.${e.name}: expected ${hexAt(e.value, e.bits)}, got ${hexAt(got, e.bits)}`,
        );
    }
  }

  /** Keep the registers (and trace) step r saw, to be formatted when read; their definitions. */
  private keepSeen(
    r: StepResult,
    domain: number,
    vcpu: number,
    span: TraceSpan | null,
  ): readonly RegisterDef[] {
    const d = this.xen.domain(domain);
    const defs = registersFor(d.mode, this.xen.state.arch);
    this.seen.add(r, d.vcpus[vcpu]!.regs.words, defs, span);
    return defs;
  }

  /** Every register the vCPU's mode names (plus x0-x14 for AArch32 on arm64 Xen). */
  private snapshot(domain: number, vcpu: number): Record<string, string> {
    const out: Record<string, string> = {};
    const mode = this.xen.domain(domain).mode;
    for (const def of registersFor(mode, this.xen.state.arch))
      out[def.name] = hexAt(this.xen.readRegister(domain, vcpu, def.name), def.bits);
    return out;
  }

  /**
   * Spec: a write or read step whose frames a hypercall unmapped fails that step. Range and
   * frame 0 were checked before running.
   */
  private mapped(domain: number, addr: number, length: number, r: StepResult): boolean {
    const mem = this.xen.domain(domain).memory;
    if (length === 0 || !mem.inSpace(addr, length) || mem.contains(addr, length)) return true;
    const gfn = mem.firstHole(addr, length);
    r.failures.push(
      `unmapped frame: gfn 0x${gfn.toString(16)} of ${length} bytes at 0x${addr.toString(16)} is not mapped now`,
    );
    return false;
  }

  private read(step: ReadStep, r: StepResult): void {
    if (!this.mapped(step.domain, step.addr, step.length, r)) return;
    const d = this.xen.domain(step.domain);
    const got = d.memory.readBytes(step.addr, step.length);
    if (got === undefined) {
      r.failures.push(
        `read: ${step.length} bytes at 0x${step.addr.toString(16)} are outside the domain`,
      );
      return;
    }
    const ex = step.expect;
    if (ex.bytes !== undefined) {
      const at = firstDifference(ex.bytes, got);
      if (at >= 0)
        r.failures.push(
          `bytes: expected "${formatBytes(ex.bytes)}", got "${formatBytes(got)}" (first difference at offset ${at})`,
        );
    }
    let decoded: Record<string, bigint> | undefined;
    if (step.struct !== undefined) decoded = this.structs.decode(step.struct, d.mode, got);
    if (ex.fields !== undefined && decoded !== undefined) {
      for (const [name, want] of Object.entries(ex.fields)) {
        const have = decoded[name];
        if (have !== want) r.failures.push(`fields.${name}: expected ${want}, got ${have}`);
      }
    }
    if (this.trace || this.changes) {
      r.read = { bytes: formatBytes(got) };
      if (decoded !== undefined)
        r.read.fields = Object.fromEntries(Object.entries(decoded).map(([k, v]) => [k, `${v}`]));
    }
  }

  private virqs(step: VirqsStep, r: StepResult): void {
    const got = this.xen.takeVirqs(step.domain);
    if (this.changes) r.virqs = got;
    const want = step.expect.pending;
    if (want !== undefined && (want.length !== got.length || want.some((v, i) => v !== got[i])))
      r.failures.push(`pending: expected [${want.join(", ")}], got [${got.join(", ")}]`);
  }

  /** Spec: pending (and not masked) ports in shared_info, not cleared; none before it is placed. */
  private events(step: EventsStep, r: StepResult): void {
    const got = this.xen.pendingEvents(step.domain);
    if (got === null) {
      r.failures.push(
        `events: domain ${step.domain} has not placed its shared_info in its memory (XENMEM_add_to_physmap, XENMAPSPACE_shared_info), so there is none to read`,
      );
      return;
    }
    r.pending = got;
    const want = step.expect.pending;
    if (want !== undefined && (want.length !== got.length || want.some((v, i) => v !== got[i])))
      r.failures.push(`pending: expected [${want.join(", ")}], got [${got.join(", ")}]`);
  }

  private console(step: ConsoleStep, r: StepResult): void {
    const got = this.xen.takeConsole(step.domain);
    const want = step.expect.text;
    if (want !== undefined && want !== got)
      r.failures.push(`text: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
}
