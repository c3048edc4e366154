import React, { useEffect, useMemo, useState } from "react";
import Layout from "@theme/Layout";
import Link from "@docusaurus/Link";
import type { HypercallRow } from "@xen-abi/guidelines/views";
import ReleaseSelect, { type ReleaseChoice } from "../ReleaseSelect";
import {
  DEFAULT_QUERY,
  GUEST_TYPES,
  argsText,
  fromSearch,
  hex,
  matchingSubops,
  selectRows,
  toSearch,
  type IndexQuery,
  type SortKey,
} from "./model";

interface Props {
  readonly data: {
    rows: readonly HypercallRow[];
    release: string;
    /** An older release's index: each row's page for that release. */
    links?: Readonly<Record<string, string>>;
    selector?: ReleaseChoice;
  };
}

/** A column header that sorts by its key; a second click reverses the order. */
function SortHeader({
  k,
  q,
  set,
  children,
}: {
  k: SortKey;
  q: IndexQuery;
  set: (q: IndexQuery) => void;
  children: React.ReactNode;
}): React.ReactElement {
  const active = q.sort === k;
  return (
    <th aria-sort={active ? (q.desc ? "descending" : "ascending") : "none"}>
      <button
        type="button"
        className="xa-sort"
        data-sort={k}
        onClick={() => set({ ...q, sort: k, desc: active ? !q.desc : false })}
      >
        {children}
        {active ? (q.desc ? " ▼" : " ▲") : ""}
      </button>
    </th>
  );
}

/** "9 of 28 sub-ops", "every sub-op", or "no record", with the title listing the unmodelled. */
function RunsCell({ r }: { r: HypercallRow }): React.ReactElement {
  const modelled = r.subops.filter((s) => s.modelled).length;
  const missing = r.subops.filter((s) => !s.modelled).map((s) => s.name);
  const text =
    r.runs === "no"
      ? "no"
      : r.subops.length === 0
        ? "yes"
        : r.runs === "yes"
          ? `all ${r.subops.length} sub-ops`
          : `${modelled} of ${r.subops.length} sub-ops`;
  return (
    <td
      data-runs={r.runs}
      title={
        missing.length > 0 && r.runs !== "no" ? `unmodelled: ${missing.join(", ")}` : undefined
      }
    >
      <span className={`xa-runs xa-runs--${r.runs}`}>{text}</span>
    </td>
  );
}

/**
 * Every hypercall as a table: number in decimal and hex, name, argument count, a column per
 * guest type, what the machine runs, the releases it exists in. Sortable by column; filtered
 * by number, name, `__HYPERVISOR_*` name or sub-op, status, guest type or architecture, and
 * "runs on the machine"; the query lives in the URL.
 */
export default function HypercallIndex({ data }: Props): React.ReactElement {
  const [q, setQ] = useState<IndexQuery>(DEFAULT_QUERY);
  // The query string is read after hydration (the server rendered the defaults).
  useEffect(() => setQ(fromSearch(window.location.search)), []);
  useEffect(() => {
    const url = `${window.location.pathname}${toSearch(q)}${window.location.hash}`;
    window.history.replaceState(window.history.state, "", url);
  }, [q]);
  const statuses = useMemo(() => [...new Set(data.rows.map((r) => r.status))].sort(), [data.rows]);
  const rows = useMemo(() => selectRows(data.rows, q), [data.rows, q]);
  const set = <K extends keyof IndexQuery>(k: K, v: IndexQuery[K]) => setQ({ ...q, [k]: v });

  return (
    <Layout
      title="Hypercalls"
      description="Every Xen hypercall: number, arguments, guest types, what the machine runs, releases"
    >
      <main className="container margin-vert--lg">
        <h1>Hypercalls</h1>
        <ReleaseSelect choice={data.selector} />
        <p>
          Every number in <code>public/xen.h</code>, as Xen {data.release} dispatches it. Guest
          types are hypercall-defs.c&apos;s columns; &quot;runs here&quot; says which sub-ops the
          reference machine executes (the others report <code>unmodelled</code>).
        </p>
        <div className="xa-filters">
          <input
            type="search"
            placeholder="39, 0x27, argo_op, __HYPERVISOR_…, a sub-op"
            aria-label="search hypercalls"
            value={q.q}
            onChange={(e) => set("q", e.target.value)}
          />
          <select
            aria-label="status"
            value={q.status}
            onChange={(e) => set("status", e.target.value)}
          >
            <option value="">any status</option>
            {statuses.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
          <select
            aria-label="guest type"
            value={q.guest}
            onChange={(e) => set("guest", e.target.value)}
          >
            <option value="">any guest type</option>
            <option value="x86">x86 (any)</option>
            {GUEST_TYPES.map((g) => (
              <option key={g}>{g}</option>
            ))}
          </select>
          <select
            aria-label="runs on the machine"
            value={q.runs}
            onChange={(e) => set("runs", e.target.value)}
          >
            <option value="">runs here or not</option>
            <option value="all">runs here, every sub-op</option>
            <option value="some">runs here, some sub-ops</option>
            <option value="none">does not run here</option>
          </select>
          <select
            aria-label="conformance"
            value={q.conf}
            onChange={(e) => set("conf", e.target.value)}
          >
            <option value="">any conformance</option>
            <option value="conforms">follows every rule</option>
            <option value="breaks">breaks a rule</option>
          </select>
          <span data-testid="hypercall-count">{rows.length} shown</span>
        </div>
        <table className="xa-table" data-testid="hypercall-table">
          <thead>
            <tr>
              <SortHeader k="number" q={q} set={setQ}>
                #
              </SortHeader>
              <SortHeader k="name" q={q} set={setQ}>
                name
              </SortHeader>
              <SortHeader k="nargs" q={q} set={setQ}>
                args
              </SortHeader>
              {GUEST_TYPES.map((g) => (
                <th key={g}>{g}</th>
              ))}
              <SortHeader k="runs" q={q} set={setQ}>
                runs here
              </SortHeader>
              <SortHeader k="since" q={q} set={setQ}>
                releases
              </SortHeader>
              <SortHeader k="status" q={q} set={setQ}>
                status
              </SortHeader>
              <th>rules</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const subs = matchingSubops(r, q.q);
              return (
                <tr key={r.number} data-hypercall={r.name}>
                  <td className="xa-nowrap">
                    {r.number} <span className="xa-hex">{hex(r.number)}</span>
                  </td>
                  <td>
                    <Link to={data.links?.[r.name] ?? `/hypercalls/${r.name}`}>{r.name}</Link>
                    <div className="xa-summary">{r.summary}</div>
                    {subs.length > 0 && (
                      <div className="xa-summary" data-matched-subops="">
                        sub-op{subs.length > 1 ? "s" : ""}: <code>{subs.join(", ")}</code>
                      </div>
                    )}
                  </td>
                  <td className="xa-nowrap">{argsText(r.nargs)}</td>
                  {GUEST_TYPES.map((g) => (
                    <td key={g} className="xa-center">
                      {r.guestTypes.includes(g) ? "✓" : ""}
                    </td>
                  ))}
                  <RunsCell r={r} />
                  <td className="xa-nowrap">
                    {r.firstRelease ?? ""}–{r.lastRelease ?? ""}
                  </td>
                  <td>
                    <span className={`xa-status xa-status--${r.status}`}>{r.status}</span>
                  </td>
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
                </tr>
              );
            })}
          </tbody>
        </table>
      </main>
    </Layout>
  );
}
