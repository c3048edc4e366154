/**
 * Reports of scenario runs: text for people and `--json` exactly in the shape of the spec's
 * "Output of --json" section. An invalid or unreadable file is a ScenarioError outcome; it is
 * reported as its one-line message and counted as invalid.
 */
import { ScenarioError } from "./error.js";
import type { ScenarioResult, StepResult } from "./run.js";
import { withErrno } from "./run.js";

/** A file's outcome: it ran (passed or failed), or it could not run. */
export type FileOutcome = ScenarioResult | ScenarioError;

export interface FormatOptions {
  /** Print each hypercall step's trace events and each read step's bytes under the step. */
  readonly trace?: boolean;
}

function asList(r: FileOutcome | readonly FileOutcome[]): readonly FileOutcome[] {
  return Array.isArray(r) ? r : [r as FileOutcome];
}

/** What the step observed, briefly: `ret -11 (-EAGAIN)  fault undef  2 continuations`. */
function details(s: StepResult): string {
  const parts: string[] = [];
  if (s.skipped !== undefined) return `skipped: ${s.skipped}`;
  if (s.unmodelled !== undefined) parts.push(`unmodelled: ${s.unmodelled}`);
  if (s.ret !== undefined) {
    const v = BigInt(s.ret);
    // Versions and addresses read better in hex; JSON keeps the spec's decimal.
    // An SMCCC call's failure by PSCI's or SMCCC's name; a hypercall's by its errno.
    const named = s.retName !== undefined ? `${v} (${s.retName})` : withErrno(v);
    parts.push(`ret ${named}${v > 0xffffn ? ` (0x${v.toString(16)})` : ""}`);
  }
  if (s.fault !== undefined && s.fault !== "none") parts.push(`fault ${s.fault}`);
  if (s.continuations !== undefined && s.continuations > 0)
    parts.push(`${s.continuations} continuation${s.continuations === 1 ? "" : "s"}`);
  return parts.join("  ");
}

/** One file's report: a header line, then a line per step with its failures indented. */
export function formatFileText(result: ScenarioResult, opts: FormatOptions = {}): string {
  const lines = [
    `${result.ok ? "PASS" : "FAIL"} ${result.file}${result.name ? `: ${result.name}` : ""}`,
  ];
  const labelWidth = Math.max(0, ...result.steps.map((s) => (s.label ?? "").length));
  for (const s of result.steps) {
    const head = `  ${s.ok ? "ok  " : "FAIL"} ${String(s.index).padStart(3)} ${s.op.padEnd(14)} ${(s.label ?? "").padEnd(labelWidth)}`;
    lines.push(`${head}  ${details(s)}`.trimEnd());
    for (const f of s.failures) lines.push(`         ${f}`);
    if (opts.trace === true) {
      for (const ev of s.trace ?? []) {
        const { kind, ...rest } = ev;
        lines.push(`           ${kind} ${JSON.stringify(rest)}`);
      }
      if (s.read !== undefined) lines.push(`           read ${JSON.stringify(s.read)}`);
    }
  }
  return lines.join("\n");
}

/** The closing line: files, then steps (`files: 3 passed, 1 failed; steps: 40 passed, 2 failed`). */
export function formatSummary(outcomes: readonly FileOutcome[]): string {
  let filesOk = 0;
  let filesFailed = 0;
  let invalid = 0;
  let stepsOk = 0;
  let stepsFailed = 0;
  let stepsSkipped = 0;
  for (const o of outcomes) {
    if (o instanceof ScenarioError) {
      invalid++;
      continue;
    }
    if (o.ok) filesOk++;
    else filesFailed++;
    for (const s of o.steps) {
      if (s.skipped !== undefined) stepsSkipped++;
      else if (s.ok) stepsOk++;
      else stepsFailed++;
    }
  }
  const files = `files: ${filesOk} passed, ${filesFailed} failed${invalid > 0 ? `, ${invalid} invalid` : ""}`;
  const skipped = stepsSkipped > 0 ? `, ${stepsSkipped} skipped` : "";
  return `${files}; steps: ${stepsOk} passed, ${stepsFailed} failed${skipped}`;
}

/** The whole text report: each file (an invalid one as its error line), then the summary. */
export function formatResultText(
  results: FileOutcome | readonly FileOutcome[],
  opts: FormatOptions = {},
): string {
  const list = asList(results);
  const parts = list.map((o) => (o instanceof ScenarioError ? o.message : formatFileText(o, opts)));
  parts.push(formatSummary(list));
  return `${parts.join("\n")}\n`;
}

/** The JSON value of a run (spec "Output of --json"); an invalid file carries `error`. */
export function resultJson(results: FileOutcome | readonly FileOutcome[]) {
  const files = asList(results).map((o) => {
    if (o instanceof ScenarioError) return { file: o.file, ok: false, error: o.message, steps: [] };
    return {
      file: o.file,
      ok: o.ok,
      steps: o.steps.map((s) => ({
        index: s.index,
        op: s.op,
        ...(s.label !== undefined && { label: s.label }),
        ok: s.ok,
        ...(s.unmodelled !== undefined && { unmodelled: s.unmodelled }),
        ...(s.ret !== undefined && { ret: s.ret }),
        ...(s.fault !== undefined && { fault: s.fault }),
        ...(s.continuations !== undefined && { continuations: s.continuations }),
        ...(s.regs !== undefined && { regs: s.regs }),
        failures: s.failures,
        ...(s.skipped !== undefined && { skipped: s.skipped }),
        ...(s.trace !== undefined && { trace: s.trace }),
        ...(s.read !== undefined && { read: s.read }),
      })),
    };
  });
  return { ok: files.every((f) => f.ok), files };
}

/** `resultJson` as text, two-space indented, newline-terminated. */
export function formatResultJson(results: FileOutcome | readonly FileOutcome[]): string {
  return `${JSON.stringify(resultJson(results), null, 2)}\n`;
}

/** Exit status of `xen-abi run` (spec): 2 any file invalid, else 1 any failure, else 0. */
export function exitStatus(outcomes: readonly FileOutcome[]): 0 | 1 | 2 {
  if (outcomes.some((o) => o instanceof ScenarioError)) return 2;
  return outcomes.every((o) => !(o instanceof ScenarioError) && o.ok) ? 0 : 1;
}
