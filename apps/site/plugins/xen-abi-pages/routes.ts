/**
 * Site content to routes, as data: pure, so it is unit-tested without Docusaurus. The plugin
 * (index.ts) only writes each route's JSON with createData and registers it with addRoute.
 */
import type { SiteContent, SpanPage } from "@xen-abi/guidelines/views";
import { indexSpans } from "./release-index";
// The page's own types for its data (type-only: erased, no browser code reaches the plugin).
import type { ExampleEntry, FirstExample } from "../../src/components/Playground";

export interface RouteSpec {
  readonly path: string;
  /** A page component under src/components, one folder each. */
  readonly component: string;
  /** File name for createData, unique per route. */
  readonly dataFile: string;
  readonly data: unknown;
}

const C = "@site/src/components";

/** What a page's release selector needs: every release, and which page each span reads. */
export interface ReleaseChoice {
  /** Every modelled release, as [line, last patch] pairs (`["4.16", 7]`: 4.16.0-4.16.7). */
  readonly lines: readonly (readonly [string, number])[];
  /** The span this page shows. */
  readonly from: string;
  readonly to: string;
  /** Every span's page, oldest first; the last is the newest page (unprefixed). */
  readonly variants: readonly { from: string; to: string; path: string }[];
}

/**
 * A page's spans (`history`, oldest first) as selector data: older spans live under the
 * prefix of their first release (`/4.12.0/hypercalls/argo_op`), the newest at `path` itself.
 */
function variantsOf(
  spans: readonly SpanPage<unknown>[] | undefined,
  path: string,
  releases: readonly string[],
): ReleaseChoice["variants"] {
  if (!spans || spans.length === 0)
    return [{ from: releases[0] ?? "", to: releases.at(-1) ?? "", path }];
  return spans.map((sp, i) => ({
    from: sp.from,
    to: sp.to,
    path: i === spans.length - 1 ? path : `/${sp.from}${path}`,
  }));
}

/** Releases (oldest first) as [line, last patch] pairs, a tenth of the bytes on every page. */
export function releaseLines(releases: readonly string[]): [string, number][] {
  const out: [string, number][] = [];
  for (const r of releases) {
    const line = r.slice(0, 4);
    const patch = Number(r.slice(5) || 0);
    const last = out.at(-1);
    if (last && last[0] === line) last[1] = Math.max(last[1], patch);
    else out.push([line, patch]);
  }
  return out;
}

function choice(variants: ReleaseChoice["variants"], i: number, releases: readonly string[]) {
  const v = variants[i]!;
  return {
    lines: releaseLines(releases),
    from: v.from,
    to: v.to,
    variants,
  } satisfies ReleaseChoice;
}

/** Pages of the older spans of each hypercall and mode: same components, release-prefixed. */
function olderRoutes(content: SiteContent): RouteSpec[] {
  const out: RouteSpec[] = [];
  const rel = content.releases;
  const kinds: [string, string, Readonly<Record<string, readonly SpanPage<unknown>[]>>][] = [
    ["hypercalls", "HypercallPage", content.history.hypercalls],
    ["abi", "ModePage", content.history.modes],
  ];
  for (const [dir, component, pages] of kinds)
    for (const [name, spans] of Object.entries(pages)) {
      const variants = variantsOf(spans, `/${dir}/${name}`, rel);
      spans.slice(0, -1).forEach((sp, i) =>
        out.push({
          path: variants[i]!.path,
          component: `${C}/${component}`,
          dataFile: `${dir}-${name}-${sp.from}.json`,
          data: { ...(sp.data as object), selector: choice(variants, i, rel) },
        }),
      );
    }
  return out;
}

/** The newest page's selector: its own span is the last. */
function newestChoice(
  spans: readonly SpanPage<unknown>[] | undefined,
  path: string,
  releases: readonly string[],
): ReleaseChoice {
  const variants = variantsOf(spans, path, releases);
  return choice(variants, variants.length - 1, releases);
}

/** Previous and next hypercall pages, in number order, for a page's pagination links. */
function neighbours(names: readonly string[], i: number) {
  const link = (n: string | undefined) => n && { to: `/hypercalls/${n}`, label: n };
  const prev = link(names[i - 1]);
  const next = link(names[i + 1]);
  return { ...(prev && { prev }), ...(next && { next }) };
}

