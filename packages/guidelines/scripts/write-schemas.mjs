#!/usr/bin/env node
// Writes schema/*.schema.json from the built package (run by `npm run build` after tsc), then
// formats them as the repository's prettier would.
import { readFileSync, writeFileSync } from "node:fs";
import { writeJsonSchemas } from "../dist/node.js";

const prettier = await import("prettier").catch(() => undefined);
for (const p of writeJsonSchemas()) {
  if (prettier) {
    const options = (await prettier.resolveConfig(p)) ?? {};
    writeFileSync(p, await prettier.format(readFileSync(p, "utf8"), { ...options, filepath: p }));
  }
  console.log(`wrote ${p}`);
}
