/** The rules for new hypercalls as the guidelines pages show them, with today's breakers. */
import type { ConformanceReport } from "../conformance/report.js";
import { lintProposal } from "../lint/lint-proposal.js";
import { formatMessage } from "../lint/message.js";
import { RULES } from "../rules/rules.js";
import type { ConformanceCell, RuleInfo } from "./types.js";

export function ruleInfos(report: ConformanceReport): RuleInfo[] {
  return RULES.map((r) => ({
    id: r.id,
    title: r.title,
    summary: r.rationale,
    source: r.source,
    automatic: r.automatic,
    good: [{ title: "follows the rule", code: r.good }],
    bad: [{ title: "breaks the rule", code: r.bad }],
    // What the linter says about the bad example: the rule's own findings.
    badFindings: lintProposal(r.bad, "bad.yaml")
      .messages.filter((m) => m.ruleId === r.id)
      .map(formatMessage),
    breakers: report.rows
      .filter((row) => row.cells.some((c) => c.ruleId === r.id && c.status === "fail"))
      .map((row) => row.name),
  }));
}

/** A hypercall's row of the conformance report, as the page's table shows it. */
export function conformanceCells(
  report: ConformanceReport,
  name: string,
): ConformanceCell[] | null {
  const row = report.rows.find((r) => r.name === name);
  if (!row) return null;
  return row.cells.map((c) => {
    const note = c.note ?? (c.findings.length > 0 ? c.findings.join("; ") : undefined);
    return { rule: c.ruleId, status: c.status, ...(note !== undefined && { note }) };
  });
}
