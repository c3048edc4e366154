import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const PKG = fileURLToPath(new URL("..", import.meta.url));

describe("the packed tarball (npm pack)", () => {
  it("ships the library without bench, fuzz or source maps to unshipped sources", () => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: PKG,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).toContain("dist/index.js");
    expect(files).toContain("dist/node.js");
    // Every entry in exports (the root, each layer, ./node) ships with its types.
    const pkg = JSON.parse(readFileSync(`${PKG}/package.json`, "utf8")) as {
      exports: Record<string, { types: string; import: string }>;
    };
    for (const e of Object.values(pkg.exports)) {
      expect(files).toContain(e.import.slice(2));
      expect(files).toContain(e.types.slice(2));
    }
    expect(files.filter((f) => /^dist\/(bench|fuzz)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".map"))).toEqual([]);
    // Nor a comment pointing at one (bundlers warn about a map they cannot find).
    const pointing = files.filter(
      (f) =>
        /\.(js|d\.ts)$/.test(f) &&
        readFileSync(`${PKG}/${f}`, "utf8").includes("sourceMappingURL="),
    );
    expect(pointing).toEqual([]);
    // Nor tests and their helpers, even when dist holds them from an earlier build (tsc does
    // not clean dist; tsconfig.build.json leaves them out of a fresh one).
    expect(
      files.filter((f) => /(\.test\.|\btest-helpers\.|\btesting\.|\btest-guest\.)/.test(f)),
    ).toEqual([]);
  });
});
