import {
  contextRegistersFor,
  modeRunsOn,
  modeWithArticle,
  registersFor,
  type GuestMode,
  type RegisterDef,
  type XenArch,
} from "./abi/modes.js";
import { Domain, type DomainConfig, pagingModeTranslate } from "./machine/domain.js";
import type { ArgoPolicy, XsmModule } from "./xsm/hooks.js";
import { NEWEST_RELEASE, releaseProfile, type ReleaseRef } from "./machine/release.js";
import type { ReleaseDifferenceId } from "./machine/release-differences.js";
import {
  XenError,
  checkArch,
  checkDomid,
  checkMode,
  checkRegisterValue,
  checkRelease,
} from "./xen-input.js";
import type { Aarch32UpperBits, XenState } from "./machine/state.js";
import type { TraceEvent } from "./machine/trace.js";
import { TraceLog, TraceSpan } from "./machine/trace-log.js";
import { MachineScratch } from "./machine/scratch.js";
import { DEFAULT_CLOCK, type ModelClock } from "./machine/clock.js";
import { argoDestroy, argoInit, parseArgoCmdline } from "./hypercalls/argo_op/index.js";
import { parseAltp2mCmdline } from "./hypercalls/hvm_op/p2m-ops.js";
import { parseXsmCmdline, xsmPolicy } from "./xsm/index.js";
import {
  archSetInfoGuest,
  type ContextReg,
  type SetVcpuContextOptions,
} from "./handlers/vcpu-context.js";
import { DispatchContext, Fault } from "./dispatch/context.js";
import { trapArmHvc, XEN_HYPERCALL_TAG } from "./dispatch/arm.js";
import { trapX86 } from "./dispatch/x86.js";
import { makeDoMulticall, MULTICALL_HANDLERS } from "./dispatch/multicall.js";
import { HANDLERS, registryWith } from "./hypercalls/index.js";
import type { HypercallRecord as HypercallModelRecord } from "./hypercalls/record.js";
import type { BuildConfig } from "./machine/config.js";
import { evtchnInit, pendingPorts } from "./hypercalls/event_channel_op/index.js";
import { domainTimeAtStart, vcpuContextTime } from "./hypercalls/vcpu_op/time.js";

export interface XenOptions {
  /** Default "arm64". */
  readonly arch?: XenArch;
  /** Default: the newest modelled release. A line ("4.16") names its x.y.0. */
  readonly release?: ReleaseRef;
  /** Debug build (NDEBUG unset). Default false. */
  readonly debug?: boolean;
  /** Xen's boot command line, parsed as Xen parses it. Default "". */
  readonly cmdline?: string;
  /** The CPU's IMPLEMENTATION DEFINED top-half behaviour for AArch32 writes. Default "preserve". */
  readonly aarch32UpperBits?: Aarch32UpperBits;
  /**
   * The XSM module Xen enforces (`xsm=`); a `xsm=` on `cmdline` counts when this is absent.
   * Default: the dummy module, with FLASK's answer for domains created with `argo: false`.
   */
  readonly xsm?: XsmModule;
  /** A finer Argo policy (policyFromRules), consulted where the module allows. */
  readonly argoPolicy?: ArgoPolicy;
  /** Kconfig options of the build (`ARGO: false`: no argo_op). Default: every option on. */
  readonly config?: BuildConfig;
  /** Record a structured trace of every hypercall. Default false. */
  readonly trace?: boolean;
  /**
   * With `trace`: every call's events stay readable (ExecResult.rawTrace) for the machine's
   * life, as a scenario run shows each step's trace afterwards. Default false: a call's trace
   * lasts until the next call.
   */
  readonly keepTraces?: boolean;
  /** The machine's clock, field by field. Default DEFAULT_CLOCK (system time 0, the epoch). */
  readonly clock?: Partial<ModelClock>;
  /** Work units before the model's hypercall_preempt_check() fires. Default 4. */
  readonly preemptBudget?: number;
  /**
   * More hypercall records (a made-up or proposed hypercall, or one replacing a modelled
   * one): this machine dispatches to their handlers too. Default: the registry's.
   */
  readonly records?: readonly HypercallModelRecord[];
  /** setVcpuContext applies the thread's proposed upper-bits check (not in Xen). Default false. */
  readonly checkUpperBitsOnSetContext?: boolean;
  /**
   * Release differences switched the other way from how `release` has them: what the release
   * would do without (or with) that one change. The release matrix asks this to credit a
   * change only to the steps it affects. Default: none.
   */
  readonly flipDifferences?: readonly ReleaseDifferenceId[];
}

