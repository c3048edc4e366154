#!/usr/bin/env node
/**
 * Every header identifier on every built page and in the search index is one Xen's public
 * headers define, as the project's data knows them (@xen-abi/guidelines headerIdentifiers): a
 * doubled sub-op prefix or a misspelt name fails. Needs `npm run build` first. Prints the count
 * of files read and each unknown name with the first files that show it; exit 1 on any.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { findUnknownIdentifiers, headerIdentifiers, loadCatalog } from "@xen-abi/guidelines";
import { SITE } from "./harness.mjs";

const BUILD = join(SITE, "build");
const walk = (dir) =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });

const ids = headerIdentifiers(loadCatalog());
const files = walk(BUILD).filter((f) => /\.html$/.test(f) || /search.*\.json$/.test(f));
const seen = new Map();
for (const f of files) {
  for (const name of findUnknownIdentifiers(readFileSync(f, "utf8"), ids)) {
    seen.set(name, [...(seen.get(name) ?? []), relative(BUILD, f)]);
  }
}
console.log(`identifiers: ${files.length} files read, ${seen.size} unknown header names`);
for (const [name, where] of seen)
  console.log(`  ${name}: ${where.slice(0, 3).join(", ")}${where.length > 3 ? ", ..." : ""}`);
if (!files.some((f) => /search.*\.json$/.test(f))) {
  console.log("  no search index in build/");
  process.exitCode = 1;
}
if (seen.size > 0) process.exitCode = 1;
