#!/usr/bin/env node
/**
 * `npm run serve` (and `npm start`): docusaurus serve on $PORT (default 3000) and $HOST (default
 * 127.0.0.1). A PORT that is not a port number is refused with one line naming it (exit 2).
 * `--print` prints the docusaurus arguments instead of serving (for the tests).
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";

const port = process.env.PORT ?? "3000";
if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
  console.error(`serve: PORT must be a port number from 1 to 65535, not '${port}'`);
  process.exit(2);
}
const args = ["serve", "--host", process.env.HOST ?? "127.0.0.1", "--port", port, "--no-open"];
if (process.argv.includes("--print")) {
  console.log(args.join(" "));
  process.exit(0);
}
const bin = createRequire(import.meta.url).resolve("@docusaurus/core/bin/docusaurus.mjs");
const r = spawnSync(process.execPath, [bin, ...args], { stdio: "inherit" });
process.exit(r.status ?? 1);
