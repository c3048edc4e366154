/**
 * Site content to routes, as data: pure, so it is unit-tested without Docusaurus. The plugin
 * (index.ts) only writes each route's JSON with createData and registers it with addRoute.
 */
import type { SiteContent } from "@xen-abi/guidelines/views";

export interface RouteSpec {
  readonly path: string;
  /** A page component under src/components, one folder each. */
  readonly component: string;
  /** File name for createData, unique per route. */
  readonly dataFile: string;
  readonly data: unknown;
}

const C = "@site/src/components";

/** Previous and next hypercall pages, in number order, for a page's pagination links. */
function neighbours(names: readonly string[], i: number) {
  const link = (n: string | undefined) => n && { to: `/hypercalls/${n}`, label: n };
  const prev = link(names[i - 1]);
  const next = link(names[i + 1]);
  return { ...(prev && { prev }), ...(next && { next }) };
}

export function buildRoutes(content: SiteContent): RouteSpec[] {
  const routes: RouteSpec[] = [
    {
      path: "/hypercalls",
      component: `${C}/HypercallIndex`,
      dataFile: "hypercalls.json",
      data: { rows: content.hypercalls.map((h) => h.row), release: content.newestRelease },
    },
    ...content.hypercalls.map((h, i, all) => ({
      path: `/hypercalls/${h.row.name}`,
      component: `${C}/HypercallPage`,
      dataFile: `hypercall-${h.row.name}.json`,
      data: {
        ...h,
        release: content.newestRelease,
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
      data: m,
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
      data: { scenarios: content.scenarios },
    },
    {
      path: "/propose",
      component: `${C}/ProposePage`,
      dataFile: "propose.json",
      data: { rules: content.rules.map((r) => ({ id: r.id, title: r.title })) },
    },
  ];
  const seen = new Set<string>();
  for (const r of routes) {
    if (seen.has(r.path)) throw new Error(`two routes for ${r.path}`);
    seen.add(r.path);
  }
  return routes;
}
