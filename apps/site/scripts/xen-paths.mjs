#!/usr/bin/env node
/**
 * Record the files the built site links in Xen's source: for every link in build/ (the tag
 * and the path), confirm in a Xen git tree that the path exists at that tag (`git cat-file -e
 * RELEASE-4.22.0:xen/common/argo.c`) and write them to plugins/xen-source/xen-paths.json,
 * which the build's offline check (plugins/xen-source) reads. Fails, writing nothing, on a
 * link to a file that does not exist at its tag.
 *
 * Run after a build that failed that check: `XEN_GIT=<xen.git> npm run xen-paths -w
 * @xen-abi/site` (XEN_GIT defaults to /work/.mirror/xen-project+xen/repo), then build again.
 */
import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { KNOWN_PATHS_FILE, xenLinksOfBuild } from "../plugins/xen-source/links.mjs";

const SITE = join(dirname(fileURLToPath(import.meta.url)), "..");
const GIT = process.env.XEN_GIT ?? "/work/.mirror/xen-project+xen/repo";
const BUILD = join(SITE, "build");

if (!existsSync(BUILD)) {
  console.error(`xen-paths: ${BUILD}: no build; run npm run build first`);
  process.exit(2);
}
if (spawnSync("git", ["-C", GIT, "rev-parse", "--git-dir"]).status !== 0) {
  console.error(`xen-paths: ${GIT}: not a git tree of Xen; set XEN_GIT`);
  process.exit(2);
}

const links = xenLinksOfBuild(BUILD);
const missing = links.filter(
  (l) => spawnSync("git", ["-C", GIT, "cat-file", "-e", `${l.tag}:${l.path}`]).status !== 0,
);
if (missing.length > 0) {
  for (const l of missing) console.error(`xen-paths: ${l.page}: ${l.path} is not in ${l.tag}`);
  process.exit(1);
}
const paths = {};
for (const l of links) (paths[l.tag] ??= []).push(l.path);
const doc = {
  about:
    "Every file of Xen's source the site links, per tag, each confirmed to exist at it in " +
    "xen.git by scripts/xen-paths.mjs; the build checks its links against this offline.",
  paths,
};
// Formatted as the repository's Prettier check wants it, so a regenerated list needs no rerun.
const { format, resolveConfig } = await import("prettier");
const file = join(SITE, KNOWN_PATHS_FILE);
const options = { ...(await resolveConfig(file)), filepath: file };
writeFileSync(file, await format(JSON.stringify(doc), options));
console.log(
  `xen-paths: ${links.length} links, ${Object.keys(paths).length} tags, each confirmed in ${GIT}`,
);
