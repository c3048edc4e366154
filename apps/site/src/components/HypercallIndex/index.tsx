import React, { useMemo, useState } from "react";
import Layout from "@theme/Layout";
import Link from "@docusaurus/Link";
import type { HypercallRow } from "@xen-abi/guidelines/views";

const GUEST_TYPES = ["pv32", "pv64", "hvm32", "hvm64", "arm"];

interface Props {
  readonly data: { rows: readonly HypercallRow[]; release: string };
}

/** Every hypercall, filterable by text, status, guest type and rule conformance. */
export default function HypercallIndex({ data }: Props): React.ReactElement {
  const [q, setQ] = useState("");
  const [status, setStatus] = useState("");
  const [guest, setGuest] = useState("");
  const [conf, setConf] = useState("");
  const statuses = useMemo(() => [...new Set(data.rows.map((r) => r.status))].sort(), [data.rows]);
  const rows = data.rows.filter((r) => {
    const text = `${r.number} ${r.name} ${r.summary}`.toLowerCase();
    if (q && !text.includes(q.toLowerCase())) return false;
    if (status && r.status !== status) return false;
    if (guest && !r.guestTypes.includes(guest)) return false;
    if (conf === "conforms" && (r.breaks === null || r.breaks.length > 0)) return false;
    if (conf === "breaks" && (r.breaks === null || r.breaks.length === 0)) return false;
    return true;
  });
  return (
    <Layout
      title="Hypercalls"
      description="Every Xen hypercall: number, guest types, status, rule conformance"
    >
      <main className="container margin-vert--lg">
        <h1>Hypercalls</h1>
        <p>
          Every number in <code>public/xen.h</code>, as Xen {data.release} dispatches it. Guest
          types are hypercall-defs.c&apos;s columns.
        </p>
        <div className="xa-filters">
          <input
            type="search"
            placeholder="Search number, name, summary"
            aria-label="search hypercalls"
            value={q}
            onChange={(e) => setQ(e.target.value)}
          />
          <select aria-label="status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">any status</option>
            {statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
          <select aria-label="guest type" value={guest} onChange={(e) => setGuest(e.target.value)}>
            <option value="">any guest type</option>
            {GUEST_TYPES.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
          <select aria-label="conformance" value={conf} onChange={(e) => setConf(e.target.value)}>
            <option value="">any conformance</option>
            <option value="conforms">follows every rule</option>
            <option value="breaks">breaks a rule</option>
          </select>
          <span data-testid="hypercall-count">{rows.length} shown</span>
        </div>
        <table className="xa-table" data-testid="hypercall-table">
          <thead>
            <tr>
              <th>#</th>
              <th>name</th>
              <th>status</th>
              {GUEST_TYPES.map((g) => (
                <th key={g}>{g}</th>
              ))}
              <th>rules</th>
              <th>summary</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.number}>
                <td>{r.number}</td>
                <td>
                  <Link to={`/hypercalls/${r.name}`}>{r.name}</Link>
                </td>
                <td>
                  <span className={`xa-status xa-status--${r.status}`}>{r.status}</span>
                </td>
                {GUEST_TYPES.map((g) => (
                  <td key={g} className="xa-center">
                    {r.guestTypes.includes(g) ? "✓" : ""}
                  </td>
                ))}
                <td>
                  {r.breaks === null
                    ? "—"
                    : r.breaks.length === 0
                      ? "✓"
                      : r.breaks.map((b) => (
                          <Link key={b} to={`/guidelines/${b}`} className="xa-rule">
                            {b}
                          </Link>
                        ))}
                </td>
                <td>{r.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </main>
    </Layout>
  );
}