/**
 * The C handlers the machine models (`do_argo_op`, `compat_multicall`, ...). Every other cell
 * of the hypercall table still dispatches, and its trace says "not modelled".
 */
export const MODELLED_HANDLERS: readonly string[] = [
  ...Object.keys(HANDLERS),
  ...MULTICALL_HANDLERS,
].sort();

export { XenError } from "./xen-input.js";

/** The outcome of one guest instruction. The machine reuses this object for every call. */
export interface ExecResult {
  fault: "none" | "undef" | "domain_crash";
  /** How many times Xen preempted the call and the guest re-executed it. */
  continuations: number;
  /** The dispatcher's trace of this instruction, formatted when read (null: tracing off). */
  readonly trace: TraceEvent[] | null;
  /**
   * The same trace as recorded: the call's span of the machine's TraceLog, events kept as
   * numbers (`format()` shows them). Valid until the next call unless the machine keeps
   * traces (XenOptions.keepTraces).
   */
  readonly rawTrace: TraceSpan | null;
  /**
   * `<hypercall>[/<sub-op>]` when the call reached a handler or sub-op the machine does not
   * model: the guest's registers are left as Xen left them before answering, with no result.
   */
  readonly unmodelled: string | null;
}

/** ExecResult whose trace is formatted only when someone reads it. */
class ExecOutcome implements ExecResult {
  fault: ExecResult["fault"] = "none";
  continuations = 0;
  unmodelled: string | null = null;
  /** The call's records in `log` (null: tracing off): [fromWord, toWord), refs from fromRef. */
  log: TraceLog | null = null;
  fromWord = 0;
  toWord = 0;
  fromRef = 0;
  /** Which call `shown` formats (calls counts them). */
  calls = 0;
  private shown: TraceEvent[] | null = null;
  private shownCall = -1;

  get rawTrace(): TraceSpan | null {
    return this.log === null
      ? null
      : new TraceSpan(this.log, this.fromWord, this.toWord, this.fromRef);
  }

  get trace(): TraceEvent[] | null {
    if (this.log === null) return null;
    if (this.shownCall !== this.calls) {
      this.shown = this.log.format(this.fromWord, this.toWord, this.fromRef);
      this.shownCall = this.calls;
    }
    return this.shown;
  }
}

const HVC_TAG = `hvc #0x${XEN_HYPERCALL_TAG.toString(16)}`;

/** A guest loops forever on a continuation that never completes: stop it, with a clear error. */
const MAX_CONTINUATIONS = 1_000_000;
const FAULT_NAMES = ["none", "undef", "domain_crash"] as const;

/**
 * The reference machine: one Xen build, booted with a command line, running guest domains
 * that issue hypercalls through their registers and memory.
 */
export class Xen {
  readonly state: XenState;
  private readonly dc: DispatchContext;
  /** registerDef's maps, per guest mode. */
  private readonly registerMaps = new Map<GuestMode, ReadonlyMap<string, RegisterDef>>();
  /** The trace recorder (null: tracing off). */
  private readonly log: TraceLog | null;
  private readonly execResult = new ExecOutcome();
  private readonly checkUpperBits: boolean;
  /** Whether the XSM module was chosen (option or `xsm=`), not the machine's default. */
  private readonly xsmExplicit: boolean;