/**
 * The hypercall index of each older span of releases (/4.12.0/hypercalls), and the selector
 * of every index, the newest (/hypercalls) last; no selector when nothing has history.
 */
function indexRoutes(content: SiteContent): { older: RouteSpec[]; newest?: ReleaseChoice } {
  const spans = indexSpans(content);
  if (spans.length < 2) return { older: [] };
  const variants = spans.map((sp, i) => ({
    from: sp.from,
    to: sp.to,
    path: i === spans.length - 1 ? "/hypercalls" : `/${sp.from}/hypercalls`,
  }));
  const older = spans.slice(0, -1).map((sp, i) => ({
    path: variants[i]!.path,
    component: `${C}/HypercallIndex`,
    dataFile: `hypercalls-${sp.from}.json`,
    data: {
      rows: sp.rows,
      release: sp.from,
      links: sp.links,
      selector: choice(variants, i, content.releases),
    },
  }));
  return { older, newest: choice(variants, variants.length - 1, content.releases) };
}

/**
 * The playground's route data: the list of examples, and the text of the one shown first (the
 * first starting point). Every other text stays out of the first load, which would otherwise
 * grow with each example: the page fetches it from /scenarios/<file> when picked
 * (examples/scenarios, served as a static directory, docusaurus.config.ts).
 */
export function playgroundData(scenarios: SiteContent["scenarios"]): {
  examples: ExampleEntry[];
  first?: FirstExample;
} {
  const first = scenarios.find((s) => s.starter) ?? scenarios[0];
  return {
    examples: scenarios.map(({ file, name, starter }) => ({ file, name, starter })),
    ...(first && { first: { file: first.file, text: first.text } }),
  };
}

export function buildRoutes(content: SiteContent): RouteSpec[] {
  const index = indexRoutes(content);
  const routes: RouteSpec[] = [
    {
      path: "/hypercalls",
      component: `${C}/HypercallIndex`,
      dataFile: "hypercalls.json",
      data: {
        rows: content.hypercalls.map((h) => h.row),
        release: content.newestRelease,
        ...(index.newest && { selector: index.newest }),
      },
    },
    ...content.hypercalls.map((h, i, all) => ({
      path: `/hypercalls/${h.row.name}`,
      component: `${C}/HypercallPage`,
      dataFile: `hypercall-${h.row.name}.json`,
      data: {
        ...h,
        release: content.newestRelease,
        selector: newestChoice(
          content.history.hypercalls[h.row.name],
          `/hypercalls/${h.row.name}`,
          content.releases,
        ),
        ...neighbours(
          all.map((x) => x.row.name),
          i,
        ),
      },
    })),
    {
      path: "/abi",
      component: `${C}/AbiIndex`,
      dataFile: "abi.json",
      data: { modes: content.modes },
    },
    ...content.modes.map((m) => ({
      path: `/abi/${m.mode}`,
      component: `${C}/ModePage`,
      dataFile: `abi-${m.mode}.json`,
      data: {
        ...m,
        selector: newestChoice(content.history.modes[m.mode], `/abi/${m.mode}`, content.releases),
      },
    })),
    {
      path: "/guidelines",
      component: `${C}/GuidelinesIndex`,
      dataFile: "guidelines.json",
      data: { rules: content.rules },
    },
    ...content.rules.map((r) => ({
      path: `/guidelines/${r.id}`,
      component: `${C}/GuidelinePage`,
      dataFile: `guideline-${r.id}.json`,
      data: r,
    })),
    {
      path: "/playground",
      component: `${C}/PlaygroundPage`,
      dataFile: "playground.json",
      data: playgroundData(content.scenarios),
    },
    {
      path: "/propose",
      component: `${C}/ProposePage`,
      dataFile: "propose.json",
      data: { rules: content.rules.map((r) => ({ id: r.id, title: r.title })) },
    },
    {
      path: "/releases",
      component: `${C}/ReleasesPage`,
      dataFile: "releases.json",
      data: { ...content.releaseNotes, newest: content.newestRelease },
    },
    ...olderRoutes(content),
    ...index.older,
  ];
  const seen = new Set<string>();
  for (const r of routes) {
    if (seen.has(r.path)) throw new Error(`two routes for ${r.path}`);
    seen.add(r.path);
  }
  return routes;
}
