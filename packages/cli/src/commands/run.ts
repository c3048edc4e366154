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
import { readRelease } from "./release-option.js";
import { runFilesOnRelease, runReleaseMatrix } from "./run-releases.js";

export interface RunCommandOptions {
  readonly json?: boolean;
  readonly trace?: boolean;
  /** Run every file on this release instead of the one it names. */
  readonly release?: string;
  /** Run every file on each of these releases and print a matrix (run-releases.ts). */
  readonly releases?: string;
}

export interface RunOutput {
  readonly status: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** Run the files and render the report, without touching the process (for tests). */
export function runCommand(paths: readonly string[], opts: RunCommandOptions = {}): RunOutput {
  const trace = opts.trace === true;
  if (opts.releases !== undefined) {
    if (opts.release !== undefined)
      return { status: 2, stdout: "", stderr: "xen-abi run: give --release or --releases\n" };
    return runReleaseMatrix(paths, opts.releases, opts.json === true);
  }
  let outcomes: FileOutcome[];
  if (opts.release !== undefined) {
    const { release, error } = readRelease("run", opts.release);
    if (error !== undefined) return { status: 2, stdout: "", stderr: error };
    outcomes = runFilesOnRelease(paths, release, trace);
  } else outcomes = runAsWritten(paths, trace);
  return report(outcomes, opts, trace);
}

function runAsWritten(paths: readonly string[], trace: boolean): FileOutcome[] {
  return expandScenarioPaths(paths).map((file) => {
    try {
      return runScenarioFile(file, { trace });
    } catch (e) {
      if (e instanceof ScenarioError) return e;
      // A bug in the machine, not in the file: still one line naming the file.
      return new ScenarioError(file, "", `internal error: ${(e as Error).message}`);
    }
  });
}

function report(outcomes: FileOutcome[], opts: RunCommandOptions, trace: boolean): RunOutput {
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
    .option(
      "--release <release>",
      "run on this Xen release (4.16.1; 4.16 is 4.16.0), not the file's",
    )
    .option(
      "--releases <list>",
      "run on each release and print a matrix: 4.12..4.22 (each x.y.0), 4.16.0..4.16.7 (every tag), all, or a list",
    )
    .addHelpText(
      "after",
      [
        "",
        "Each file prints PASS/FAIL, then one line per step (ok/FAIL, index, op, label, ret with its",
        "errno name, fault, continuations) with failed expectations indented below. The last line",
        "counts files (passed, failed, invalid) and steps (passed, failed). Invalid files are",
        "reported on stderr as FILE:LINE:COL: PATH: MESSAGE; the other files still run.",
        "",
        "With --releases, each file prints a matrix: a row per step, a column per release, each cell",
        "the result (ret and errno, fault, continuations) and the registers the step changed. '*' marks",
        "a cell that differs from the one to its left, '!' a failed expectation (judged per release);",
        "under the row, the release where it changed and the Xen commits of the difference.",
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
