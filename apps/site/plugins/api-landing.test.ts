import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as abiCore from "@xen-abi/abi-core";

describe("the API landing page (api-landing.md)", () => {
  it("names only calls the package has: root exports and Xen's methods", () => {
    const text = readFileSync(join(__dirname, "..", "api-landing.md"), "utf8");
    const named = [...text.matchAll(/`(\w+)\(\)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(0);
    const methods = Object.getOwnPropertyNames(abiCore.Xen.prototype);
    expect(named.filter((n) => !(n in abiCore) && !methods.includes(n))).toEqual([]);
  });
});
