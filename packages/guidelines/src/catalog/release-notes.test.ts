/**
 * A document's release list against the machine: where the machine's answers to a hypercall
 * change from one release line to the next, the page must say so under "Release differences"
 * (hvm_op's said "the same in every modelled release" while its param checks change in 4.14,
 * 4.15 and 4.19).
 */
import { describe, expect, it } from "vitest";
import { RELEASES, parseScenario, runScenario, withRelease, type Release } from "@xen-abi/abi-core";
import { loadCatalog } from "./load.js";

const HVMOP_set_param = 0;
const HVMOP_get_param = 1;
const HVM_NR_PARAMS = 39;

/** Every param set and read by the guest on itself and by dom0 on the guest. */
function paramSweep(arch: "x86_64" | "arm64"): string {
  const x86 = arch === "x86_64";
  const regs = (op: number) =>
    x86 ? { rax: 34, rdi: op, rsi: "0x2000" } : { x16: 34, x0: op, x1: "0x2000" };
  const steps: unknown[] = [];
  for (let index = 0; index < HVM_NR_PARAMS; index++)
    for (const [domain, domid] of [
      [1, "0x7ff0"],
      [0, "1"],
    ] as const)
      for (const op of [HVMOP_set_param, HVMOP_get_param]) {
        steps.push({
          op: "write",
          domain,
          addr: "0x2000",
          struct: "xen_hvm_param_t",
          fields: { domid, index, value: 0 },
        });
        steps.push({ op: "hypercall", domain, regs: regs(op) });
      }
  const mode = x86 ? "hvm64" : "aarch64";
  return JSON.stringify({
    name: `hvm_op param sweep on ${arch}`,
    xen: { arch },
    domains: [
      { id: 0, mode },
      { id: 1, mode },
    ],
    steps,
  });
}

/** The lines (4.14.0) whose first release answers differently from the line before. */
function linesWhereAnswersChange(text: string): string[] {
  const scenario = parseScenario(text, "sweep.json");
  const lines = RELEASES.filter((r) => r.endsWith(".0")) as Release[];
  const rets = lines.map((r) =>
    runScenario(withRelease(scenario, r))
      .steps.map((s) => String(s.ret ?? ""))
      .join(","),
  );
  return lines.filter((_, i) => i > 0 && rets[i] !== rets[i - 1]);
}

const asTag = (r: string) => (/^\d+\.\d+$/.test(r) ? `${r}.0` : r);

describe("release notes", () => {
  it("hvm_op lists every release line where set_param or get_param answer differently", () => {
    const noted = new Set(
      loadCatalog()
        .byName("hvm_op")!
        .doc.releases.map((n) => asTag(n.release)),
    );
    const changed = [
      ...new Set([
        ...linesWhereAnswersChange(paramSweep("x86_64")),
        ...linesWhereAnswersChange(paramSweep("arm64")),
      ]),
    ];
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.filter((r) => !noted.has(r))).toEqual([]);
  });
});
