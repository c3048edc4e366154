/**
 * Local plugin: every generated page of the site (hypercalls, guest modes, guidelines,
 * playground, propose). loadContent takes the pages' view models from @xen-abi/guidelines/views;
 * contentLoaded writes one JSON module per route and adds the route.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { createRequire } from "node:module";
import type { LoadContext, Plugin } from "@docusaurus/types";
import type * as Views from "@xen-abi/guidelines/views";
import { buildRoutes } from "./routes";

type SiteContent = Views.SiteContent;

/**
 * The views module, loaded with Node's own require (which loads ES modules from Node 20.19):
 * jiti, which loads the Docusaurus config and this file, cannot evaluate zod's ESM build.
 */
function loadViews(siteDir: string): typeof Views {
  return createRequire(join(siteDir, "package.json"))("@xen-abi/guidelines/views") as typeof Views;
}

/** examples/scenarios/*.{yaml,yml,json}, file name -> text. */
export function readScenarios(dir: string): Record<string, string> {
  const files = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f));
  return Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

export default function xenAbiPages(context: LoadContext): Plugin<SiteContent> {
  // The repository root: apps/site is two levels down.
  const ROOT = resolve(context.siteDir, "../..");
  return {
    name: "xen-abi-pages",
    loadContent: () =>
      Promise.resolve(
        loadViews(context.siteDir).siteContent({
          scenarios: readScenarios(join(ROOT, "examples", "scenarios")),
          skip: (file, why) => console.warn(`[xen-abi-pages] skipping ${file}: ${why}`),
        }),
      ),
    async contentLoaded({ content, actions }) {
      for (const r of buildRoutes(content)) {
        const file = await actions.createData(r.dataFile, JSON.stringify(r.data));
        // By the @generated alias: the route table, in every page's main bundle, then names
        // each module in a few characters instead of this machine's absolute path.
        const data = `@generated/${relative(context.generatedFilesDir, file).split(sep).join("/")}`;
        actions.addRoute({ path: r.path, component: r.component, exact: true, modules: { data } });
      }
    },
    // Docs import example scenarios as text (`import s from "../examples/scenarios/x.yaml?raw"`)
    // to show their release matrix, so the YAML stays in one place.
    configureWebpack: () => ({
      module: { rules: [{ test: /\.ya?ml$/, resourceQuery: /raw/, type: "asset/source" }] },
    }),
    getPathsToWatch: () => [
      resolve(ROOT, "examples/scenarios/*.yaml"),
      resolve(ROOT, "packages/guidelines/data/**/*.yaml"),
    ],
  };
}
