/**
 * The thread's question, answered by running the machine: what does Xen do with the bits of
 * an argument register above the argument's width? For each release (every x.y.0, and each
 * point release whose behaviour switches change), each guest mode on each Xen that runs it and
 * each argument, the machine executes the hypercall twice from a fresh domain: once with the
 * argument's bits above its width clear, once with them set. The trace says what the
 * handler received (zeroed on entry, dropped by the cast, or kept) and the two results say
 * whether the stray bits changed the answer. Nothing here is written by hand.
 */
import {
  MODE_INFO,
  REGISTRY,
  RELEASES,
  Xen,
  hypercallByNumber,
  releaseProfile,
  type GuestMode,
  type Release,
  type TraceEvent,
  type XenArch,
} from "@xen-abi/abi-core";
import { dispatchTable } from "@xen-abi/abi-core/table";
import { typeBytes } from "./arg-facts.js";

export type TopHalfFate =
  /** The argument fills the register: there are no bits above it. */
  | "none"
  /** Xen zeroes the register's top half on entry (arm64, AArch32 guests, 4.17.0 and 4.16.1 on). */
  | "zeroed"
  /** Xen does not read them (a 32-bit register). */
  | "unread"
  /** The cast to the handler's parameter type drops them; nothing checks. */
  | "dropped"
  /** They reach the handler. */
  | "kept";

export interface TopHalfFact {
  /** `4.12.0-4.16.0`, `4.16.1`, `4.17.0-4.22.0`. */
  readonly releases: string;
  readonly fate: TopHalfFate;
  /** One line: what happened, with the results when the bits changed them. */
  readonly text: string;
}

/** A sub-op a probe runs: its number goes in the record's sub-op argument. */
interface ProbeSubop {
  readonly arg: number;
  readonly number: number;
  readonly name: string;
}

/**
 * The sub-op that reads argument `index`: the first modelled one whose arguments (its own, or
 * the record's) include it. Sub-op 0 does not always read it (XENVER_version ignores its
 * handle), and a probe of a sub-op that ignores the argument says nothing about it.
 */
export function probeSubop(number: number, index: number): ProbeSubop | undefined {
  const name = hypercallByNumber(number)?.name;
  const record = name === undefined ? undefined : REGISTRY.record(name);
  if (record?.subopArg === undefined || record.subopArg === index) return undefined;
  const reads = record.subops.find(
    (s) => s.modelled && (s.args ?? record.args)?.[index] !== undefined,
  );
  return reads && { arg: record.subopArg, number: reads.number, name: reads.name };
}

/** Where pointer arguments point: inside the fresh domain's memory, so only stray bits fault. */
const SCRATCH = 0x10000;

/** The releases to run: every x.y.0, and each point release that switches a behaviour. */
export function probeReleases(): Release[] {
  const key = (r: Release) =>
    JSON.stringify(releaseProfile(r), (k, v) =>
      ["release", "major", "minor", "patch"].includes(k) ? undefined : v,
    );
  return RELEASES.filter((r, i) => r.endsWith(".0") || key(r) !== key(RELEASES[i - 1]!));
}

/** An AArch32 guest on arm64 Xen: its rN is the low half of xN, the top half what the CPU left. */
const wide = (mode: GuestMode, arch: XenArch) => mode === "aarch32" && arch === "arm64";

/** The register names a mode's guest writes with all the bits the hardware holds. */
function fullRegister(mode: GuestMode, arch: XenArch, index: number): string {
  return wide(mode, arch) ? `x${index}` : MODE_INFO[mode].argRegs[index]!;
}

function numberRegister(mode: GuestMode, arch: XenArch): string {
  return wide(mode, arch) ? "x12" : MODE_INFO[mode].numberReg;
}

/** Bits of the register as the machine holds it for the guest (64 for AArch32's xN on arm64). */
function registerBits(mode: GuestMode, arch: XenArch): number {
  return wide(mode, arch) ? 64 : MODE_INFO[mode].bits;
}

interface Run {
  readonly trace: readonly TraceEvent[];
  readonly ret: bigint | undefined;
  /** "not modelled", "domain crash", "undefined instruction", or null when Xen answered. */
  readonly other: string | null;
}

