/**
 * Local plugin: every generated page of the site (hypercalls, guest modes, guidelines,
 * playground, propose). loadContent asks the adapter for the data; contentLoaded writes one
 * JSON module per route and adds the route.
 */
import { resolve } from "node:path";
import type { LoadContext, Plugin } from "@docusaurus/types";
import { loadSiteContent } from "../../src/data/adapter";
import type { SiteContent } from "../../src/data/types";
import { buildRoutes } from "./routes";

export default function xenAbiPages(context: LoadContext): Plugin<SiteContent> {
  // The repository root: apps/site is two levels down.
  const ROOT = resolve(context.siteDir, "../..");
  return {
    name: "xen-abi-pages",
    loadContent: () => loadSiteContent(ROOT, context.siteDir),
    async contentLoaded({ content, actions }) {
      for (const r of buildRoutes(content)) {
        const data = await actions.createData(r.dataFile, JSON.stringify(r.data));
        actions.addRoute({ path: r.path, component: r.component, exact: true, modules: { data } });
      }
    },
    getPathsToWatch: () => [
      resolve(ROOT, "examples/scenarios/*.yaml"),
      resolve(ROOT, "packages/guidelines/data/**/*.yaml"),
    ],
  };
}
