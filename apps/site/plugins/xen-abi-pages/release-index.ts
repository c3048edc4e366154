/**
 * The hypercall index as of each release: built from the hypercall pages' spans (no new data),
 * one index per run of releases whose rows and page links are the same. The newest run is
 * /hypercalls itself; each older one is /<first release>/hypercalls, whose rows link to the
 * hypercall pages of that release.
 */
import type { HypercallRow, SiteContent } from "@xen-abi/guidelines/views";

export interface IndexSpan {
  readonly from: string;
  readonly to: string;
  /** The hypercalls dispatched in these releases, in number order, as their pages show them. */
  readonly rows: readonly HypercallRow[];
  /** Each row's page for these releases (`/4.12.0/hypercalls/argo_op`, `/hypercalls/xen_version`). */
  readonly links: Readonly<Record<string, string>>;
}

/** Index spans, oldest first; empty when no page has history (then /hypercalls alone). */
export function indexSpans(content: SiteContent): IndexSpan[] {
  const pages = Object.entries(content.history.hypercalls);
  const at = new Map(content.releases.map((r, i) => [r, i]));
  const pos = (r: string) => at.get(r) ?? -1;
  const starts = [...new Set(pages.flatMap(([, spans]) => spans.map((s) => s.from)))].sort(
    (a, b) => pos(a) - pos(b),
  );
  const out: (IndexSpan & { key: string })[] = [];
  starts.forEach((from, i) => {
    const to =
      i + 1 < starts.length ? content.releases[pos(starts[i + 1]!) - 1]! : content.releases.at(-1)!;
    const rows: HypercallRow[] = [];
    const links: Record<string, string> = {};
    for (const [name, spans] of pages) {
      const k = spans.findIndex((s) => pos(s.from) <= pos(from) && pos(from) <= pos(s.to));
      if (k < 0) continue;
      rows.push(spans[k]!.data.row);
      links[name] =
        k === spans.length - 1 ? `/hypercalls/${name}` : `/${spans[k]!.from}/hypercalls/${name}`;
    }
    rows.sort((a, b) => a.number - b.number);
    const key = JSON.stringify([rows, links]);
    const last = out.at(-1);
    if (last && last.key === key) out[out.length - 1] = { ...last, to };
    else out.push({ from, to, rows, links, key });
  });
  return out.map(({ key: _k, ...span }) => span);
}
