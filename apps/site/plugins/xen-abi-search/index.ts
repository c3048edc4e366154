/**
 * Local plugin: after the build, write build/search-index.json, the names search's index
 * (src/search): every route's title, headings and identifiers, about 240 kB that the search bar
 * fetches on first focus. It replaced @easyops-cn/docusaurus-search-local, whose full-text index
 * was 2.5 MB fetched whole on the first query, and ranked TypeDoc pages before hypercall pages.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Plugin } from "@docusaurus/types";
import { SEARCH_INDEX_FILE, buildIndex, indexed } from "../../src/search/build";

/** The built HTML of a route (trailingSlash: false writes /a/b.html, the root index.html). */
function htmlOf(outDir: string, route: string): string | undefined {
  const base = route.replace(/\/$/, "");
  for (const f of [base === "" ? "index.html" : `${base}.html`, join(base, "index.html")]) {
    try {
      return readFileSync(join(outDir, f), "utf8");
    } catch {
      // not this layout
    }
  }
  return undefined;
}

export default function xenAbiSearch(): Plugin {
  return {
    name: "xen-abi-search",
    postBuild({ routesPaths, outDir, baseUrl }) {
      const pages: { path: string; html: string }[] = [];
      for (const url of new Set(routesPaths)) {
        const path = `/${url.slice(baseUrl.length)}`.replace(/(.)\/$/, "$1");
        if (!indexed(path)) continue;
        const html = htmlOf(outDir, path);
        if (html !== undefined) pages.push({ path, html });
      }
      writeFileSync(join(outDir, SEARCH_INDEX_FILE), JSON.stringify(buildIndex(pages)));
      return Promise.resolve();
    },
  };
}
