#!/usr/bin/env node
/**
 * Every header identifier on every built page and in the search index is one Xen's public
 * headers define, as the project's data knows them (@xen-abi/guidelines headerIdentifiers): a
 * doubled sub-op prefix or a misspelt name fails. Needs `npm run build` first. Prints the count
 * of files read and each unknown name with the first files that show it; exit 1 on any. Also
 * checks that counts read as words should ("1 arg", no count said twice).
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

// Counts in words: "1 arg", never "1 args", and never a count said twice ("2 args 2 args").
const grammar = [];
for (const f of files.filter((x) => /\.html$/.test(x))) {
  const text = readFileSync(f, "utf8")
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ");
  const bad = /\b1 args\b/.exec(text) ?? /\b(\d+) args? \1 args?\b/.exec(text);
  if (bad) grammar.push(`${relative(BUILD, f)}: "${bad[0]}"`);
}
console.log(`counts: ${grammar.length} pages with "1 args" or a count said twice`);
for (const g of grammar.slice(0, 5)) console.log(`  ${g}`);
if (grammar.length > 0) process.exitCode = 1;