function run(
  release: Release,
  arch: XenArch,
  mode: GuestMode,
  number: number,
  regs: readonly bigint[],
): Run {
  const xen = new Xen({ release, arch, trace: true });
  xen.createDomain({ id: 1, mode });
  xen.writeRegister(1, 0, numberRegister(mode, arch), BigInt(number));
  regs.forEach((v, i) => xen.writeRegister(1, 0, fullRegister(mode, arch, i), v));
  const r = xen.execute(1, 0);
  const trace = r.trace ?? [];
  const other =
    r.fault === "domain_crash"
      ? "domain crash"
      : r.fault === "undef"
        ? "undefined instruction"
        : r.unmodelled !== null
          ? "not modelled"
          : null;
  return { trace, ret: other === null ? xen.result(1, 0) : undefined, other };
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

function retText(run: Run): string {
  if (run.ret === undefined) return run.other ?? "no result";
  const res = run.trace.find((e) => e.kind === "result");
  const errno = res?.kind === "result" ? res.errno : undefined;
  return errno ?? String(Number(BigInt.asIntN(64, run.ret)));
}

function failedCheck(run: Run): string | undefined {
  const checks = run.trace.filter((e) => e.kind === "check");
  const last = checks.at(-1);
  return last?.kind === "check" ? last.id : undefined;
}

/**
 * Run one argument at one release: its bits above `width` clear, then set. `width` is the
 * argument's width in the guest's ABI.
 */
function probe(
  release: Release,
  arch: XenArch,
  mode: GuestMode,
  number: number,
  nargs: number,
  index: number,
  ctype: string,
  width: number,
  subop: ProbeSubop | undefined,
): { fate: TopHalfFate; text: string } {
  const regBits = registerBits(mode, arch);
  if (width >= regBits)
    return { fate: "none", text: `the argument fills the ${regBits}-bit register` };
  const pointer = /\*\s*$/.test(ctype);
  const low = pointer ? BigInt(SCRATCH) : 0n;
  const top = ((1n << BigInt(regBits)) - 1n) ^ ((1n << BigInt(width)) - 1n);
  const regs = Array.from({ length: nargs }, (_, i) =>
    pointer && i === index ? low : subop?.arg === i ? BigInt(subop.number) : 0n,
  );
  const stray = regs.map((v, i) => (i === index ? v | top : v));
  const set = run(release, arch, mode, number, stray);
  const narrow = set.trace.find((e) => e.kind === "narrow" && e.index === index + 1);
  if (narrow?.kind !== "narrow") return { fate: "none", text: "no handler reads it" };
  const raw = BigInt(narrow.raw);
  const value = BigInt(narrow.value);
  const zeroed = set.trace.some((e) => e.kind === "zero-top-halves");
  const register = narrow.register;
  if ((raw & top) === 0n)
    return zeroed
      ? { fate: "zeroed", text: `Xen zeroes the top half of ${register} on entry` }
      : { fate: "unread", text: `Xen reads only the low ${width} bits of ${register}` };
  if ((value & top) === 0n)
    return {
      fate: "dropped",
      text: `the cast to ${ctype} drops them silently (${hex(raw)} becomes ${hex(value)})`,
    };
  const base = run(release, arch, mode, number, regs);
  const before = retText(base);
  const after = retText(set);
  const check = failedCheck(set);
  const effect =
    before === after
      ? after === "not modelled"
        ? "the handler is not modelled"
        : "the result does not change (the other arguments 0)"
      : `${after} instead of ${before}${check && check !== failedCheck(base) ? ` (check ${check})` : ""}`;
  return {
    fate: "kept",
    text: `they reach the handler${pointer ? " as part of the guest address" : ""}: ${effect}${subop ? ` (run as ${subop.name})` : ""}`,
  };
}

/** Consecutive releases with one answer, as `4.12.0-4.16.0`. */
function span(rs: readonly Release[]): string {
  return rs.length === 1 ? rs[0]! : `${rs[0]}-${rs.at(-1)}`;
}

/**
 * The answer for argument `index` of hypercall `number` from a `mode` guest on `arch` Xen, per
 * release (consecutive releases with the same answer merged). Releases without a handler for
 * the mode are left out.
 */
export function topHalfFacts(
  number: number,
  index: number,
  mode: GuestMode,
  arch: XenArch,
  releases: readonly Release[] = probeReleases(),
): TopHalfFact[] {
  const info = MODE_INFO[mode];
  const out: { rs: Release[]; fate: TopHalfFate; text: string }[] = [];
  const subop = probeSubop(number, index);
  for (const release of releases) {
    const entry = dispatchTable(release, arch, info.guestType)[number];
    const param = entry?.prototype.params[index];
    if (entry === undefined || param === undefined) continue;
    const bytes = typeBytes(param.type, mode);
    const width = Math.min(bytes === undefined ? info.bits : bytes * 8, info.bits);
    const r = probe(release, arch, mode, number, entry.nargs, index, param.type, width, subop);
    const last = out.at(-1);
    if (last && last.fate === r.fate && last.text === r.text) last.rs.push(release);
    else out.push({ rs: [release], ...r });
  }
  return out.map((o) => ({ releases: span(o.rs), fate: o.fate, text: o.text }));
}