  constructor(opts: XenOptions = {}) {
    const release = checkRelease(opts.release ?? NEWEST_RELEASE);
    const arch = checkArch(opts.arch ?? "arm64");
    const cmdline = opts.cmdline ?? "";
    const domains = new Map<number, Domain>();
    const debug = opts.debug ?? false;
    const xsm = xsmPolicy(opts.xsm ?? parseXsmCmdline(cmdline), release, debug, opts.argoPolicy);
    this.state = {
      arch,
      release,
      profile: releaseProfile(release, opts.flipDifferences),
      debug,
      cmdline,
      boot: { ...parseArgoCmdline(cmdline), altp2m: parseAltp2mCmdline(cmdline) },
      aarch32UpperBits: opts.aarch32UpperBits ?? "preserve",
      domains,
      config: opts.config ?? {},
      argoPolicy: xsm.argo,
      xsm: xsm.hooks,
      trace: null,
      preemptBudget: opts.preemptBudget ?? 4,
      clock: { ...DEFAULT_CLOCK, ...opts.clock },
      scratch: new MachineScratch(),
      releaseDecided: 0,
    };
    this.xsmExplicit = (opts.xsm ?? parseXsmCmdline(cmdline)) !== undefined;
    this.log = opts.trace === true ? new TraceLog(opts.keepTraces === true) : null;
    this.checkUpperBits = opts.checkUpperBitsOnSetContext ?? false;
    const dc: DispatchContext = new DispatchContext(
      this.state,
      {
        do_multicall: (c) => doMulticall(c),
        compat_multicall: (c) => doMulticall(c),
      },
      registryWith(opts.records ?? []),
    );
    const doMulticall = makeDoMulticall(dc);
    this.dc = dc;
  }

  get arch(): XenArch {
    return this.state.arch;
  }

  /** Create a domain (domain_create + argo_init). */
  createDomain(cfg: DomainConfig): Domain {
    checkDomid(cfg.id);
    checkMode(cfg.mode);
    if (this.state.domains.has(cfg.id)) throw new XenError(`domain ${cfg.id} already exists`);
    if (cfg.mode === "pv32" && this.state.config?.PV32 === false)
      throw new XenError(`a build without CONFIG_PV32 has no pv32 domains`);
    if (!modeRunsOn(cfg.mode, this.state.arch))
      throw new XenError(`a ${cfg.mode} guest cannot run on ${this.state.arch} Xen`);
    if (cfg.argo === false && this.state.xsm.module !== "flask" && this.xsmExplicit)
      throw new XenError(
        `domain ${cfg.id} has argo: false, which needs FLASK, but Xen enforces ${this.state.xsm.module}`,
      );
    const d = new Domain(cfg);
    this.state.domains.set(d.id, d);
    evtchnInit(d);
    argoInit(this.state, d);
    domainTimeAtStart(this.state, d);
    return d;
  }

  /** Tear a domain down as Xen does (argo_destroy: its rings, partner rings, pending entries). */
  destroyDomain(domid: number): void {
    const d = this.domain(domid);
    d.dying = true;
    argoDestroy(this.state, d);
    this.state.domains.delete(domid);
  }

  domain(domid: number): Domain {
    const d = this.state.domains.get(domid);
    if (d === undefined) checkDomid(domid);
    if (d === undefined) throw new XenError(`no domain ${domid}`);
    return d;
  }

  private vcpu(domid: number, vcpu: number) {
    const d = this.domain(domid);
    return { d, v: this.vcpuOf(d, vcpu) };
  }

  private vcpuOf(d: Domain, vcpu: number): Domain["vcpus"][number] {
    const v = d.vcpus[vcpu];
    if (v === undefined) throw new XenError(`domain ${d.id} has no vCPU ${vcpu}`);
    return v;
  }

  private register(domid: number, name: string): { def: RegisterDef; d: Domain } {
    const d = this.domain(domid);
    return { def: this.registerDef(d, name), d };
  }

