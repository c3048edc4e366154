/** `xen-abi show NAME`: a hypercall (by name, alias or number) with its per-mode register table. */
import { NEWEST_RELEASE } from "@xen-abi/abi-core";
import { showHypercall } from "@xen-abi/guidelines";
import { defineCommand } from "../registry.js";
import { readRelease } from "./release-option.js";
import { emit, type CommandOutput } from "./output.js";

export function showCommand(name: string, opts: { release?: string } = {}): CommandOutput {
  const { release, error } = readRelease("show", opts.release);
  if (error !== undefined) return { status: 2, stdout: "", stderr: error };
  const text = showHypercall(name, release);
  if (text === undefined)
    return {
      status: 2,
      stdout: "",
      stderr: `xen-abi show: no hypercall '${name}' in public/xen.h\n`,
    };
  return { status: 0, stdout: text, stderr: "" };
}

defineCommand((program) => {
  program
    .command("show")
    .description(
      "show a hypercall: status, handlers per guest type, per-mode register table, sub-ops, errors",
    )
    .argument("<name>", "hypercall name as in xen.h without __HYPERVISOR_ (or its number)")
    .option("--release <release>", "Xen release", NEWEST_RELEASE)
    .action((name: string, opts: { release?: string }) => emit(showCommand(name, opts)));
});
