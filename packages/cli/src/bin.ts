#!/usr/bin/env node
/** `xen-abi`: one import per command; each registers itself (see registry.ts). */
import { quietOnClosedPipe } from "./epipe.js";
import { main } from "./registry.js";
import "./commands/run.js";
import "./commands/lint.js";
import "./commands/propose.js";
import "./commands/show.js";
import "./commands/export.js";
import "./commands/diff-release.js";

quietOnClosedPipe(process.stdout, (code) => process.exit(code));

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    // Never a stack trace: one line, exit 2.
    process.stderr.write(`xen-abi: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
