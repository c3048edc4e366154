import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RELEASES, expandReleaseList, parseScenario, runMatrix } from "@xen-abi/abi-core";
import { markedColumns, matrixView } from "./model";

const EXAMPLES = join(__dirname, "../../../../../examples/scenarios");

function view(file: string, spec: string) {
  const sc = parseScenario(readFileSync(join(EXAMPLES, file), "utf8"), file);
  const releases = expandReleaseList(spec);
  if (typeof releases === "string") throw new Error(releases);
  return matrixView(runMatrix(sc, releases));
}

describe("the release matrix view", () => {
  it("marks the AArch32 top-half step in exactly the 4.16.0 and 4.16.1 columns", () => {
    const v = view("aarch32-upper-bits-4.16.yaml", "4.15..4.16.3");
    expect(v.releases).toEqual([
      "4.15.0",
      "4.15.1",
      "4.15.2",
      "4.15.3",
      "4.15.4",
      "4.15.5",
      "4.15.6",
      "4.15.7",
      "4.16.0",
      "4.16.1",
      "4.16.2",
      "4.16.3",
    ]);
    const row = v.rows.findIndex((r) => r.cells.some((c) => c.changed));
    expect(row).toBeGreaterThanOrEqual(0);
    expect(v.rows[row]!.label).toContain("register_ring");
    expect(markedColumns(v, row)).toEqual(["4.16.0", "4.16.1"]);
    const cells = v.rows[row]!.cells;
    expect(cells[v.releases.indexOf("4.16.1")]!.changed).toBe(true);
    expect(cells[v.releases.indexOf("4.16.0")]!.before).toBe(true);
    expect(cells[v.releases.indexOf("4.16.0")]!.text).toContain("EINVAL");
    expect(cells[v.releases.indexOf("4.16.1")]!.text).not.toContain("EINVAL");
    expect(v.rows[row]!.changes).toEqual([
      expect.objectContaining({
        release: "4.16.1",
        from: "4.16.0",
        differences: [
          expect.objectContaining({
            id: "armZeroAarch32TopHalves",
            commits: expect.arrayContaining([
              { commit: "04c7cc2b79", branch: "stable-4.16", firstTag: "4.16.1" },
            ]),
          }),
        ],
      }),
    ]);
    // Every other row is the same in every column.
    v.rows.forEach((r, i) => {
      if (i !== row) expect(markedColumns(v, i)).toEqual([]);
    });
  });

  it("marks nothing on a scenario no release changes, over every release", () => {
    const v = view("xen-version.yaml", "all");
    expect(v.releases).toHaveLength(RELEASES.length);
    expect(v.differing).toBe(v.rows.filter((r) => r.changes.length > 0).length);
    // The version changes with every line, and no listed difference is credited for it.
    const version = v.rows.find((r) => r.label === "XENVER_version")!;
    expect(version.changes.find((ch) => ch.release === "4.17.0")).toEqual({
      release: "4.17.0",
      from: "4.16.7",
      unlisted: "the 4.17 line's hypercall table, version or line-gated checks",
      differences: [],
    });
  });
});
