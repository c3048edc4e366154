/**
 * `xen-abi lint [FILES...]`: check hypercall documents, data/rules.yaml and proposals against
 * the schema and the rules. Messages are `file:line:col: message [rule-id]`; exit 2 on
 * errors. With no files it lints the guidelines' own data. `--conformance` applies the rules
 * to Xen's existing hypercalls instead and prints the report.
 */
import { join } from "node:path";
import { NEWEST_RELEASE } from "@xen-abi/abi-core";
import {
  PACKAGE_DIR,
  conformanceReport,
  formatConformanceText,
  formatMessage,
  lintExitStatus,
  lintFiles,
} from "@xen-abi/guidelines/node";
import { defineCommand } from "../registry.js";
import { readRelease } from "./release-option.js";
import { emit, type CommandOutput } from "./output.js";

export interface LintCommandOptions {
  readonly json?: boolean;
  readonly conformance?: boolean;
  readonly release?: string;
}

export function lintCommand(
  files: readonly string[],
  opts: LintCommandOptions = {},
): CommandOutput {
  const { release, error } = readRelease("lint", opts.release);
  if (error !== undefined) return { status: 2, stdout: "", stderr: error };
  if (opts.conformance) {
    const report = conformanceReport(release);
    return {
      status: 0,
      stdout: opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatConformanceText(report),
      stderr: "",
    };
  }
  const paths = files.length > 0 ? files : [join(PACKAGE_DIR, "data")];
  let messages;
  try {
    messages = lintFiles(paths);
  } catch (e) {
    return { status: 2, stdout: "", stderr: `xen-abi lint: ${(e as Error).message}\n` };
  }
  const status = lintExitStatus(messages);
  if (opts.json) return { status, stdout: `${JSON.stringify(messages, null, 2)}\n`, stderr: "" };
  const errors = messages.filter((m) => m.severity === "error").length;
  const text = messages.map((m) => `${formatMessage(m)}\n`).join("");
  return {
    status,
    stdout: "",
    stderr:
      text +
      (messages.length > 0 ? `${errors} error(s), ${messages.length - errors} warning(s)\n` : ""),
  };
}

defineCommand((program) => {
  program
    .command("lint")
    .description(
      "check hypercall documents and proposals against the schema and the rules for new hypercalls",
    )
    .argument("[files...]", "YAML/JSON files or directories (default: the guidelines' data)")
    .option(
      "--json",
      "print the messages as JSON ({file, line, column, ruleId, message, severity})",
    )
    .option(
      "--conformance",
      "apply the rules to Xen's existing hypercalls and print the conformance report",
    )
    .option("--release <release>", "Xen release for --conformance", NEWEST_RELEASE)
    .addHelpText("after", "\nExit status: 0 no errors, 2 errors (or an unreadable file).")
    .action((files: string[], opts: LintCommandOptions) => emit(lintCommand(files, opts)));
});
