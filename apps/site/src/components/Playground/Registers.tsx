import React from "react";
import styles from "./styles.module.css";

/** A hex value with the digits that differ from `was` marked. */
function Diff({ now, was }: { now: string; was?: string }): React.ReactElement {
  if (was === undefined || was === now) return <code>{now}</code>;
  return <code>{[...now].map((c, i) => (c === was[i] ? c : <mark key={i}>{c}</mark>))}</code>;
}

/** Registers before and after a hypercall, changed ones first and highlighted. */
export default function Registers({
  before,
  after,
}: {
  before?: Record<string, string>;
  after: Record<string, string>;
}): React.ReactElement {
  const names = Object.keys(after);
  const changed = names.filter((n) => before && before[n] !== after[n]);
  return (
    <table className={`xa-table ${styles.regs}`}>
      <thead>
        <tr>
          <th>register</th>
          <th>before</th>
          <th>after</th>
        </tr>
      </thead>
      <tbody>
        {[...changed, ...names.filter((n) => !changed.includes(n))].map((n) => (
          <tr
            key={n}
            data-changed={changed.includes(n) ? "" : undefined}
            className={changed.includes(n) ? styles.changed : undefined}
          >
            <td>
              <code>{n}</code>
            </td>
            <td>
              <code>{before?.[n] ?? ""}</code>
            </td>
            <td>
              <Diff now={after[n]!} was={before?.[n]} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
