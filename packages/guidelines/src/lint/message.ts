/** The one shape every lint finding has, and its one-line rendering. */

export type Severity = "error" | "warning";

export interface LintMessage {
  /** The file as the caller named it (a path, or a label such as `proposal.yaml`). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /** A rule id from RULES, or a data-check id (`schema`, `yaml-syntax`, `fact-mismatch`, ...). */
  readonly ruleId: string;
  readonly message: string;
  readonly severity: Severity;
  /** Where in the document (`["subops", 0, "errors"]`), when the message comes from a YAML path. */
  readonly path?: readonly (string | number)[];
}

/** `file:line:col: message [rule-id]`, with `warning: ` before warnings. */
export function formatMessage(m: LintMessage): string {
  const sev = m.severity === "warning" ? "warning: " : "";
  return `${m.file}:${m.line}:${m.column}: ${sev}${m.message} [${m.ruleId}]`;
}

/** Exit status of a lint run: 2 when any message is an error, else 0. */
export function lintExitStatus(messages: readonly LintMessage[]): 0 | 2 {
  return messages.some((m) => m.severity === "error") ? 2 : 0;
}

export function sortMessages(messages: readonly LintMessage[]): LintMessage[] {
  return [...messages].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
