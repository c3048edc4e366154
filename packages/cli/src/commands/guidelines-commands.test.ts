import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintCommand } from "./lint.js";
import { proposeCommand } from "./propose.js";
import { showCommand } from "./show.js";
import { exportCommand } from "./export.js";

const dir = mkdtempSync(join(tmpdir(), "xen-abi-guidelines-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("xen-abi lint", () => {
  it("passes the shipped data", () => {
    expect(lintCommand([])).toMatchObject({ status: 0, stderr: "" });
  });
  it("names file:line:col and the rule id, exit 2", () => {
    const p = file(
      "bad.yaml",
      "name: x\nsummary: S.\nparams:\n  - { name: cmd, type: int, meaning: M. }\nerrors: [{ errno: EINVAL, when: W. }]\nunknownSubop: EOPNOTSUPP\n",
    );
    const out = lintCommand([p]);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(
      `${p}:4:24: the sub-op selector is 'int', not 'unsigned int' [cmd-first]`,
    );
  });
  it("exits 2 for a missing file, and prints the conformance report", () => {
    expect(lintCommand([join(dir, "nope.yaml")]).status).toBe(2);
    expect(lintCommand([], { conformance: true }).stdout).toContain(
      "memory_op (12, stable): breaks cmd-first",
    );
  });
});

describe("xen-abi propose", () => {
  it("scaffolds from flags, lints clean and previews every part", () => {
    const out = proposeCommand({
      name: "frob_op",
      number: "43",
      subop: ["query"],
      param: ["count:unsigned long"],
    });
    expect(out.status).toBe(0);
    for (const s of [
      "==== markdown",
      "==== defs",
      "==== header",
      "==== linux-arm",
      "==== linux-x86",
    ])
      expect(out.stdout).toContain(s);
  });
  it("previews a proposal file and exits 2 when it breaks a rule", () => {
    const out = proposeCommand({
      from: file(
        "p.yaml",
        "name: frob_op\nnumber: 39\nsummary: S.\nparams:\n  - { name: cmd, type: unsigned int, meaning: M. }\nerrors: [{ errno: EOPNOTSUPP, when: W. }]\nunknownSubop: EOPNOTSUPP\n",
      ),
      show: "defs",
    });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("number 39 is taken by argo_op [number-free]");
    expect(out.stdout).toContain("frob_op(unsigned int cmd)");
  });
  it("writes the scaffold with --out and rejects bad flags", () => {
    const out = join(dir, "new.yaml");
    expect(proposeCommand({ name: "frob_op", out, show: "header" }).status).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("name: frob_op");
    expect(proposeCommand({}).status).toBe(2);
    expect(proposeCommand({ name: "frob_op", show: "pdf" }).status).toBe(2);
  });
});

describe("xen-abi show and export", () => {
  it("shows the register table", () => {
    const out = showCommand("argo_op");
    expect(out.stdout).toMatch(/arg3 \(unsigned long\) +x3\/64 chk +r3\/32 chk +r10\/64 chk/);
    expect(showCommand("39").stdout).toContain("__HYPERVISOR_argo_op = 39");
    expect(showCommand("nope").status).toBe(2);
  });
  it("exports JSON to stdout or a file", () => {
    const doc = JSON.parse(exportCommand({ release: "4.21" }).stdout) as {
      release: string;
      schemaVersion: number;
    };
    expect([doc.schemaVersion, doc.release]).toEqual([1, "4.21.0"]);
    const out = join(dir, "x.json");
    expect(exportCommand({ out }).status).toBe(0);
    expect(JSON.parse(readFileSync(out, "utf8")).hypercalls.length).toBeGreaterThan(40);
    expect(exportCommand({ release: "5.0" }).status).toBe(2);
  });
});
