/**
 * The release matrix as the page shows it: abi-core's ScenarioMatrix (one row per step, one
 * column per release) turned into plain data with each cell's text and its marks. Built in
 * the run worker (it imports abi-core), so pages only render the result.
 *
 * Marks: a cell whose result differs from the column to its left is `changed`; the cell to
 * the left of such a cell is `before`. A behaviour that changes between 4.16.0 and 4.16.1
 * marks exactly those two columns of its row.
 */
import { cellText, unlistedChangeText, type ScenarioMatrix } from "@xen-abi/abi-core";

export interface MatrixViewCell {
  readonly text: string;
  /** Differs from the column to its left: the change lands here. */
  readonly changed: boolean;
  /** The column to its right differs: the last release before a change. */
  readonly before: boolean;
  readonly ok: boolean;
  readonly failures: readonly string[];
}

export interface MatrixViewChange {
  readonly release: string;
  readonly from: string;
  /** What the change comes with when no listed difference affects the step (the line, or the point release). */
  readonly unlisted: string;
  /** Release differences switching there, with their Xen commits. */
  readonly differences: readonly {
    readonly id: string;
    readonly commits: readonly { commit: string; branch: string; firstTag: string }[];
  }[];
}

export interface MatrixViewRow {
  readonly index: number;
  readonly op: string;
  readonly label?: string;
  readonly cells: readonly MatrixViewCell[];
  readonly changes: readonly MatrixViewChange[];
}

export interface MatrixView {
  readonly name?: string;
  readonly releases: readonly string[];
  readonly okByRelease: readonly boolean[];
  readonly rows: readonly MatrixViewRow[];
  /** Rows with at least one changed cell. */
  readonly differing: number;
}

export function matrixView(m: ScenarioMatrix): MatrixView {
  const rows = m.rows.map((r) => ({
    index: r.index,
    op: r.op,
    ...(r.label !== undefined && { label: r.label }),
    cells: r.cells.map((c, i) => ({
      text: cellText(c),
      changed: c.differs,
      before: r.cells[i + 1]?.differs ?? false,
      ok: c.ok,
      failures: c.failures,
    })),
    changes: r.changes.map((ch) => ({
      release: ch.release,
      from: ch.from,
      unlisted: unlistedChangeText(ch),
      differences: ch.differences.map((d) => ({
        id: d.id,
        commits: d.commits.map((c) => ({
          commit: c.commit,
          branch: c.branch,
          firstTag: c.firstTag,
        })),
      })),
    })),
  }));
  return {
    ...(m.name !== undefined && { name: m.name }),
    releases: m.releases,
    okByRelease: m.okByRelease,
    rows,
    differing: rows.filter((r) => r.cells.some((c) => c.changed)).length,
  };
}

/** The columns of a row carrying a mark (changed or before), by release. */
export function markedColumns(v: MatrixView, row: number): string[] {
  return v.releases.filter((_, i) => {
    const c = v.rows[row]!.cells[i]!;
    return c.changed || c.before;
  });
}
