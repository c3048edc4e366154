/**
 * The links to Xen's source a built site holds, and the check that each file exists at its
 * tag. Whether it exists is read from xen-paths.json beside this file (every linked path per
 * tag, each confirmed in a Xen git tree by scripts/xen-paths.mjs), so the check runs offline:
 * CI builds a fresh clone without Xen's source. Plain JS: the site's config and that script
 * both load it.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/** The committed list of paths per tag, beside this file. */
export const KNOWN_PATHS_FILE = "plugins/xen-source/xen-paths.json";

/** xenSourceUrl's links (src/components/XenSource/cite.ts), quoted or not by the minifier. */
const LINK = /xenbits\.xen\.org\/gitweb\/\?p=xen\.git;a=blob;f=([^;"'\s>]+);hb=(RELEASE-[\d.]+)/g;

/**
 * @typedef {{ path: string, tag: string }} XenLink One link: a file's path in xen.git, a tag.
 * @typedef {Record<string, readonly string[]>} KnownPaths Tag -> paths confirmed at it.
 */

/**
 * The links to Xen's source in one HTML text.
 * @param {string} html
 * @returns {XenLink[]}
 */
export function xenLinksIn(html) {
  return [...html.matchAll(LINK)].map((m) => ({ path: m[1], tag: m[2] }));
}

/** @param {string} dir @returns {string[]} */
function htmlFiles(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return htmlFiles(p);
    return f.endsWith(".html") ? [p] : [];
  });
}

/**
 * Every distinct link to Xen's source in the HTML under `outDir`, `{ path, tag, page }` with
 * the first page (relative to `outDir`) that has it, sorted by tag then path.
 * @param {string} outDir
 * @returns {(XenLink & { page: string })[]}
 */
export function xenLinksOfBuild(outDir) {
  const out = new Map();
  for (const file of htmlFiles(outDir))
    for (const l of xenLinksIn(readFileSync(file, "utf8"))) {
      const key = `${l.tag}:${l.path}`;
      if (!out.has(key)) out.set(key, { ...l, page: relative(outDir, file) });
    }
  return [...out.values()].sort((a, b) =>
    a.tag === b.tag ? a.path.localeCompare(b.path) : a.tag.localeCompare(b.tag),
  );
}

/**
 * The links whose path `known` does not list at their tag.
 * @template {XenLink} T
 * @param {T[]} links
 * @param {KnownPaths} known
 * @returns {T[]}
 */
export function unknownLinks(links, known) {
  return links.filter((l) => !(known[l.tag] ?? []).includes(l.path));
}

/**
 * The committed list of `siteDir`.
 * @param {string} siteDir
 * @returns {KnownPaths}
 */
export function readKnownPaths(siteDir) {
  return JSON.parse(readFileSync(join(siteDir, KNOWN_PATHS_FILE), "utf8")).paths;
}
