/**
 * The conformance report: the rules for new hypercalls applied to Xen's existing ones. An
 * automatic check decides where the data allows; a document's `conformance` note says why a
 * legacy hypercall breaks a rule (and marks a break the data cannot detect by itself).
 */
import { NEWEST_RELEASE, toRelease, type Release, type ReleaseRef } from "@xen-abi/abi-core";
import { loadCatalog } from "../catalog/load.js";
import { RULES } from "../rules/rules.js";
import { subjectFromEntry } from "../rules/subject.js";
import type { HypercallEntry } from "../catalog/catalog.js";

export type ConformanceStatus = "pass" | "fail" | "unknown";

export interface ConformanceCell {
  readonly ruleId: string;
  readonly status: ConformanceStatus;
  /** What the automatic check found. */
  readonly findings: readonly string[];
  /** Why, from the hypercall's document. */
  readonly note?: string;
}

export interface ConformanceRow {
  readonly name: string;
  readonly number: number;
  readonly status: string;
  readonly cells: readonly ConformanceCell[];
}

export interface ConformanceReport {
  readonly release: Release;
  readonly rules: readonly { id: string; title: string }[];
  readonly rows: readonly ConformanceRow[];
  /** Per rule: how many hypercalls pass, fail, or cannot be decided. */
  readonly totals: Readonly<Record<string, Readonly<Record<ConformanceStatus, number>>>>;
}

function rowOf(e: HypercallEntry): ConformanceRow {
  const subject = subjectFromEntry(e);
  const cells = RULES.map((rule): ConformanceCell => {
    const note = e.doc.conformance[rule.id];
    const res = rule.check ? rule.check(subject) : "unknown";
    const findings = res === "unknown" ? [] : res.map((f) => f.message);
    const status: ConformanceStatus =
      findings.length > 0 || note !== undefined ? "fail" : res === "unknown" ? "unknown" : "pass";
    return { ruleId: rule.id, status, findings, ...(note !== undefined ? { note } : {}) };
  });
  return { name: e.name, number: e.number, status: e.status, cells };
}

/** The rules over every hypercall that has a handler in some release (reserved numbers left out). */
export function conformanceReport(ref: ReleaseRef = NEWEST_RELEASE): ConformanceReport {
  const release = toRelease(ref);
  const rows = loadCatalog(release)
    .entries.filter((e) => e.status !== "reserved")
    .map(rowOf);
  const totals: Record<string, Record<ConformanceStatus, number>> = {};
  for (const r of RULES) {
    const t = { pass: 0, fail: 0, unknown: 0 };
    for (const row of rows) t[row.cells.find((c) => c.ruleId === r.id)!.status]++;
    totals[r.id] = t;
  }
  return { release, rules: RULES.map((r) => ({ id: r.id, title: r.title })), rows, totals };
}

/** The report as text: one line per broken rule, then the totals. */
export function formatConformanceText(report: ConformanceReport): string {
  const lines = [
    `Conformance of Xen ${report.release}'s hypercalls with the rules for new hypercalls`,
    "",
  ];
  for (const row of report.rows) {
    const fails = row.cells.filter((c) => c.status === "fail");
    lines.push(
      `${row.name} (${row.number}, ${row.status}): ${fails.length === 0 ? "no known breaks" : `breaks ${fails.map((c) => c.ruleId).join(", ")}`}`,
    );
    for (const c of fails) {
      for (const f of c.findings) lines.push(`  [${c.ruleId}] ${f}`);
      if (c.note !== undefined) lines.push(`  [${c.ruleId}] why: ${c.note}`);
    }
  }
  lines.push("", "rule: pass / fail / undecided");
  for (const r of report.rules) {
    const t = report.totals[r.id]!;
    lines.push(`  ${r.id}: ${t.pass} / ${t.fail} / ${t.unknown}`);
  }
  return lines.join("\n") + "\n";
}
