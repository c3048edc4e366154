import { describe, expect, it } from "vitest";
import { lineOfError, showValue } from "./protocol";

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  ...args: string[]
) => () => Promise<unknown>;

describe("lineOfError", () => {
  it("names the line of the example's code that threw", async () => {
    const err = await new AsyncFunction("const a = 1;\n\nnull.y;\nreturn a;")().catch(
      (e: Error) => e,
    );
    expect(lineOfError((err as Error).stack)).toBe(3);
  });

  it("says nothing when the stack has no frame in the code", () => {
    expect(lineOfError("TypeError: x\n    at foo (file.js:10:2)")).toBeUndefined();
    expect(lineOfError(undefined)).toBeUndefined();
  });
});

describe("showValue", () => {
  it("writes BigInt as decimal text", () => {
    expect(showValue({ a: 1n << 40n })).toBe('{\n  "a": "1099511627776"\n}');
  });
});
