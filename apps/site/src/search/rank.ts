/**
 * Answering a query from the search index: names first. An exact name beats a prefix, a prefix
 * beats a substring; for equal matches a hypercall page comes before the guest-mode pages, the
 * docs, the guidelines and the API reference, and a title before a heading before a name in
 * the text. `0x27`, `39`, `__HYPERVISOR_argo_op`, `XEN_ARGO_OP_register_ring` and
 * `struct xen_argo_register_ring` (the tag of `xen_argo_register_ring_t`) all find argo_op.
 */
import { ENTRY_RANKS, PAGE_KINDS, type PageKind } from "./extract";
import type { SearchIndex } from "./build";

const CODE = ENTRY_RANKS.indexOf("code");
const API = PAGE_KINDS.indexOf("api");

export interface SearchResult {
  /** Path and anchor: `/hypercalls/argo_op#subop-XEN_ARGO_OP_register_ring`. */
  readonly url: string;
  /** What matched: a heading or name, or the page's title. */
  readonly text: string;
  readonly pageTitle: string;
  readonly kind: PageKind;
}

interface Prepared {
  readonly index: SearchIndex;
  /** Each entry's text in lower case, its `_t` typedef suffix dropped. */
  readonly lower: readonly string[];
}

export function prepare(index: SearchIndex): Prepared {
  return { index, lower: index.entries.map(([t]) => t.toLowerCase().replace(/_t$/, "")) };
}

/**
 * The query as names are compared: lower case, no `struct `/`union `, trailing `()` or typedef
 * `_t` (entries drop it too: `xen_argo_ring_t` is found as `xen_argo_ring`).
 */
export function normalise(query: string): string {
  return query
    .trim()
    .toLowerCase()
    .replace(/^(struct|union|enum)\s+/, "")
    .replace(/\(\)$/, "")
    .replace(/_t$/, "")
    .replace(/\s+/g, " ");
}

/** 4 exact, 3 prefix, 2 substring, 1 every word, 0 no match. */
function quality(text: string, q: string, words: readonly string[]): number {
  if (text === q) return 4;
  if (text.startsWith(q)) return 3;
  if (text.includes(q)) return 2;
  return words.length > 1 && words.every((w) => text.includes(w)) ? 1 : 0;
}

/** The best `limit` results for `query`, one per page and anchor. */
export function search(p: Prepared, query: string, limit = 8): SearchResult[] {
  const q = normalise(query);
  if (q.length === 0) return [];
  const words = q.split(" ");
  const scored: { score: number; order: number; entry: number }[] = [];
  p.lower.forEach((text, i) => {
    const [, page, , rank] = p.index.entries[i]!;
    // A name in the text matching exactly counts as a title or heading that starts with it:
    // `argo` finds argo_op's page before a field called argo.
    const q0 = quality(text, q, words);
    if (q0 === 0) return;
    // The API reference is the last place to look: an exact name there counts as a prefix.
    const kind = p.index.pages[page]![2];
    const m = Math.min(q0, rank === CODE ? 3 : 4) - (kind === API ? 1 : 0);
    // Match first, then the kind of page, then title/heading/name, then shorter text.
    const score = m * 1000 + (PAGE_KINDS.length - kind) * 100 + (ENTRY_RANKS.length - rank) * 10;
    scored.push({ score, order: text.length, entry: i });
  });
  scored.sort((a, b) => b.score - a.score || a.order - b.order || a.entry - b.entry);
  const out: SearchResult[] = [];
  const seen = new Set<string>();
  for (const { entry } of scored) {
    const [text, page, anchor] = p.index.entries[entry]!;
    const [path, pageTitle, kind] = p.index.pages[page]!;
    const url = anchor ? `${path}#${anchor}` : path;
    if (seen.has(url)) continue;
    seen.add(url);
    out.push({ url, text, pageTitle, kind: PAGE_KINDS[kind]! });
    if (out.length === limit) break;
  }
  return out;
}
