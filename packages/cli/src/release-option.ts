/** One check for every `--release` option: a modelled release, or a line listing them. */
import { lookupRelease } from "@xen-abi/guidelines";
import type { Release } from "@xen-abi/abi-core";
import type { CommandOutput } from "./commands/output.js";

/** The release, or the command's usage error (exit 2) naming it and the modelled ones. */
export function releaseOption(command: string, value: string): Release | CommandOutput {
  const r = lookupRelease(value);
  return r.ok ? r.value : { status: 2, stdout: "", stderr: `xen-abi ${command}: ${r.error}\n` };
}
