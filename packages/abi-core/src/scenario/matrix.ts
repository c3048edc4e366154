/**
 * One scenario under several releases: a row per step, a column per release. A cell is what
 * the step did there (result with its errno name, fault, continuations, the registers the
 * hypercall changed) and whether its expectations held in that release. A cell that differs
 * from the column to its left is marked, and each row names the release differences (with
 * their Xen commits) that switch on or off between the two releases.
 */
import type { XenArch } from "../abi/modes.js";
import { RELEASE_DIFFERENCES, type ReleaseDifference } from "../machine/release-differences.js";
import { compareReleases, releaseCarries, type Release } from "../machine/release.js";
import {
  runScenario,
  withErrno,
  type RunOptions,
  type ScenarioResult,
  type StepResult,
} from "./run.js";
import type { Scenario, StepOp } from "./schema.js";

/** What one step did under one release. */
export interface MatrixCell {
  readonly release: Release;
  /** Signed decimal, as the run report gives it. */
  readonly ret?: string;
  /**
   * The name of a negative result: its errno (`EAGAIN`), or for an SMCCC call PSCI's or
   * SMCCC's name (`INVALID_PARAMETERS`).
   */
  readonly errno?: string;
  readonly fault?: string;
  readonly continuations?: number;
  /** Registers whose value the step changed: name -> new value (hex at full width). */
  readonly changed: Readonly<Record<string, string>>;
  /**
   * What a read, events or virqs step saw: the bytes (hex), or the pending ports or VIRQs
   * (`ports 1,3`, `virqs 11`), so a difference that shows only there is marked too.
   */
  readonly saw?: string;
  /** The step's expectations held in this release. */
  readonly ok: boolean;
  readonly failures: readonly string[];
  /** This cell differs from the column to its left. */
  readonly differs: boolean;
}

/** Where a row changes: the release, and the modelled differences that switch there. */
export interface MatrixChange {
  /** The column whose cell differs from its left neighbour. */
  readonly release: Release;
  /** The column to its left. */
  readonly from: Release;
  /**
   * Release differences (with their commits) carried by one release and not the other that
   * affect this step: switching that one difference alone, in either release, changes the
   * step's cell (through the step itself or through state an earlier step left). Empty when
   * none does: the change comes with the line (its hypercall table, version, a check gated on
   * the line) or with the point release's own version.
   */
  readonly differences: readonly ReleaseDifference[];
}

export interface MatrixRow {
  readonly index: number;
  readonly op: StepOp;
  readonly label?: string;
  readonly cells: readonly MatrixCell[];
  readonly changes: readonly MatrixChange[];
}

export interface ScenarioMatrix {
  readonly file: string;
  readonly name?: string;
  readonly releases: readonly Release[];
  readonly rows: readonly MatrixRow[];
  /** Every expectation held in every release. */
  readonly ok: boolean;
  /** Per column: every expectation held in that release. */
  readonly okByRelease: readonly boolean[];
}

/** The scenario as it would run on `release` (its other settings unchanged). */
export function withRelease(scenario: Scenario, release: Release): Scenario {
  return { ...scenario, xen: { ...scenario.xen, release } };
}

function cellOf(s: StepResult, release: Release): Omit<MatrixCell, "differs"> {
  const ret = s.ret;
  let errno: string | undefined;
  // An SMCCC call's failure is named as PSCI/SMCCC name it, never as an errno.
  if (s.retName !== undefined) errno = s.retName;
  else if (ret !== undefined) {
    const m = /\(-(E[A-Z0-9]+)\)$/.exec(withErrno(BigInt(ret)));
    if (m) errno = m[1];
  }
  return {
    release,
    ...(ret !== undefined && { ret }),
    ...(errno !== undefined && { errno }),
    ...(s.fault !== undefined && { fault: s.fault }),
    ...(s.continuations !== undefined && { continuations: s.continuations }),
    changed: s.changed ?? {},
    ...(sawOf(s) !== undefined && { saw: sawOf(s) }),
    ok: s.ok,
    failures: s.failures,
  };
}

/** What a read, events or virqs step saw, as one string (undefined for other steps). */
function sawOf(s: StepResult): string | undefined {
  if (s.read !== undefined) return s.read.bytes === "" ? "no bytes" : s.read.bytes;
  if (s.op === "events" && s.pending !== undefined) return `ports ${s.pending.join(",") || "none"}`;
  if (s.virqs !== undefined) return `virqs ${s.virqs.join(",") || "none"}`;
  return undefined;
}

