import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ScenarioError } from "./error.js";
import { exitStatus, formatResultJson, formatResultText, resultJson } from "./format.js";
import { expandScenarioPaths, runScenarioFile } from "./files.js";
import { parseScenario } from "./parse.js";
import { runScenario } from "./run.js";
import type { ScenarioResult, StepResult } from "./run.js";

const EXAMPLES = fileURLToPath(new URL("../../../../examples/scenarios", import.meta.url));

function run(name: string): ScenarioResult {
  return runScenarioFile(`${EXAMPLES}/${name}`);
}

function step(r: ScenarioResult, label: string): StepResult {
  const s = r.steps.find((x) => x.label === label);
  if (s === undefined) throw new Error(`no step ${label}`);
  return s;
}

describe("example scenarios", () => {
  it("every example in examples/scenarios passes", () => {
    const files = expandScenarioPaths([EXAMPLES]);
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) {
      const r = runScenarioFile(f);
      expect({ file: f, failures: r.steps.flatMap((s) => s.failures) }).toEqual({
        file: f,
        failures: [],
      });
    }
  });

  it("the stale top half reaches Xen 4.16 and is zeroed from 4.17", () => {
    const old = step(run("aarch32-upper-bits-4.16.yaml"), "argo_op register_ring, npages in r3");
    expect(old.ret).toBe("-22");
    expect(old.regs?.x3).toBe("0xffffffff00000001");
    expect(old.regs?.r3).toBe("0x00000001");
    const fixed = step(run("aarch32-upper-bits-4.17.yaml"), "argo_op register_ring, npages in r3");
    expect(fixed.ret).toBe("0");
    expect(fixed.regs?.x3).toBe("0x0000000000000001");
  });

  it("lists every register of the mode, plus x0-x14 for AArch32 on arm64 Xen", () => {
    const s = step(run("aarch32-upper-bits-4.16.yaml"), "argo_op register_ring, npages in r3");
    const names = Object.keys(s.regs ?? {});
    expect(names).toEqual([
      ...Array.from({ length: 15 }, (_, i) => `r${i}`),
      "pc",
      ...Array.from({ length: 15 }, (_, i) => `x${i}`),
    ]);
    expect(s.regs?.r0).toBe("0xffffffea");
  });

  it("debug poisoning per architecture", () => {
    const arm = run("debug-poison-arm64.yaml");
    expect(step(arm, "argo_op (5 args) clobbers x1-x4, even on error").regs?.x16).toBe(
      "0x00000000deadbeef",
    );
    expect(step(arm, "AArch32 argo_op clobbers r1-r4 and r12").regs?.r12).toBe("0xdeadbeef");
    const x86 = run("debug-poison-x86.yaml");
    expect(step(x86, "pv64 argo_op clobbers all five").regs?.r10).toBe("0xdeadbeefdeadf00d");
    expect(step(x86, "pv32 argo_op (compat_argo_op) clobbers all five").regs?.edi).toBe(
      "0xdeadf00d",
    );
  });

  it("reports faults, continuations and a crashed domain's later steps", () => {
    expect(step(run("hvc-undef-imm.yaml"), "hvc #0x1234").fault).toBe("undef");
    expect(
      step(run("console-io.yaml"), "a long write is preempted and continued").continuations,
    ).toBe(1);
    const mc = run("multicall.yaml");
    expect(step(mc, "multicall from AArch32, not 32-bit clean").fault).toBe("domain_crash");
    const after = step(mc, "the crashed domain runs no more");
    expect(after).toMatchObject({ ok: true, fault: "domain_crash", failures: [] });
    expect(after.ret).toBeUndefined();
  });
});

const FAILING = `
xen: { arch: arm64, cmdline: "argo=1" }
domains: [{ id: 1, mode: aarch64 }, { id: 2, mode: aarch64 }]
steps:
  - op: hypercall
    label: wrong ret and regs
    domain: 1
    regs: { x16: 17, x0: 0 }
    expect: { ret: 23, regs: { x1: "0xdeadbeef" }, fault: undef }
  - op: hypercall
    label: errno on both sides
    domain: 1
    regs: { x16: 39, x0: 99 }
    expect: { ret: -22 }
  - { op: console, domain: 1, expect: { text: "hi" } }
  - { op: virqs, domain: 1, expect: { pending: [11] } }
  - { op: read, domain: 1, addr: 0x1000, length: 4, expect: { bytes: "00000100" } }
  - { op: read, domain: 1, addr: 0x1000, struct: xen_argo_addr_t, expect: { fields: { domain_id: 7 } } }
  - { op: write, domain: 2, addr: 0x1000, struct: multicall_entry_t, fields: { op: 17, "args[0]": 0 } }
  - { op: hypercall, label: ok, domain: 2, regs: { x16: 13, x0: 0x1000, x1: 1 }, expect: { ret: 0 } }
`;

