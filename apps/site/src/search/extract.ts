/**
 * What the site's search knows of one built page: its title, its h2/h3 headings and the
 * identifiers it shows in `<code>` (sub-op, struct, constant and function names, hex numbers),
 * each with the anchor of the section it sits in. Names, not prose: the index stays small enough
 * to load whole on the first keystroke, and a name finds the page that defines it.
 *
 * Reads the minified HTML Docusaurus writes (unquoted attributes, omitted end tags) with a tag
 * scanner rather than a DOM, so the build needs no HTML parser of its own.
 */

/** Where a page sits in the ranking: lower kinds are listed first for equal matches. */
export const PAGE_KINDS = ["hypercall", "abi", "docs", "guideline", "page", "api"] as const;
export type PageKind = (typeof PAGE_KINDS)[number];

/** How an entry was found on its page: lower ranks are listed first for equal matches. */
export const ENTRY_RANKS = ["title", "heading", "code"] as const;
export type EntryRank = (typeof ENTRY_RANKS)[number];

export interface PageEntry {
  readonly text: string;
  /** The id of the heading or section it sits under, "" for the top of the page. */
  readonly anchor: string;
  readonly rank: EntryRank;
}

export interface ExtractedPage {
  readonly title: string;
  readonly entries: readonly PageEntry[];
}

/** The kind of a route: its hypercall page before the guest modes, docs, guidelines and API. */
export function kindOf(path: string): PageKind {
  if (/^\/hypercalls\/[^/]+$/.test(path)) return "hypercall";
  if (path === "/abi" || path.startsWith("/abi/")) return "abi";
  if (path === "/hypercalls" || path.startsWith("/docs/")) return "docs";
  if (path === "/guidelines" || path.startsWith("/guidelines/")) return "guideline";
  if (path === "/api" || path.startsWith("/api/")) return "api";
  return "page";
}

/** `XEN_ARGO_OP_sendv`, `xen_argo_ring_t`, `__HYPERVISOR_argo_op`, `Xen.call`, `0x27`. */
const IDENTIFIER = /^(?:[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*(?:\(\))?|0x[0-9a-fA-F]+)$/;
/** Containers whose text repeats the page's own (tables of contents) or is not its content. */
const SKIPPED =
  /(?:^|\s)(?:table-of-contents|theme-doc-toc[\w-]*|xa-toc[\w-]*|pagination-nav|theme-doc-breadcrumbs|hash-link)(?:\s|$)/;
const VOID = new Set(["br", "hr", "img", "input", "meta", "link", "wbr", "source", "col", "area"]);

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  "#39": "'",
  nbsp: " ",
};