/** The observable part of a cell, for comparing columns (expectation results left out). */
export function cellKey(c: Omit<MatrixCell, "differs">): string {
  const regs = Object.entries(c.changed)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return `${c.ret ?? ""}|${c.fault ?? ""}|${c.continuations ?? ""}|${regs}|${c.saw ?? ""}`;
}

/** The release differences that switch between `a` and `b` on this architecture. */
export function differencesBetween(a: Release, b: Release, arch: XenArch): ReleaseDifference[] {
  return RELEASE_DIFFERENCES.filter(
    (d) =>
      d.arches.includes(arch) && releaseCarries(a, d.firstTags) !== releaseCarries(b, d.firstTags),
  );
}

/**
 * Run `scenario` under every release in `releases` (sorted oldest first, duplicates dropped)
 * and lay the results out as a matrix.
 */
export function runMatrix(
  scenario: Scenario,
  releases: readonly Release[],
  opts: Omit<RunOptions, "changes" | "flipDifferences"> = {},
): ScenarioMatrix {
  const cols = [...new Set(releases)].sort(compareReleases);
  const results = cols.map((r) =>
    runScenario(withRelease(scenario, r), { ...opts, changes: true }),
  );
  const cells = results.map((res, c) => res.steps.map((s) => cellOf(s, cols[c]!)));
  const keys = cells.map((col) => col.map(cellKey));
  const credit = new Crediting(scenario, cols, results, keys, opts);
  const rows: MatrixRow[] = scenario.steps.map((step, i) => {
    const row: MatrixCell[] = [];
    const changes: MatrixChange[] = [];
    cols.forEach((release, c) => {
      const differs = c > 0 && keys[c]![i] !== keys[c - 1]![i];
      if (differs) changes.push({ release, from: cols[c - 1]!, differences: credit.at(c, i) });
      row.push({ ...cells[c]![i]!, differs });
    });
    return {
      index: step.index,
      op: step.op,
      ...(step.label !== undefined && { label: step.label }),
      cells: row,
      changes,
    };
  });
  const okByRelease = results.map((r) => r.ok);
  return {
    file: scenario.file,
    ...(scenario.name !== undefined && { name: scenario.name }),
    releases: cols,
    rows,
    ok: okByRelease.every(Boolean),
    okByRelease,
  };
}

/**
 * Which release differences a changed cell is credited with. A candidate switches between the
 * two columns and decided something in one of their runs; it is credited to a step when
 * running either column again with that difference alone switched the other way changes the
 * step's cell. Those runs are made once per column and difference, when first asked.
 */
class Crediting {
  private readonly flipped = new Map<string, readonly string[]>();
  private readonly candidates = new Map<number, readonly ReleaseDifference[]>();

  constructor(
    private readonly scenario: Scenario,
    private readonly cols: readonly Release[],
    private readonly results: readonly ScenarioResult[],
    private readonly keys: readonly (readonly string[])[],
    private readonly opts: Omit<RunOptions, "changes" | "flipDifferences">,
  ) {}

  /** The differences credited to step i's change at column c (from column c - 1). */
  at(c: number, i: number): ReleaseDifference[] {
    return this.candidatesAt(c).filter(
      (d) =>
        this.flippedKeys(c - 1, d)[i] !== this.keys[c - 1]![i] ||
        this.flippedKeys(c, d)[i] !== this.keys[c]![i],
    );
  }

  private candidatesAt(c: number): readonly ReleaseDifference[] {
    let out = this.candidates.get(c);
    if (out === undefined) {
      const decided = new Set<string>();
      for (const res of [this.results[c - 1]!, this.results[c]!])
        for (const s of res.steps) for (const id of s.releaseDecided ?? []) decided.add(id);
      out = differencesBetween(this.cols[c - 1]!, this.cols[c]!, this.scenario.xen.arch).filter(
        (d) => decided.has(d.id),
      );
      this.candidates.set(c, out);
    }
    return out;
  }

  /** Cell keys of column c's release run with `d` switched the other way. */
  private flippedKeys(c: number, d: ReleaseDifference): readonly string[] {
    const release = this.cols[c]!;
    const k = `${release} ${d.id}`;
    let out = this.flipped.get(k);
    if (out === undefined) {
      const res = runScenario(withRelease(this.scenario, release), {
        ...this.opts,
        trace: false,
        changes: true,
        flipDifferences: [d.id],
      });
      out = res.steps.map((s) => cellKey(cellOf(s, release)));
      this.flipped.set(k, out);
    }
    return out;
  }
}
