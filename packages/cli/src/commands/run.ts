/**
 * `xen-abi run FILE...`: run scenarios (docs/writing-scenarios, the scenario format). A directory
 * runs every .yaml, .yml and .json file directly inside it, sorted. Exit status 0 when every
 * expectation held, 1 when one failed, 2 when a file is unreadable or not a valid scenario
 * (valid files still run and are reported).
 */
import {
  exitStatus,
  formatFileText,
  formatResultJson,
  formatSummary,
  ScenarioError,
  type FileOutcome,
  type ScenarioResult,
} from "@xen-abi/abi-core";
import { expandScenarioPaths, runScenarioFile } from "@xen-abi/abi-core/node";
import { defineCommand } from "../registry.js";

export interface RunCommandOptions {
  readonly json?: boolean;
  readonly trace?: boolean;
}

export interface RunOutput {
  readonly status: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the files and render the report, without touching the process (for tests). */
export function runCommand(paths: readonly string[], opts: RunCommandOptions = {}): RunOutput {
  const trace = opts.trace === true;
  const outcomes: FileOutcome[] = expandScenarioPaths(paths).map((file) => {
    try {
      return runScenarioFile(file, { trace });
    } catch (e) {
      if (e instanceof ScenarioError) return e;
      // A bug in the machine, not in the file: still one line naming the file.
      return new ScenarioError(file, "", `internal error: ${(e as Error).message}`);
    }
  });
  const stderr = outcomes
    .filter((o): o is ScenarioError => o instanceof ScenarioError)
    .map((e) => `${e.message}\n`)
    .join("");
  const stdout = opts.json
    ? formatResultJson(outcomes)
    : outcomes
        .filter((o): o is ScenarioResult => !(o instanceof ScenarioError))
        .map((o) => `${formatFileText(o, { trace })}\n`)
        .join("") + `${formatSummary(outcomes)}\n`;
  return { status: exitStatus(outcomes), stdout, stderr };
}

defineCommand((program) => {
  program
    .command("run")
    .description(
      "run scenario files (or every scenario in a directory) and check their expectations",
    )
    .argument("<file...>", "scenario files (.yaml, .yml, .json) or directories of them")
    .option("--json", "print machine-readable results (the scenario spec's --json shape)")
    .option("--trace", "include the dispatcher's trace of each hypercall and what each read saw")
    .addHelpText(
      "after",
      [
        "",
        "Each file prints PASS/FAIL, then one line per step (ok/FAIL, index, op, label, ret with its",
        "errno name, fault, continuations) with failed expectations indented below. The last line",
        "counts files (passed, failed, invalid) and steps (passed, failed). Invalid files are",
        "reported on stderr as FILE:LINE:COL: PATH: MESSAGE; the other files still run.",
        "",
        "Exit status: 0 every expectation held, 1 an expectation failed, 2 a file is unreadable or invalid.",
      ].join("\n"),
    )
    .action((files: string[], opts: RunCommandOptions) => {
      const out = runCommand(files, opts);
      process.stdout.write(out.stdout);
      process.stderr.write(out.stderr);
      process.exitCode = out.status;
    });
});
