import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runScenarioFile } from "../scenario/files.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "../../../../examples/scenarios");
const files = readdirSync(dir).filter((f) => /^argo-.*\.ya?ml$/.test(f));

describe("examples/scenarios/argo-*.yaml", () => {
  it("exist", () => expect(files.length).toBeGreaterThan(0));
  it.each(files)("%s: every expectation holds", async (f) => {
    const r = await runScenarioFile(join(dir, f));
    const failures = JSON.stringify(r, null, 1);
    expect(r.ok, failures).toBe(true);
  });
});
