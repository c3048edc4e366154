/**
 * `xen-abi diff-release A B`: every hypercall availability cell, prototype, struct and
 * modelled behaviour that differs between two releases, behaviours with their Xen commits,
 * and the modelled checks one release makes and the other not.
 */
import { checkReleaseDiff, diffReleases, type ReleaseDiff } from "@xen-abi/abi-core";
import { defineCommand } from "../registry.js";
import { emit, type CommandOutput } from "./output.js";
import { readRelease } from "./release-option.js";

function text(d: ReleaseDiff): string {
  const lines = [
    `${d.a} -> ${d.b}: ${d.entries.length} difference${d.entries.length === 1 ? "" : "s"}`,
  ];
  for (const e of d.entries) {
    const where = e.guest !== undefined ? ` [${e.guest}]` : "";
    lines.push(`  ${e.kind.padEnd(12)} ${e.subject}${where}: ${e.a} -> ${e.b}`);
    if (e.difference !== undefined) {
      lines.push(`               ${e.difference.summary}`);
      for (const c of e.difference.commits)
        lines.push(`               ${c.commit} ${c.branch}, first in ${c.firstTag}: ${c.subject}`);
    }
    if (e.note !== undefined) lines.push(`               ${e.note}`);
  }
  return `${lines.join("\n")}\n`;
}

export function diffReleaseCommand(
  a: string,
  b: string,
  opts: { json?: boolean } = {},
): CommandOutput {
  const ra = readRelease("diff-release", a);
  if (ra.error !== undefined) return { status: 2, stdout: "", stderr: ra.error };
  const rb = readRelease("diff-release", b);
  if (rb.error !== undefined) return { status: 2, stdout: "", stderr: rb.error };
  const table = diffReleases(ra.release, rb.release);
  const d: ReleaseDiff = {
    ...table,
    entries: [...table.entries, ...checkReleaseDiff(ra.release, rb.release)],
  };
  return {
    status: 0,
    stdout: opts.json ? `${JSON.stringify(d, null, 2)}\n` : text(d),
    stderr: "",
  };
}

defineCommand((program) => {
  program
    .command("diff-release")
    .description(
      "list every hypercall, availability cell, prototype, struct, modelled behaviour and check that differs between two releases",
    )
    .argument("<a>", "a Xen release (4.16.1; 4.16 is 4.16.0)")
    .argument("<b>", "another release")
    .option("--json", "print the differences as JSON")
    .action((a: string, b: string, opts: { json?: boolean }) =>
      emit(diffReleaseCommand(a, b, opts)),
    );
});
