/** `xen-abi export [--out FILE]`: the hypercalls and struct layouts as one JSON document. */
import { writeFileSync } from "node:fs";
import { NEWEST_RELEASE } from "@xen-abi/abi-core";
import { exportDocument } from "@xen-abi/guidelines";
import { defineCommand } from "../registry.js";
import { readRelease } from "./release-option.js";
import { emit, type CommandOutput } from "./output.js";

export function exportCommand(opts: { out?: string; release?: string } = {}): CommandOutput {
  const { release, error } = readRelease("export", opts.release);
  if (error !== undefined) return { status: 2, stdout: "", stderr: error };
  const json = `${JSON.stringify(exportDocument(release), null, 2)}\n`;
  if (opts.out === undefined) return { status: 0, stdout: json, stderr: "" };
  try {
    writeFileSync(opts.out, json);
  } catch (e) {
    return { status: 2, stdout: "", stderr: `xen-abi export: ${(e as Error).message}\n` };
  }
  return { status: 0, stdout: "", stderr: `wrote ${opts.out}\n` };
}

defineCommand((program) => {
  program
    .command("export")
    .description(
      "write every hypercall (availability, per-mode registers and widths) and struct layout as JSON",
    )
    .option("--out <file>", "write to a file instead of stdout")
    .option("--release <release>", "Xen release", NEWEST_RELEASE)
    .action((opts: { out?: string; release?: string }) => emit(exportCommand(opts)));
});