describe("runScenario", () => {
  // Run in each test, not while collecting: each test's coverage is then its own (npm run mutate).
  const runFailing = () => runScenario(parseScenario(FAILING, "f.yaml"));

  it("checks every expectation and words failures as the spec does", () => {
    const result = runFailing();
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.failures)).toEqual([
      [
        "ret: expected 23, got 262166",
        "fault: expected undef, got none",
        "regs.x1: expected 0x00000000deadbeef, got 0x0000000000000000",
      ],
      ["ret: expected -22 (-EINVAL), got -95 (-EOPNOTSUPP)"],
      ['text: expected "hi", got ""'],
      ["pending: expected [11], got []"],
      ['bytes: expected "00000100", got "00000000" (first difference at offset 2)'],
      ["fields.domain_id: expected 7, got 0"],
      [],
      [],
    ]);
    expect(result.steps.map((s) => s.ok)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it("gives --json exactly the spec's shape", () => {
    const result = runFailing();
    const json = resultJson(result);
    expect(Object.keys(json)).toEqual(["ok", "files"]);
    expect(Object.keys(json.files[0]!)).toEqual(["file", "ok", "steps"]);
    expect(json.files[0]!.steps[1]).toEqual({
      index: 1,
      op: "hypercall",
      label: "errno on both sides",
      ok: false,
      ret: "-95",
      fault: "none",
      continuations: 0,
      regs: expect.objectContaining({
        x0: "0xffffffffffffffa1",
        x30: "0x0000000000000000",
        pc: expect.any(String),
      }),
      failures: ["ret: expected -22 (-EINVAL), got -95 (-EOPNOTSUPP)"],
    });
    expect(Object.keys(json.files[0]!.steps[1]!.regs!)).toHaveLength(32);
    expect(JSON.parse(formatResultJson(result))).toEqual(json);
  });

  it("formats text with failures indented and a summary of files and steps", () => {
    const result = runFailing();
    const text = formatResultText([
      result,
      new ScenarioError("bad.yaml", "steps", "a scenario needs steps"),
    ]);
    expect(text).toContain("FAIL f.yaml");
    expect(text).toContain(
      "  FAIL   1 hypercall      errno on both sides  ret -95 (-EOPNOTSUPP)\n",
    );
    expect(text).toContain("\n         ret: expected -22 (-EINVAL), got -95 (-EOPNOTSUPP)\n");
    expect(text).toContain("bad.yaml: steps: a scenario needs steps\n");
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      "files: 0 passed, 1 failed, 1 invalid; steps: 2 passed, 6 failed",
    );
  });

  it("exit status: 2 for an invalid file, else 1 for a failure, else 0", () => {
    const result = runFailing();
    const pass = run("xen-version.yaml");
    expect(exitStatus([pass])).toBe(0);
    expect(exitStatus([pass, result])).toBe(1);
    expect(exitStatus([pass, result, new ScenarioError("x", "", "bad")])).toBe(2);
  });

  it("records the dispatcher's trace and the bytes a read saw when asked", () => {
    const result = runFailing();
    const traced = runScenario(parseScenario(FAILING, "f.yaml"), { trace: true });
    expect(traced.steps[0]!.trace?.[0]).toMatchObject({ kind: "entry", mode: "aarch64" });
    expect(traced.steps[5]!.read).toEqual({
      bytes: "00000000 00000000",
      fields: { aport: "0", domain_id: "0", pad: "0" },
    });
    expect(result.steps[0]!.trace).toBeUndefined();
  });

  it("reports unreadable files as ScenarioError", () => {
    expect(() => runScenarioFile(`${EXAMPLES}/missing.yaml`)).toThrow(
      `${EXAMPLES}/missing.yaml: cannot read: no such file`,
    );
  });
});

describe("what steps saw, kept as numbers until read", () => {
  it("gives every step the registers and trace an eager snapshot gives, in every example", () => {
    for (const f of expandScenarioPaths([EXAMPLES])) {
      // `changes` snapshots each step's registers as it runs: the plain path.
      const lazy = runScenarioFile(f, { trace: true });
      const eager = runScenarioFile(f, { trace: true, changes: true });
      expect(lazy.steps.length).toBe(eager.steps.length);
      lazy.steps.forEach((s, i) => {
        const e = eager.steps[i]!;
        expect({ file: f, i, regs: s.regs, trace: s.trace }).toEqual({
          file: f,
          i,
          regs: e.regs,
          trace: e.trace,
        });
      });
    }
  });
});

