import { describe, expect, it } from "vitest";
import type { RealBuild } from "./builds.js";
import type { ScenarioComparison } from "./diff.js";
import { renderDocsPage, summarise } from "./diff-report.js";

const build: RealBuild = {
  name: "arm64-debug",
  arch: "arm64",
  debug: true,
  release: "4.17",
  xen: "4.17.5",
  origin: "test",
  config: { ARGO: true, PV32: false, XSM: true, XSM_SILO_DEFAULT: true, DEBUG: true },
  image: "/nonexistent",
};

const cmp = (file: string, kinds: ("agree" | "differ")[]): ScenarioComparison => ({
  file,
  build: "4.17 arm64-debug",
  steps: kinds.map((kind, index) => ({
    index,
    op: "hypercall",
    label: `step ${index}`,
    verdict: kind === "agree" ? { kind } : { kind, what: ["ret: machine 0, real -1"] },
  })),
  notes: [],
  seconds: 1,
});

describe("summarise", () => {
  const results = [
    cmp("a.yaml", ["agree", "agree", "differ"]),
    cmp("b.yaml#dom0less", ["agree", "differ", "differ"]),
  ];

  it("counts the dom0 runs and the dom0less boots apart", () => {
    expect(summarise(build, results)).toMatchObject({ compared: 3, agree: 2, scenarios: 1 });
    expect(summarise(build, results, true)).toMatchObject({
      compared: 3,
      agree: 1,
      differ: 2,
      unexplained: 2,
      rate: "33.3%",
    });
  });

  it("gives the dom0less boots a table of their own on the docs page", () => {
    const page = renderDocsPage([summarise(build, results)], results, [
      summarise(build, results, true),
    ]);
    expect(page).toMatch(
      /## Agreement with every domain real \(dom0less\)[\s\S]*\| 4\.17 \| arm64-debug \| 3 \| 1 \| 33\.3% \| 2 \(2\) \| 0 \| 1 \|/,
    );
    expect(renderDocsPage([summarise(build, results)], results)).not.toMatch(/dom0less\)/);
  });
});
