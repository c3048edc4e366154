import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCommand } from "./run.js";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));
const TOP_HALF = join(ROOT, "examples/scenarios/aarch32-upper-bits-4.16.yaml");

describe("xen-abi run --release", () => {
  it("overrides the file's release", () => {
    expect(runCommand([TOP_HALF], { release: "4.16.0" }).status).toBe(0);
    const fixed = runCommand([TOP_HALF], { release: "4.16.1" });
    expect(fixed.status).toBe(1);
    expect(fixed.stdout).toContain("ret: expected -22 (-EINVAL), got 0");
  });

  it("refuses a release Xen never tagged, in one line", () => {
    const out = runCommand([TOP_HALF], { release: "4.16.9" });
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(
      /^xen-abi run: unknown release '4\.16\.9'; did you mean 4\.16\.7\? Modelled releases: 4\.12\.0-4\.12\.4, .* \("4\.16" is 4\.16\.0\)\.\n$/,
    );
  });
});

describe("xen-abi run --releases", () => {
  it("prints a matrix marking the column where the result changed, with its commit", () => {
    const out = runCommand([TOP_HALF], { releases: "4.16.0,4.16.1,4.17" });
    expect(out.status).toBe(1);
    const lines = out.stdout.split("\n");
    expect(lines[1]).toMatch(/step op +label +4\.16\.0 +\| +4\.16\.1 +\| +4\.17\.0/);
    const row = lines.find((l) => l.includes("npages in r3"))!;
    const cells = row.split("|");
    expect(cells[0]).toMatch(/-22 EINVAL\s*$/);
    expect(cells[1]).toMatch(/^ \*!0 x3=0x1/);
    expect(cells[2]).toMatch(/^ {2}!0 x3=0x1/);
    expect(out.stdout).toContain("changes at 4.16.1 (from 4.16.0): armZeroAarch32TopHalves");
    expect(out.stdout).toContain("releases: 4.16.0, 4.16.1, 4.17.0");
  });

  it("gives the matrix as JSON", () => {
    const out = runCommand([TOP_HALF], { releases: "4.12..4.22", json: true });
    const doc = JSON.parse(out.stdout) as {
      releases: string[];
      files: { rows: { label?: string; cells: { release: string; differs: boolean }[] }[] }[];
    };
    expect(doc.releases).toHaveLength(11);
    const row = doc.files[0]!.rows.find((r) => r.label === "argo_op register_ring, npages in r3")!;
    expect(row.cells.filter((c) => c.differs).map((c) => c.release)).toEqual(["4.17.0"]);
  });

  it("exits 2 on a bad list", () => {
    const out = runCommand([TOP_HALF], { releases: "4.22..4.12" });
    expect([out.status, out.stderr]).toEqual([
      2,
      "xen-abi run: --releases: range '4.22..4.12' runs backwards\n",
    ]);
  });
});
