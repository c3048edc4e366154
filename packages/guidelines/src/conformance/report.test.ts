import { describe, expect, it } from "vitest";
import { conformanceReport, formatConformanceText } from "./report.js";

const report = conformanceReport();
const cell = (name: string, rule: string) =>
  report.rows.find((r) => r.name === name)!.cells.find((c) => c.ruleId === rule)!;

describe("conformance report", () => {
  it("finds the legacy breaks the thread talks about", () => {
    expect(cell("memory_op", "cmd-first")).toMatchObject({ status: "fail" });
    expect(cell("memory_op", "cmd-first").note).toContain("MEMOP_EXTENT_SHIFT");
    expect(cell("grant_table_op", "long-range-checked").findings[0]).toContain(
      "'count' is 'unsigned int'",
    );
    expect(cell("argo_op", "fixed-layout-structs").findings).toContain(
      "xen_argo_iov_t is 16 bytes on aarch64 but 12 on i386",
    );
    expect(cell("sched_op", "fixed-layout-structs").findings.join()).toContain("sched_poll_t");
  });

  it("passes argo_op where it follows the rules", () => {
    for (const r of [
      "cmd-first",
      "max-five-args",
      "long-range-checked",
      "unknown-subop-eopnotsupp",
      "errors-documented",
    ]) {
      expect(cell("argo_op", r).status, r).toBe("pass");
    }
  });

  it("leaves out reserved numbers and totals every rule", () => {
    expect(report.rows.some((r) => r.name.startsWith("arch_"))).toBe(false);
    for (const t of Object.values(report.totals))
      expect(t.pass + t.fail + t.unknown).toBe(report.rows.length);
    expect(formatConformanceText(report)).toContain("memory_op (12, stable): breaks cmd-first");
  });
});
