import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The built bin, as `npx xen-abi` runs it (`npm run build` first).
const BIN = fileURLToPath(new URL("../../dist/bin.js", import.meta.url));
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const EXAMPLES = join(ROOT, "examples/scenarios");

function xenAbi(...args: string[]) {
  // maxBuffer: the examples' --json output passed spawnSync's 1 MiB default (ENOBUFS, status null).
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), "xen-abi-run-"));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

const PASSING = file(
  "pass.yaml",
  "domains: [{ id: 1, mode: aarch64 }]\nsteps:\n  - { op: hypercall, domain: 1, regs: { x16: 17, x0: 0 }, expect: { ret: '0x40016' } }\n",
);
const FAILING = file(
  "fail.json",
  JSON.stringify({
    domains: [{ id: 1, mode: "aarch64" }],
    steps: [
      { op: "hypercall", label: "sendv", domain: 1, regs: { x16: 17, x0: 0 }, expect: { ret: 23 } },
    ],
  }),
);
const INVALID = file(
  "invalid.yaml",
  "domains: [{ id: 1, mode: aarch64 }]\nsteps:\n  - op: hypercall\n    domain: 1\n    regs: { x99: 1 }\n",
);

describe("xen-abi run", () => {
  it("exits 0 when every expectation holds, with a summary line", () => {
    const r = xenAbi("run", PASSING);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^PASS .*pass\.yaml/);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe(
      "files: 1 passed, 0 failed; steps: 1 passed, 0 failed",
    );
  });

  it("exits 1 when an expectation fails, and names it", () => {
    const r = xenAbi("run", PASSING, FAILING);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("         ret: expected 23, got 262166\n");
  });

  it("exits 2 for an invalid file with one line FILE:LINE:COL: PATH: MESSAGE, and still runs the rest", () => {
    const r = xenAbi("run", INVALID, PASSING);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `${INVALID}:5:13: steps[0].regs.x99: unknown register for an aarch64 vCPU\n`,
    );
    expect(r.stdout).toContain("files: 1 passed, 0 failed, 1 invalid");
  });

  it("exits 2 for an unreadable file, never with a stack trace", () => {
    const r = xenAbi("run", join(dir, "missing.yaml"));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`${join(dir, "missing.yaml")}: cannot read: no such file\n`);
  });

  it("exits 2 on a usage error", () => {
    expect(xenAbi("run").status).toBe(2);
    expect(xenAbi("run", "--no-such-option", PASSING).status).toBe(2);
  });

  it("--json prints the spec's shape", () => {
    const r = xenAbi("run", "--json", FAILING, INVALID);
    expect(r.status).toBe(2);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(false);
    expect(out.files[0]).toMatchObject({ file: FAILING, ok: false });
    expect(out.files[0].steps[0]).toMatchObject({
      index: 0,
      op: "hypercall",
      label: "sendv",
      ok: false,
      ret: "262166",
      fault: "none",
      continuations: 0,
      failures: ["ret: expected 23, got 262166"],
    });
    expect(out.files[0].steps[0].regs.x0).toBe("0x0000000000040016");
    expect(out.files[1]).toMatchObject({ file: INVALID, ok: false, steps: [] });
  });

  it("runs every scenario in a directory (the examples all pass)", () => {
    const r = xenAbi("run", EXAMPLES);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("aarch32-upper-bits-4.16.yaml");
  });

  it("no step of any example answers unmodelled (a stand-in is never an example's answer)", () => {
    const r = xenAbi("run", EXAMPLES, "--json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as {
      files: { file: string; steps: { index: number; unmodelled?: string }[] }[];
    };
    const stepsRun = out.files.flatMap((f) => f.steps);
    expect(stepsRun.length).toBeGreaterThan(1000);
    const standIns = out.files.flatMap((f) =>
      f.steps
        .filter((s) => s.unmodelled !== undefined)
        .map((s) => `${f.file}#${s.index}: ${s.unmodelled}`),
    );
    expect(standIns).toEqual([]);
  });

  it("has --help on the program and on run", () => {
    const top = xenAbi("--help");
    expect(top.status).toBe(0);
    expect(top.stdout).toContain("run [options] <file...>");
    const run = xenAbi("run", "--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("--json");
  });
});
