/**
 * The playground's route data lists the examples and carries one text; the page fetches every
 * other text from /scenarios/<file>. So the site must serve examples/scenarios there, as it is,
 * from one of its static directories, and the list must name every example.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { scenarioSources } from "@xen-abi/guidelines/views";
import config from "../../docusaurus.config";
import { readScenarios } from "./index";
import { playgroundData } from "./routes";

const SITE = resolve(__dirname, "../..");
const EXAMPLES = resolve(SITE, "../../examples/scenarios");

describe("the playground's example files", () => {
  const scenarios = readScenarios(EXAMPLES);
  const files = Object.keys(scenarios);

  it("serves every example at /scenarios/<file>, unchanged", () => {
    const dirs = (config.staticDirectories ?? ["static"]).flatMap((d) =>
      d ? [resolve(SITE, d)] : [],
    );
    expect(files.length).toBeGreaterThan(50);
    for (const f of files) {
      const served = dirs.map((d) => join(d, "scenarios", f)).find((p) => existsSync(p));
      expect(served, f).toBeDefined();
      expect(readFileSync(served!, "utf8"), f).toBe(scenarios[f]);
    }
  });

  it("lists every example, and carries the text of the first shown only", () => {
    const data = playgroundData(scenarioSources(scenarios));
    expect(data.examples.map((e) => e.file).sort()).toEqual([...files].sort());
    expect(data.first?.text).toBe(scenarios[data.first!.file]);
    const json = JSON.stringify(data);
    const carried = files.filter((f) => json.includes(JSON.stringify(scenarios[f]).slice(1, -1)));
    expect(carried).toEqual([data.first!.file]);
  });
});
