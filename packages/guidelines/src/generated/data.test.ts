import { describe, expect, it } from "vitest";
import { DATA_FILES } from "./data.js";
import { readDataFiles } from "../node.js";
import { JSON_SCHEMAS } from "../schema/json-schema.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_DIR } from "../node.js";

describe("generated data", () => {
  it("src/generated/data.ts equals data/**/*.yaml (run `npm run generate` when this fails)", () => {
    expect(DATA_FILES).toEqual(readDataFiles());
  });

  it("schema/*.schema.json equal the zod schemas (run the build when this fails)", () => {
    for (const [name, schema] of Object.entries(JSON_SCHEMAS)) {
      const onDisk = JSON.parse(readFileSync(join(PACKAGE_DIR, "schema", name), "utf8")) as unknown;
      expect(onDisk, name).toEqual(JSON.parse(JSON.stringify(schema)));
    }
  });
});
