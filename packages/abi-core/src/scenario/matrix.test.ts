import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadScenarioFile } from "./files.js";
import { runMatrix } from "./matrix.js";
import { changeText, expandReleaseList, formatMatrixText, matrixJson } from "./matrix-format.js";
import { parseScenario } from "./parse.js";
import type { Release } from "../machine/release.js";

const EXAMPLES = fileURLToPath(new URL("../../../../examples/scenarios", import.meta.url));
const TOP_HALF = "argo_op register_ring, npages in r3";

describe("runMatrix", () => {
  const scenario = loadScenarioFile(`${EXAMPLES}/aarch32-upper-bits-4.16.yaml`);
  const releases: Release[] = ["4.15.0", "4.16.0", "4.16.1", "4.16.7", "4.17.0", "4.22.0"];
  // Run in each test, not while collecting: each test's coverage is then its own (npm run mutate).
  const run = () => {
    const m = runMatrix(scenario, releases);
    return { m, row: m.rows.find((r) => r.label === TOP_HALF)! };
  };

  it("marks the step that changes between 4.16.0 and 4.16.1 in exactly that column", () => {
    const { row } = run();
    expect(row.cells.map((c) => c.ret)).toEqual(["-22", "-22", "0", "0", "0", "0"]);
    expect(row.cells.filter((c) => c.differs).map((c) => c.release)).toEqual(["4.16.1"]);
    expect(row.cells[1]!.errno).toBe("EINVAL");
    // The top half stays in x3 where Xen does not zero it.
    expect(row.cells[1]!.changed.x3).toBeUndefined();
    expect(row.cells[2]!.changed.x3).toBe("0x0000000000000001");
  });

  it("names the release and the Xen commits where it changed", () => {
    const { m, row } = run();
    expect(row.changes).toHaveLength(1);
    const ch = row.changes[0]!;
    expect([ch.from, ch.release]).toEqual(["4.16.0", "4.16.1"]);
    expect(ch.differences.map((d) => d.id)).toEqual(["armZeroAarch32TopHalves"]);
    expect(ch.differences[0]!.commits.map((c) => c.commit)).toContain("04c7cc2b79");
    // Steps that behave the same everywhere are not marked.
    const first = m.rows[0]!;
    expect(first.cells.some((c) => c.differs)).toBe(false);
    expect(first.changes).toEqual([]);
  });

  it("judges the file's expectations per release", () => {
    const { m, row } = run();
    expect(m.okByRelease).toEqual([true, true, false, false, false, false]);
    expect(m.ok).toBe(false);
    expect(row.cells[2]!.failures[0]).toMatch(/^ret: expected -22 \(-EINVAL\), got 0/);
  });

  it("prints a row per step, a column per release, marks and the commit line", () => {
    const { m } = run();
    const text = formatMatrixText(m);
    const line = text.split("\n").find((l) => l.includes(TOP_HALF))!;
    expect(line).toMatch(/-22 EINVAL .*\| \*!0 x3=0x1/);
    expect(text).toContain(
      "changes at 4.16.1 (from 4.16.0): armZeroAarch32TopHalves: 32365f3476 master (4.17.0), 04c7cc2b79 stable-4.16 (4.16.1)",
    );
    expect(text).toContain("4.16.1: ret: expected -22 (-EINVAL), got 0");
    const json = JSON.parse(JSON.stringify(matrixJson(m))) as ReturnType<typeof matrixJson>;
    expect(json.releases).toEqual(releases);
    expect(json.rows.find((r) => r.label === TOP_HALF)!.changes[0]!.release).toBe("4.16.1");
  });

  it("attributes the 4.12.0 -> 4.12.1 sendv change to the stable-4.12 backports", () => {
    const s = loadScenarioFile(`${EXAMPLES}/argo-sendv-full-ring-4.12.yaml`);
    const mm = runMatrix(s, ["4.12.0", "4.12.1", "4.13.0"]);
    const changed = mm.rows.filter((r) => r.changes.length > 0);
    expect(changed.length).toBeGreaterThan(0);
    for (const r of changed)
      expect(r.cells.filter((c) => c.differs).map((c) => c.release)).toEqual(["4.12.1"]);
    // Both came with the same backports: -EAGAIN on a full ring, and the unsigned int len
    // that zero-extends sendv's late errors on a 64-bit Xen.
    const sendv = changed.find((r) => r.op === "hypercall")!;
    expect(sendv.changes[0]!.differences.map((d) => d.id)).toEqual([
      "argoSendvEagain",
      "argoSendvZeroExtends",
    ]);
    // 4.12.0 raised VIRQ_ARGO for the message it did not write; only -EAGAIN changes that.
    const virqs = changed.find((r) => r.op === "virqs")!;
    expect(virqs.cells.map((c) => c.saw)).toEqual(["virqs 11", "virqs none", "virqs none"]);
    expect(virqs.changes[0]!.differences.map((d) => d.id)).toEqual(["argoSendvEagain"]);
  });
});

describe("expandReleaseList", () => {
  it("takes each line's x.y.0 for a range of lines", () => {
    const r = expandReleaseList("4.12..4.22");
    expect(r).toHaveLength(11);
    expect((r as Release[])[4]).toBe("4.16.0");
  });

  it("takes every tag when a range end names a point release", () => {
    expect(expandReleaseList("4.16.5..4.17.1")).toEqual([
      "4.16.5",
      "4.16.6",
      "4.16.7",
      "4.17.0",
      "4.17.1",
    ]);
    expect(expandReleaseList("4.17,4.16.1,4.16")).toEqual(["4.16.0", "4.16.1", "4.17.0"]);
    expect(expandReleaseList("all")).toHaveLength(65);
  });

  it("names what is wrong", () => {
    expect(expandReleaseList("4.11..4.22")).toBe("unknown release '4.11'");
    expect(expandReleaseList("4.22..4.12")).toBe("range '4.22..4.12' runs backwards");
    expect(expandReleaseList(",")).toBe("no release named");
  });
});

