import React from "react";
import type { StructInfo } from "@xen-abi/guidelines/views";
import styles from "./styles.module.css";
import Prose from "../Prose";

const HUES = [210, 140, 30, 280, 0, 180, 60, 320, 100, 240];

interface Segment {
  readonly name: string;
  readonly offset: number;
  readonly size: number;
  readonly hue?: number;
}

/** Fields and padding of one target, in byte order. */
function segments(s: StructInfo, target: string, size: number): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  s.fields.forEach((f, i) => {
    const [offset, fsize] = f.at[target] ?? [0, 0];
    if (offset > at) out.push({ name: "padding", offset: at, size: offset - at });
    if (fsize > 0) out.push({ name: f.name, offset, size: fsize, hue: HUES[i % HUES.length] });
    at = Math.max(at, offset + fsize);
  });
  if (size > at) out.push({ name: "padding", offset: at, size: size - at });
  return out;
}

/** A struct's per-target offset table and a byte diagram of each distinct layout. */
export default function StructLayout({ s }: { s: StructInfo }): React.ReactElement {
  const targets = s.uniform ? s.targets.slice(0, 1) : s.targets;
  return (
    <div className={styles.struct} id={`struct-${s.name}`}>
      <h3>
        <code>{s.name}</code>
      </h3>
      <p>
        <Prose text={s.summary} />{" "}
        <small>
          ({s.header}
          {s.xlat ? `; xlat.lst: ${s.xlat}` : ""})
        </small>
      </p>
      <table className="xa-table">
        <thead>
          <tr>
            <th>field</th>
            <th>C type</th>
            {s.targets.map((t) => (
              <th key={t.target}>
                {t.target}
                <br />
                <small>
                  size {t.size}, align {t.align}
                </small>
              </th>
            ))}
            <th>meaning</th>
          </tr>
        </thead>
        <tbody>
          {s.fields.map((f) => (
            <tr key={f.name}>
              <td>
                <code>{f.name}</code>
              </td>
              <td>
                <code>{f.ctype}</code>
              </td>
              {s.targets.map((t) => {
                const [o, z] = f.at[t.target] ?? [0, 0];
                return (
                  <td key={t.target}>
                    @{o} +{z}
                  </td>
                );
              })}
              <td>
                <Prose text={f.meaning} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {targets.map((t) => (
        <div key={t.target} className={styles.diagram}>
          <div className={styles.target}>{s.uniform ? "every target" : t.target}</div>
          <div
            className={styles.bytes}
            role="img"
            aria-label={`byte layout of ${s.name} on ${t.target}`}
          >
            {segments(s, t.target, t.size).map((g) => (
              <div
                key={`${g.name}-${g.offset}`}
                className={g.hue === undefined ? styles.pad : styles.field}
                style={{
                  flexGrow: g.size,
                  ...(g.hue !== undefined && { background: `hsl(${g.hue} 60% 75%)` }),
                }}
                title={`${g.name}: bytes ${g.offset}..${g.offset + g.size - 1}`}
              >
                <span>{g.name}</span>
                <small>{g.offset}</small>
              </div>
            ))}
          </div>
        </div>
      ))}
    </div>
  );
}