  /** The register `name` means on `d`'s vCPUs (this machine's arch), or XenError. */
  private registerDef(d: Domain, name: string): RegisterDef {
    // A map per guest mode, made on first use: a scenario names registers step after step.
    let byName = this.registerMaps.get(d.mode);
    if (byName === undefined) {
      byName = new Map(registersFor(d.mode, this.state.arch).map((r) => [r.name, r]));
      this.registerMaps.set(d.mode, byName);
    }
    const def = byName.get(name);
    if (def === undefined)
      throw new XenError(
        `unknown register '${name}' for ${modeWithArticle(d.mode)} vCPU; its registers: ${[...byName.keys()].join(", ")}`,
      );
    return def;
  }

  /**
   * The guest writes a register. A 32-bit name on an AArch32 vCPU of arm64 Xen leaves the
   * top half of xN as the CPU's aarch32UpperBits choice says; x86 32-bit writes zero-extend.
   */
  writeRegister(domid: number, vcpu: number, name: string, value: bigint): void {
    const d = this.domain(domid);
    const def = this.registerDef(d, name);
    const v = this.vcpuOf(d, vcpu);
    let lo: number;
    let hi: number;
    if (typeof value === "bigint" && value >= 0n && value <= 0xffffffffn) {
      // Most values fit 32 bits: the same at either width, without BigInt arithmetic.
      lo = Number(value);
      hi = 0;
    } else {
      const u = BigInt.asUintN(def.bits, checkRegisterValue(name, value));
      lo = Number(u & 0xffffffffn);
      hi = Number(u >> 32n);
    }
    if (def.bits === 64) {
      v.regs.set(def.slot, lo, hi);
    } else if (d.info.family === "arm" && this.state.arch === "arm64") {
      v.regs.setLo(def.slot, lo);
      if (this.state.aarch32UpperBits === "zero") v.regs.setHi(def.slot, 0);
    } else {
      v.regs.set(def.slot, lo, 0);
    }
  }

  /** A register's value as the named view sees it (unsigned). */
  readRegister(domid: number, vcpu: number, name: string): bigint {
    const { def } = this.register(domid, name);
    const { v } = this.vcpu(domid, vcpu);
    const w = v.regs.get64(def.slot);
    return def.bits === 64 ? w : w & 0xffffffffn;
  }

  /** The result register as a signed integer of the guest's width. */
  result(domid: number, vcpu: number): bigint {
    const d = this.domain(domid);
    const v = this.vcpuOf(d, vcpu);
    const lo = v.regs.lo(0);
    if (d.info.bits === 32) return BigInt(lo | 0);
    // A 64-bit result within 32 bits of zero (an errno, a version, a count) needs no BigInt
    // arithmetic; the rest does.
    const hi = v.regs.hi(0);
    if (hi === 0) return BigInt(lo);
    if (hi === 0xffffffff) return BigInt(lo - 0x100000000);
    return BigInt.asIntN(64, v.regs.get64(0));
  }

  /**
   * The guest on (domid, vcpu) executes its hypercall instruction; continuations are
   * re-executed until the call completes. `imm` is the HVC immediate (Arm only).
   */
  execute(domid: number, vcpu: number, imm: number = XEN_HYPERCALL_TAG): ExecResult {
    // Hot path: look up without allocating; errors and tracing are out of line.
    const d = this.state.domains.get(domid);
    const v = d?.vcpus[vcpu];
    if (d === undefined || v === undefined || !v.online || d.crashed)
      return this.cannotExecute(domid, vcpu);
    const arm = d.info.family === "arm";
    if (!arm && imm !== XEN_HYPERCALL_TAG)
      throw new XenError("an HVC immediate applies to Arm guests only");
    const res = this.execResult;
    res.continuations = 0;
    const log = this.log;
    if (log !== null) {
      res.calls++; // a new trace for `res.trace` to format (read only while tracing)
      this.startTrace(log, d, v, imm);
    }
    this.dc.call.unmodelled = null;
    let fault: Fault;
    for (;;) {
      fault = arm ? trapArmHvc(this.dc, d, v, imm) : trapX86(this.dc, d, v);
      if (fault !== Fault.None || !v.hcallPreempted) break;
      if (++res.continuations > MAX_CONTINUATIONS) this.neverCompleted(v, arm);
    }
    this.state.trace = null;
    res.fault = FAULT_NAMES[fault];
    res.log = log;
    if (log !== null) res.toWord = log.wordCount;
    res.unmodelled = this.dc.call.unmodelled;
    return res;
  }

