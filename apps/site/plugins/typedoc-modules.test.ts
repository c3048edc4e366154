import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { entryPointName, entryPointsOf, packageNameOf, specifierOf } from "./typedoc-modules.mjs";

const ROOT = join(__dirname, "../../..");
const ABI_CORE = join(ROOT, "packages/abi-core");
const ENTRIES = [
  join(ROOT, "packages/abi-core/src/index.ts"),
  join(ROOT, "packages/abi-core/src/machine/index.ts"),
  join(ROOT, "packages/abi-core/src/node.ts"),
  join(ROOT, "packages/guidelines/src/index.ts"),
];

describe("typedoc-modules", () => {
  it("names a module by its entry point's package and exports key", () => {
    expect(entryPointName("abi-core/src", ENTRIES)).toBe("@xen-abi/abi-core");
    expect(entryPointName("abi-core/src/machine", ENTRIES)).toBe("@xen-abi/abi-core/machine");
    expect(entryPointName("abi-core/src/node", ENTRIES)).toBe("@xen-abi/abi-core/node");
    expect(entryPointName("guidelines/src", ENTRIES)).toBe("@xen-abi/guidelines");
  });

  it("leaves a module that is no entry point alone", () => {
    expect(entryPointName("abi-core/src/dispatch", ENTRIES)).toBeUndefined();
  });

  it("reads the nearest package.json", () => {
    expect(packageNameOf(ENTRIES[0]!)).toBe("@xen-abi/abi-core");
    expect(specifierOf(join(ABI_CORE, "src/xsm/index.ts"))).toBe("@xen-abi/abi-core/xsm");
  });

  it("takes abi-core's entry points from its exports, root first", () => {
    const entries = entryPointsOf(ABI_CORE);
    expect(entries[0]).toBe(join(ABI_CORE, "src/index.ts"));
    expect(entries).toContain(join(ABI_CORE, "src/hypercalls/index.ts"));
    expect(entries).toContain(join(ABI_CORE, "src/node.ts"));
    expect(entries.map((e) => specifierOf(e))).toContain("@xen-abi/abi-core/scenario");
  });
});
