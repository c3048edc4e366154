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
import { runScenario, withErrno, type RunOptions, type StepResult } from "./run.js";
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
   * Release differences (with their commits) carried by one release and not the other; empty
   * when the change comes from the hypercall table, which changes per line.
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
    ok: s.ok,
    failures: s.failures,
  };
}

/** The observable part of a cell, for comparing columns (expectation results left out). */
export function cellKey(c: Omit<MatrixCell, "differs">): string {
  const regs = Object.entries(c.changed)
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return `${c.ret ?? ""}|${c.fault ?? ""}|${c.continuations ?? ""}|${regs}`;
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
  opts: Omit<RunOptions, "changes"> = {},
): ScenarioMatrix {
  const cols = [...new Set(releases)].sort(compareReleases);
  const results = cols.map((r) =>
    runScenario(withRelease(scenario, r), { ...opts, changes: true }),
  );
  const rows: MatrixRow[] = scenario.steps.map((step, i) => {
    const cells: MatrixCell[] = [];
    const changes: MatrixChange[] = [];
    let prevKey: string | undefined;
    cols.forEach((release, c) => {
      const cell = cellOf(results[c]!.steps[i]!, release);
      const key = cellKey(cell);
      const differs = prevKey !== undefined && key !== prevKey;
      if (differs) {
        const from = cols[c - 1]!;
        changes.push({
          release,
          from,
          differences: differencesBetween(from, release, scenario.xen.arch),
        });
      }
      cells.push({ ...cell, differs });
      prevKey = key;
    });
    return {
      index: step.index,
      op: step.op,
      ...(step.label !== undefined && { label: step.label }),
      cells,
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
