/**
 * The search index the build writes (build/search-index.json) and the search bar fetches on
 * first use: every route's title, headings and identifiers (./extract), compact.
 */
import { ENTRY_RANKS, PAGE_KINDS, extractPage, kindOf } from "./extract";

/** `[path, title, kind]`, kind an index into PAGE_KINDS. */
export type IndexPage = readonly [string, string, number];
/** `[text, page, anchor, rank]`, page an index into pages, rank into ENTRY_RANKS. */
export type IndexEntry = readonly [string, number, string, number];

export interface SearchIndex {
  readonly pages: readonly IndexPage[];
  readonly entries: readonly IndexEntry[];
}

/** The file the build writes and the search bar fetches, from the site's base URL. */
export const SEARCH_INDEX_FILE = "search-index.json";

/**
 * Routes the index leaves out: older releases' pages (/4.12.0/hypercalls/argo_op) repeat the
 * newest ones, and the 404 and search pages are not content.
 */
export function indexed(path: string): boolean {
  return !/^\/\d+\.\d+\.\d+(\/|$)/.test(path) && path !== "/404.html" && path !== "/search";
}

/** The index of `pages` (route path and its built HTML), in route order. */
export function buildIndex(pages: readonly { path: string; html: string }[]): SearchIndex {
  const out: IndexPage[] = [];
  const entries: IndexEntry[] = [];
  for (const { path, html } of [...pages].sort((a, b) => a.path.localeCompare(b.path))) {
    if (!indexed(path)) continue;
    const page = extractPage(html);
    const i = out.length;
    out.push([path, page.title, PAGE_KINDS.indexOf(kindOf(path))]);
    for (const e of page.entries) entries.push([e.text, i, e.anchor, ENTRY_RANKS.indexOf(e.rank)]);
  }
  return { pages: out, entries };
}
