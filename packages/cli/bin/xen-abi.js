#!/usr/bin/env node
/**
 * The `xen-abi` command's launcher. It runs the built CLI (dist/bin.js); in a fresh clone,
 * where `npm ci` installed but nothing is built yet, it builds the packages first, once,
 * saying so on stderr (stdout stays clean for --json).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const built = new URL("../dist/bin.js", import.meta.url);
if (!existsSync(fileURLToPath(built))) {
  const root = fileURLToPath(new URL("../../..", import.meta.url));
  if (!existsSync(`${root}/turbo.json`)) {
    console.error("xen-abi: the CLI is not built (no dist/bin.js); build it with npm run build");
    process.exit(2);
  }
  console.error(
    "xen-abi: first run in this checkout: building the packages (npm run build:packages)...",
  );
  const r = spawnSync("npm", ["run", "build:packages", "--silent"], {
    cwd: root,
    stdio: ["ignore", process.stderr, process.stderr],
  });
  if (r.status !== 0 || !existsSync(fileURLToPath(built))) {
    console.error("xen-abi: the build failed; run npm run build:packages to see why");
    process.exit(2);
  }
}
await import(built.href);
