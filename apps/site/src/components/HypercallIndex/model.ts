/**
 * The hypercall index's filters and sort, and their place in the URL's query string. Pure:
 * unit-tested without a browser.
 */
import type { HypercallRow } from "@xen-abi/guidelines/views";

export const GUEST_TYPES = ["pv32", "pv64", "hvm32", "hvm64", "arm"] as const;
const X86 = ["pv32", "pv64", "hvm32", "hvm64"];

export const SORT_KEYS = ["number", "name", "nargs", "runs", "since", "status"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface IndexQuery {
  /** Number (decimal or 0x hex), name, `__HYPERVISOR_*` name, sub-op name or summary words. */
  readonly q: string;
  readonly status: string;
  /** A guest type, or an architecture: `x86` (any x86 guest type), `arm`. */
  readonly guest: string;
  /** "", "all" (every sub-op runs), "some" (at least one), "none". */
  readonly runs: string;
  /** "", "conforms", "breaks". */
  readonly conf: string;
  readonly sort: SortKey;
  readonly desc: boolean;
}

export const DEFAULT_QUERY: IndexQuery = {
  q: "",
  status: "",
  guest: "",
  runs: "",
  conf: "",
  sort: "number",
  desc: false,
};

/** `0x27` and `39` are numbers; anything else is text. */
export function numberOf(q: string): number | undefined {
  const t = q.trim().toLowerCase();
  if (/^0x[0-9a-f]+$/.test(t)) return parseInt(t.slice(2), 16);
  if (/^\d+$/.test(t)) return Number(t);
  return undefined;
}

/** `0x27` */
export const hex = (n: number): string => `0x${n.toString(16)}`;

/** The sub-ops of a row whose name contains the query (for "matches XEN_ARGO_OP_sendv"). */
export function matchingSubops(r: HypercallRow, q: string): string[] {
  const t = q.trim().toLowerCase();
  if (t.length < 3) return [];
  return r.subops.filter((s) => s.name.toLowerCase().includes(t)).map((s) => s.name);
}

function matchesText(r: HypercallRow, q: string): boolean {
  const t = q.trim().toLowerCase();
  if (t === "") return true;
  const n = numberOf(t);
  if (n !== undefined) return r.number === n;
  const names = [r.name, ...r.aliases].flatMap((x) => [x, `__hypervisor_${x}`]);
  if (names.some((x) => x.toLowerCase().includes(t))) return true;
  if (matchingSubops(r, t).length > 0) return true;
  return r.summary.toLowerCase().includes(t);
}

function matchesGuest(r: HypercallRow, guest: string): boolean {
  if (guest === "") return true;
  if (guest === "x86") return r.guestTypes.some((g) => X86.includes(g));
  return r.guestTypes.includes(guest);
}

function matchesRuns(r: HypercallRow, runs: string): boolean {
  if (runs === "all") return r.runs === "yes";
  if (runs === "some") return r.runs !== "no";
  if (runs === "none") return r.runs === "no";
  return true;
}

const RUNS_ORDER = { yes: 0, partly: 1, no: 2 };

function compare(a: HypercallRow, b: HypercallRow, key: SortKey): number {
  switch (key) {
    case "name":
      return a.name.localeCompare(b.name);
    case "nargs":
      return a.nargs - b.nargs;
    case "runs":
      return RUNS_ORDER[a.runs] - RUNS_ORDER[b.runs] || modelledShare(b) - modelledShare(a);
    case "since":
      return (a.firstRelease ?? "9").localeCompare(b.firstRelease ?? "9", "en", {
        numeric: true,
      });
    case "status":
      return a.status.localeCompare(b.status);
    default:
      return 0;
  }
}

const modelledShare = (r: HypercallRow) =>
  r.subops.length === 0 ? 0 : r.subops.filter((s) => s.modelled).length / r.subops.length;

/** The rows the query selects, in its order (ties by number). */
export function selectRows(rows: readonly HypercallRow[], q: IndexQuery): HypercallRow[] {
  const out = rows.filter(
    (r) =>
      matchesText(r, q.q) &&
      (q.status === "" || r.status === q.status) &&
      matchesGuest(r, q.guest) &&
      matchesRuns(r, q.runs) &&
      (q.conf !== "conforms" || (r.breaks !== null && r.breaks.length === 0)) &&
      (q.conf !== "breaks" || (r.breaks !== null && r.breaks.length > 0)),
  );
  const dir = q.desc ? -1 : 1;
  return out.sort((a, b) => dir * (compare(a, b, q.sort) || a.number - b.number));
}

/** The query as a URL query string (`?q=argo&runs=all`), defaults left out. */
export function toSearch(q: IndexQuery): string {
  const p = new URLSearchParams();
  for (const k of ["q", "status", "guest", "runs", "conf"] as const) if (q[k]) p.set(k, q[k]);
  if (q.sort !== "number") p.set("sort", q.sort);
  if (q.desc) p.set("desc", "1");
  const s = p.toString();
  return s === "" ? "" : `?${s}`;
}

/** The query a URL query string holds; unknown values fall back to the defaults. */
export function fromSearch(search: string): IndexQuery {
  const p = new URLSearchParams(search);
  const sort = p.get("sort") ?? "number";
  return {
    q: p.get("q") ?? "",
    status: p.get("status") ?? "",
    guest: p.get("guest") ?? "",
    runs: p.get("runs") ?? "",
    conf: p.get("conf") ?? "",
    sort: (SORT_KEYS as readonly string[]).includes(sort) ? (sort as SortKey) : "number",
    desc: p.get("desc") === "1",
  };
}

/** "1 arg", "2 args". */
export const argsText = (n: number): string => `${n} ${n === 1 ? "arg" : "args"}`;
