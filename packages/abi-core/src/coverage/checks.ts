/**
 * The check coverage report: every (hypercall, sub-op, check id, errno) the records document,
 * with the tests and example scenarios that make that check fail. Scenarios count when their
 * trace records the check; tests when they assert the trace's check id (`expectCheck(..., "<id>")`
 * or a helper named like it, `expectOpCheck(...)`, or a `{ kind: "check", id: "<id>" }` event). A check whose record says it is
 * untestable in the model is listed but asks for nothing.
 */
import type { CheckRecord } from "../hypercalls/record.js";
import type { Registry } from "../hypercalls/registry.js";
import type { TraceEvent } from "../machine/trace.js";

export interface CoverageEvidence {
  /** Test file (as it should be shown) -> its text. */
  readonly tests: Readonly<Record<string, string>>;
  /** Example scenario file -> the check ids its run's trace recorded. */
  readonly scenarios: Readonly<Record<string, readonly string[]>>;
}

export interface CheckCoverageRow {
  readonly hypercall: string;
  /** The sub-op's header name; undefined for the hypercall's entry checks. */
  readonly subop: string | undefined;
  readonly id: string;
  readonly errno: string;
  readonly untestable: string | undefined;
  readonly tests: readonly string[];
  readonly scenarios: readonly string[];
}

/** The check ids a trace records, in order. */
export function checkIdsInTrace(events: readonly TraceEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) if (e.kind === "check") out.push(e.id);
  return out;
}

const ASSERTED_ID =
  /(?:expect[A-Za-z]*Check\([\s\S]*?|kind: "check",\s*id:\s*)"([a-z][a-z0-9_]*\.[a-z0-9_]+\.[a-z0-9_]+)"/g;

/** The check ids a test file asserts the trace recorded. */
export function checkIdsAsserted(testText: string): Set<string> {
  return new Set([...testText.matchAll(ASSERTED_ID)].map((m) => m[1]!));
}

export function checkCoverage(registry: Registry, evidence: CoverageEvidence): CheckCoverageRow[] {
  const byTest = Object.entries(evidence.tests).map(
    ([file, text]) => [file, checkIdsAsserted(text)] as const,
  );
  const byScenario = Object.entries(evidence.scenarios).map(
    ([file, ids]) => [file, new Set(ids)] as const,
  );
  return registry.checks.map(
    ({
      hypercall,
      subop,
      check,
    }: {
      hypercall: string;
      subop: string | undefined;
      check: CheckRecord;
    }) => ({
      hypercall,
      subop,
      id: check.id,
      errno: check.errno,
      untestable: check.untestable,
      tests: byTest.filter(([, ids]) => ids.has(check.id)).map(([f]) => f),
      scenarios: byScenario.filter(([, ids]) => ids.has(check.id)).map(([f]) => f),
    }),
  );
}

/** Rows of documented, testable checks that no test or scenario makes fail. */
export function uncoveredChecks(rows: readonly CheckCoverageRow[]): CheckCoverageRow[] {
  return rows.filter(
    (r) => r.untestable === undefined && r.tests.length === 0 && r.scenarios.length === 0,
  );
}

/** `-EINVAL` for an errno; a named result (`PSCI_DENIED`, `domain_crash`) as it is. */
function result(errno: string): string {
  return /^E[A-Z0-9]+$/.test(errno) ? `-${errno}` : errno;
}

/** The report as text: one line per check, then a summary and the uncovered ones. */
export function formatCoverage(rows: readonly CheckCoverageRow[]): string {
  const out: string[] = [];
  let last = "";
  for (const r of rows) {
    const head = `${r.hypercall} ${r.subop ?? "(entry)"}`;
    if (head !== last) out.push(head);
    last = head;
    const by = [...r.tests, ...r.scenarios];
    const what =
      r.untestable !== undefined
        ? `untestable: ${r.untestable}`
        : by.length === 0
          ? "NOT COVERED"
          : by.join(", ");
    out.push(`  ${r.id.padEnd(44)} ${result(r.errno).padEnd(14)} ${what}`);
  }
  const testable = rows.filter((r) => r.untestable === undefined);
  const missing = uncoveredChecks(rows);
  out.push(
    "",
    `${rows.length} checks, ${testable.length} testable, ${testable.length - missing.length} covered, ${missing.length} not covered`,
  );
  for (const r of missing) out.push(`not covered: ${r.id} (${result(r.errno)})`);
  return out.join("\n") + "\n";
}