describe("runMatrix credits a release difference only to the steps it affects", () => {
  // A debug x86 build across 4.16.7 -> 4.17.0, where generatedDispatch switches and the
  // version changes with the line: every step's result changes there, for different reasons.
  const debugX86 = parseScenario(
    `
xen: { arch: x86_64, debug: true }
domains: [{ id: 1, mode: pv64 }]
steps:
  - { op: hypercall, label: version, domain: 1, regs: { rax: 17, rdi: 0 } }
  - { op: hypercall, label: unknown cmd, domain: 1, regs: { rax: 17, rdi: 99, rsi: "0x1000" } }
  - { op: hypercall, label: extraversion into rsi as left, domain: 1, regs: { rax: 17, rdi: 1 } }
`,
    "credit.yaml",
  );
  const run = () => {
    const m = runMatrix(debugX86, ["4.16.7", "4.17.0"]);
    const at = (label: string) => m.rows.find((r) => r.label === label)!;
    return { m, at };
  };

  it("not to a step that never reached what the difference decides", () => {
    const row = run().at("version");
    expect(row.cells.map((c) => c.ret)).toEqual(["262160", "262161"]);
    expect(row.changes).toHaveLength(1);
    expect(row.changes[0]!.differences).toEqual([]);
    expect(changeText(row.changes[0]!)).toBe(
      "4.17.0 (from 4.16.7): the 4.17 line's hypercall table, version or line-gated checks",
    );
  });

  it("to the step whose -ENOSYS it leaves unpoisoned", () => {
    const row = run().at("unknown cmd");
    expect(row.cells.map((c) => c.changed.rsi)).toEqual(["0xdeadbeefdeadf00d", undefined]);
    expect(row.changes[0]!.differences.map((d) => d.id)).toEqual(["generatedDispatch"]);
  });

  it("to a later step that reads what it left in a register", () => {
    const row = run().at("extraversion into rsi as left");
    expect(row.cells.map((c) => c.errno)).toEqual(["EFAULT", undefined]);
    expect(row.changes[0]!.differences.map((d) => d.id)).toEqual(["generatedDispatch"]);
  });

  it("within a line, names the point release when no difference affects the step", () => {
    expect(changeText({ release: "4.16.1", from: "4.16.0", differences: [] })).toBe(
      "4.16.1 (from 4.16.0): RELEASE-4.16.1's own version",
    );
  });
});

describe("debug-poison-arm64.yaml across 4.16.7 and 4.17.0", () => {
  // arm/traps.c do_trap_hypercall: 4.16 poisons whatever a handler returned, 4.17 not -ENOSYS;
  // a number with no handler returned before the call in 4.16 and is -ENOSYS in 4.17.
  const run = () => {
    const m = runMatrix(loadScenarioFile(`${EXAMPLES}/debug-poison-arm64.yaml`), [
      "4.16.7",
      "4.17.0",
    ]);
    return (prefix: string) => m.rows.find((r) => r.label?.startsWith(prefix))!;
  };

  it("shows a handler's -ENOSYS poisoned in 4.16 and kept from 4.17, credited to the generated dispatch", () => {
    const row = run()("xen_version(99)");
    expect(row.cells.map((c) => [c.ret, c.changed.x1, c.changed.x16])).toEqual([
      ["-38", "0x00000000deadbeef", "0x00000000deadbeef"],
      ["-38", undefined, undefined],
    ]);
    expect(row.cells.map((c) => c.ok)).toEqual([false, true]);
    expect(row.changes.map((ch) => ch.differences.map((d) => d.id))).toEqual([
      ["generatedDispatch"],
    ]);
  });

  it("shows an unknown number unpoisoned in both", () => {
    const row = run()("no hypercall 48");
    expect(row.cells.map((c) => [c.ret, c.changed.x1, c.ok])).toEqual([
      ["-38", undefined, true],
      ["-38", undefined, true],
    ]);
    expect(row.changes).toEqual([]);
  });
});

describe("runMatrix on what read, events and virqs steps saw", () => {
  it("marks a read whose bytes differ between releases, though the call's cell does not", () => {
    const s = parseScenario(
      `xen: { arch: arm64 }
domains: [{ id: 1, mode: aarch64 }]
steps:
  - { op: hypercall, label: extraversion, domain: 1, regs: { x16: 17, x0: 1, x1: "0x1000" } }
  - { op: read, label: the string, domain: 1, addr: "0x1000", length: 16 }
  - { op: virqs, label: none raised, domain: 1 }
`,
      "t.yaml",
    );
    const m = runMatrix(s, ["4.16.0", "4.16.1", "4.16.2"]);
    const [call, read, virqs] = m.rows;
    expect(call!.cells.some((c) => c.differs)).toBe(false);
    // ".0", ".1", ".2": each point release's extraversion.
    expect(read!.cells.map((c) => c.differs)).toEqual([false, true, true]);
    expect(read!.cells[1]!.saw).toMatch(/^2e310000 /);
    expect(virqs!.cells.map((c) => c.saw)).toEqual(["virqs none", "virqs none", "virqs none"]);
    expect(formatMatrixText(m)).toMatch(/2e310000/);
  });
});
