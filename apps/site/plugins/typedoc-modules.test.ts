import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { entryPointName, packageNameOf } from "./typedoc-modules.mjs";

const ROOT = join(__dirname, "../../..");
const ENTRIES = [
  join(ROOT, "packages/abi-core/src/index.ts"),
  join(ROOT, "packages/guidelines/src/index.ts"),
];

describe("typedoc-modules", () => {
  it("names a module by its entry point's package", () => {
    expect(entryPointName("abi-core/src", ENTRIES)).toBe("@xen-abi/abi-core");
    expect(entryPointName("guidelines/src", ENTRIES)).toBe("@xen-abi/guidelines");
  });

  it("leaves a module that is no entry point alone", () => {
    expect(entryPointName("abi-core/src/machine", ENTRIES)).toBeUndefined();
  });

  it("reads the nearest package.json", () => {
    expect(packageNameOf(ENTRIES[0]!)).toBe("@xen-abi/abi-core");
  });
});