describe("SMCCC results are named as PSCI and SMCCC name them, not as errnos", () => {
  const SMCCC = `
domains: [{ id: 1, mode: aarch64, vcpus: 2 }]
steps:
  - { op: hypercall, label: CPU_ON 7, domain: 1, imm: 0, regs: { x0: 0xc4000003, x1: 7, x2: 0x80000 }, expect: { ret: -4 } }
  - { op: hypercall, label: FREEZE, domain: 1, imm: 0, regs: { x0: 0x84000005 }, expect: { ret: -1 } }
  - { op: hypercall, label: ARCH_FEATURES, domain: 1, imm: 0, regs: { x0: 0x80000001, x1: 0x80000000 }, expect: { ret: -2 } }
  - { op: hypercall, label: xen_version, domain: 1, regs: { x16: 17, x0: 15 }, expect: { ret: -1 } }
`;
  const r = runScenario(parseScenario(SMCCC, "s.yaml"));

  it("in the step's retName, the failures and the text report", () => {
    expect(r.steps.map((s) => s.retName)).toEqual([
      "INVALID_PARAMETERS",
      "NOT_SUPPORTED",
      "NOT_SUPPORTED",
      undefined,
    ]);
    expect(r.steps.map((s) => s.failures)).toEqual([
      ["ret: expected -4 (ALREADY_ON), got -2 (INVALID_PARAMETERS)"],
      [],
      ["ret: expected -2 (NOT_REQUIRED), got -1 (NOT_SUPPORTED)"],
      ["ret: expected -1 (-EPERM), got -38 (-ENOSYS)"],
    ]);
    const text = formatResultText(r);
    expect(text).toContain("ret -2 (INVALID_PARAMETERS)");
    expect(text).not.toMatch(/ret -[12] \(-E/);
  });
});

describe("with changes, each step names the release differences that decided it", () => {
  const decided = (text: string) =>
    runScenario(parseScenario(text, "decided.yaml"), { changes: true }).steps.map(
      (s) => s.releaseDecided,
    );

  it("an AArch32 entry decides the top-half zeroing only when a top half is set", () => {
    expect(
      decided(`
xen: { arch: arm64, release: "4.17" }
domains: [{ id: 1, mode: aarch32 }]
steps:
  - { op: hypercall, domain: 1, regs: { r12: 17, r0: 0 } }
  - { op: setVcpuContext, domain: 1, regs: { x5: "0x100000000" } }
  - { op: hypercall, domain: 1, regs: { r12: 17, r0: 0 } }
  - { op: hypercall, domain: 1, regs: { r12: 17, r0: 0 } }
`),
    ).toEqual([undefined, undefined, ["armZeroAarch32TopHalves"], undefined]);
  });

  it("a debug build's -ENOSYS from a handler decides generatedDispatch; a table miss does not", () => {
    const text = (debug: boolean) => `
xen: { arch: x86_64, release: "4.16", debug: ${debug} }
domains: [{ id: 1, mode: pv64 }]
steps:
  - { op: hypercall, domain: 1, regs: { rax: 17, rdi: 0 } }
  - { op: hypercall, domain: 1, regs: { rax: 17, rdi: 99 } }
  - { op: hypercall, domain: 1, regs: { rax: 60 } }
`;
    expect(decided(text(true))).toEqual([undefined, ["generatedDispatch"], undefined]);
    expect(decided(text(false))).toEqual([undefined, undefined, undefined]);
  });

  it("is left out without changes", () => {
    const r = runScenario(
      parseScenario(
        `xen: { arch: x86_64, debug: true }\ndomains: [{ id: 1, mode: pv64 }]\nsteps:\n  - { op: hypercall, domain: 1, regs: { rax: 17, rdi: 99 } }\n`,
        "d.yaml",
      ),
    );
    expect(r.steps[0]!.releaseDecided).toBeUndefined();
  });
});

describe("a struct write naming only some elements of an array", () => {
  it("writes those and leaves the others zero", () => {
    const r = runScenario(
      parseScenario(
        `xen: { arch: x86_64 }
domains: [{ id: 1, mode: pv64 }]
steps:
  - { op: write, domain: 1, addr: "0x1000", struct: vcpu_guest_context_t, fields: { "ctrlreg[3]": 4096 } }
  - op: read
    domain: 1
    addr: "0x1000"
    struct: vcpu_guest_context_t
    expect: { fields: { "ctrlreg[3]": 4096, "ctrlreg[0]": 0, "ctrlreg[2]": 0 } }
`,
        "hole.yaml",
      ),
    );
    expect(r.ok).toBe(true);
  });
});