  /** execute() on a missing or offline vCPU (an API error) or a crashed domain (a result). */
  private cannotExecute(domid: number, vcpu: number): ExecResult {
    const d = this.domain(domid);
    const v = d.vcpus[vcpu];
    if (v === undefined) throw new XenError(`domain ${domid} has no vCPU ${vcpu}`);
    const res = this.execResult;
    res.continuations = 0;
    res.calls++;
    res.log = null;
    res.unmodelled = null;
    if (d.crashed) {
      res.fault = "domain_crash";
      return res;
    }
    throw new XenError(`vCPU ${vcpu} of domain ${domid} is offline`);
  }

  /** Start the call's trace with the entry snapshot: a copy of the register file. */
  private startTrace(log: TraceLog, d: Domain, v: Domain["vcpus"][number], imm: number): void {
    log.begin();
    const res = this.execResult;
    res.fromWord = log.wordCount;
    res.fromRef = log.refCount;
    const info = d.info;
    const arm = info.family === "arm";
    const instruction = !arm
      ? info.instruction
      : imm === XEN_HYPERCALL_TAG
        ? HVC_TAG
        : `hvc #0x${imm.toString(16)}`;
    log.entry(d.mode, this.state.arch, instruction, arm ? imm : -1, v.regs.words);
    this.state.trace = log;
  }

  private neverCompleted(v: Domain["vcpus"][number], arm: boolean): never {
    this.state.trace = null;
    throw new XenError(`hypercall ${v.regs.lo(arm ? 16 : 0)} never completed`);
  }

  /**
   * XEN_DOMCTL_setvcpucontext: the toolstack sets a vCPU's registers (arch_set_info_guest).
   * Arm names are x0-x30 and pc for both guest modes, with all 64 bits. Returns 0 or -errno.
   */
  setVcpuContext(
    domid: number,
    vcpu: number,
    regs: Readonly<Record<string, bigint>>,
    opts: SetVcpuContextOptions & { cpsr?: number } = {},
  ): number {
    const { d, v } = this.vcpu(domid, vcpu);
    const defs = contextRegistersFor(d.mode);
    const list: ContextReg[] = [];
    for (const [name, value] of Object.entries(regs)) {
      const def = defs.find((r) => r.name === name);
      if (def === undefined)
        throw new XenError(`unknown context register ${name} for ${modeWithArticle(d.mode)} vCPU`);
      const u = BigInt.asUintN(def.bits, value);
      list.push({ slot: def.slot, lo: Number(u & 0xffffffffn), hi: Number(u >> 32n) });
    }
    const rc = archSetInfoGuest(this.state, d, v, list, opts.cpsr, {
      checkUpperBits: opts.checkUpperBits ?? this.checkUpperBits,
    });
    if (rc === 0) vcpuContextTime(this.state, d, v);
    return rc;
  }

  /** Virtual interrupts raised for the domain since the last call, sorted; clears them. */
  takeVirqs(domid: number): number[] {
    const d = this.domain(domid);
    const out = [...d.pendingVirqs].sort((a, b) => a - b);
    d.pendingVirqs.clear();
    return out;
  }

  /**
   * The event channels pending and not masked in the domain's shared_info (2-level ABI),
   * sorted, without clearing them; null while the guest has not placed shared_info in its
   * memory (PV guests find it from boot, through start_info).
   */
  pendingEvents(domid: number): number[] | null {
    const d = this.domain(domid);
    if (d.sharedInfoGfn === null && pagingModeTranslate(d)) return null;
    return pendingPorts(d);
  }

  /** What the domain wrote with CONSOLEIO_write since the last call; clears it. */
  takeConsole(domid: number): string {
    const d = this.domain(domid);
    const s = d.console;
    d.console = "";
    return s;
  }
}