function decode(text: string): string {
  return text
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) => ENTITIES[e] ?? "")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)));
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)${name}=(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`).exec(attrs);
  return m ? decode(m[1] ?? m[2] ?? m[3] ?? "") : undefined;
}

const clean = (s: string): string => s.replace(/[\u200b\s]+/g, " ").trim();

/** The page's `<main>` if it has one, else the whole document. */
function mainOf(html: string): string {
  const start = html.search(/<main[\s>]/);
  const end = html.lastIndexOf("</main>");
  const main = start < 0 ? html : html.slice(start, end > start ? end : undefined);
  return main.replace(/<!--[\s\S]*?-->|<(script|style|svg)\b[\s\S]*?<\/\1>/g, "");
}

/**
 * The title, headings and identifiers of a page's HTML. The hypercall ids line
 * (`__HYPERVISOR_argo_op = 39 (0x27)`) gives title-rank entries: a number finds its hypercall.
 */
export function extractPage(html: string): ExtractedPage {
  const titleTag = /<title[^>]*>([^<]*)<\/title>/.exec(html);
  const body = mainOf(html);
  const entries: PageEntry[] = [];
  let title = "";
  let anchor = "";
  /** Open skipped container: its tag name and how many of that tag are open inside it. */
  let skip: { tag: string; depth: number } | null = null;
  /** Text being collected for the open heading, code or ids line. */
  let heading: { tag: string; text: string; id: string; code: string } | null = null;
  let code: string | null = null;
  let ids: { text: string } | null = null;
  let idsDepth = 0;
  const tags = /<(\/?)([a-zA-Z][\w-]*)([^>]*)>|([^<]+)/g;
  for (let m = tags.exec(body); m; m = tags.exec(body)) {
    const [, close, rawTag, attrs = "", text] = m;
    if (text !== undefined) {
      const t = decode(text);
      if (skip) continue;
      if (heading) heading.text += t;
      if (code !== null) code += t;
      if (ids) ids.text += t;
      continue;
    }
    const tag = (rawTag ?? "").toLowerCase();
    if (skip) {
      if (tag === skip.tag && !VOID.has(tag)) skip.depth += close ? -1 : 1;
      if (skip.depth === 0) skip = null;
      continue;
    }
    if (!close) {
      const cls = attr(attrs, "class") ?? "";
      if (SKIPPED.test(cls) || attr(attrs, "aria-hidden") === "true") {
        if (!VOID.has(tag) && !attrs.trimEnd().endsWith("/")) skip = { tag, depth: 1 };
        continue;
      }
      const id = attr(attrs, "id");
      if (/^h[1-3]$/.test(tag)) heading = { tag, text: "", id: id ?? "", code: "" };
      else if (id && !id.startsWith("__") && /^(div|section|details|tr)$/.test(tag)) anchor = id;
      if (tag === "code") code = "";
      if (tag === "p" && attr(attrs, "data-testid") === "hypercall-ids") {
        ids = { text: "" };
        idsDepth = 0;
      } else if (ids && tag === "p") ids = finishIds(ids, entries);
      if (ids && tag !== "p") idsDepth++;
      continue;
    }
    if (heading && tag === heading.tag) {
      const text = clean(heading.text);
      if (heading.id) anchor = heading.id;
      if (text && heading.tag === "h1") {
        title ||= text;
        entries.push({ text, anchor: "", rank: "title" });
      } else if (text) entries.push({ text, anchor, rank: "heading" });
      // `XEN_ARGO_OP_sendv = 3`: the name in the heading's code is a heading entry of its own.
      if (heading.code && heading.code !== text)
        entries.push({
          text: heading.code,
          anchor: heading.tag === "h1" ? "" : anchor,
          rank: heading.tag === "h1" ? "title" : "heading",
        });
      heading = null;
    }
    if (tag === "code" && code !== null) {
      const text = clean(code);
      code = null;
      if (heading) heading.code ||= IDENTIFIER.test(text) ? text.replace(/\(\)$/, "") : "";
      else if (IDENTIFIER.test(text) && text.length >= 3)
        entries.push({ text: text.replace(/\(\)$/, ""), anchor, rank: "code" });
    }
    if (ids && tag !== "p" && --idsDepth < 0) ids = finishIds(ids, entries);
  }
  if (ids) finishIds(ids, entries);
  return {
    title: title || clean(titleTag?.[1] ?? "").replace(/ \| xen-abi$/, ""),
    entries: dedupe(entries),
  };
}

/** The ids line's names and numbers, as title entries. */
function finishIds(ids: { text: string }, entries: PageEntry[]): null {
  for (const word of ids.text.split(/[\s()=,]+/))
    if (word && (IDENTIFIER.test(word) || /^\d+$/.test(word)))
      entries.push({ text: word, anchor: "", rank: "title" });
  return null;
}

/**
 * One entry per text and anchor, at its best rank; an identifier shown again and again on a
 * page (in every table row) is one entry, its first, and none when a heading already names it.
 */
function dedupe(entries: readonly PageEntry[]): PageEntry[] {
  const best = new Map<string, PageEntry>();
  for (const e of entries) {
    const key = `${e.text}\0${e.rank === "title" ? "" : e.anchor}`;
    const had = best.get(key);
    if (!had || ENTRY_RANKS.indexOf(e.rank) < ENTRY_RANKS.indexOf(had.rank)) best.set(key, e);
  }
  const seen = new Set(entries.filter((e) => e.rank !== "code").map((e) => e.text));
  return [...best.values()].filter((e) => {
    if (e.rank !== "code") return true;
    if (seen.has(e.text)) return false;
    seen.add(e.text);
    return true;
  });
}
