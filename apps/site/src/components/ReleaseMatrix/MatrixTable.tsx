import React from "react";
import Link from "@docusaurus/Link";
import { Commit } from "../ReleaseFacts";
import type { MatrixView } from "./model";
import styles from "./styles.module.css";

/**
 * One scenario under several releases: a row per step, a column per release, each cell the
 * step's result and the registers it changed. A cell that differs from its left neighbour is
 * highlighted (`data-changed`), the one before it outlined (`data-before`); under the row, the
 * release where it changes and the Xen commits behind it.
 */
export default function MatrixTable({ view }: { view: MatrixView }): React.ReactElement {
  const n = view.releases.length;
  return (
    <div className="xa-scroll">
      <table
        className={`xa-table ${styles.matrix}`}
        data-release-matrix=""
        data-differing={view.differing}
      >
        <thead>
          <tr>
            <th>step</th>
            {view.releases.map((r, i) => (
              <th
                key={r}
                data-release={r}
                className={view.okByRelease[i] ? undefined : styles.failed}
                title={view.okByRelease[i] ? undefined : "an expectation fails on this release"}
              >
                {r}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <React.Fragment key={row.index}>
              <tr data-matrix-row={row.index}>
                <th>
                  [{row.index}] {row.label ?? row.op}
                </th>
                {row.cells.map((c, i) => (
                  <td
                    key={view.releases[i]}
                    data-release={view.releases[i]}
                    data-changed={c.changed ? "" : undefined}
                    data-before={c.before ? "" : undefined}
                    className={[
                      c.changed ? styles.changed : "",
                      c.before ? styles.before : "",
                      c.ok ? "" : styles.bad,
                    ].join(" ")}
                    title={c.failures.join("\n") || undefined}
                  >
                    {c.text}
                    {!c.ok && " ✗"}
                  </td>
                ))}
              </tr>
              {row.changes.length > 0 && (
                <tr className={styles.changes}>
                  <td colSpan={n + 1}>
                    {row.changes.map((ch) => (
                      <div key={ch.release}>
                        changes at <strong>{ch.release}</strong> (from {ch.from}):{" "}
                        {ch.differences.length === 0 ? (
                          <Link to={`/releases#release-${ch.release}`}>{ch.unlisted}</Link>
                        ) : (
                          ch.differences.map((d) => (
                            <React.Fragment key={d.id}>
                              <Link to={`/releases#${d.id}`}>{d.id}</Link>{" "}
                              {d.commits.map((c, i) => (
                                <React.Fragment key={c.commit}>
                                  {i > 0 && ", "}
                                  <Commit id={c.commit} /> <small>({c.firstTag})</small>
                                </React.Fragment>
                              ))}{" "}
                            </React.Fragment>
                          ))
                        )}
                      </div>
                    ))}
                  </td>
                </tr>
              )}
            </React.Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
