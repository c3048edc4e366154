import { describe, expect, it } from "vitest";
import { LANGUAGES, Prism, normalizeTokens } from "./index";
import type { PrismTokenStream } from "./types";

describe("src/prism", () => {
  it("registers the site's languages and tokenizes C", () => {
    for (const l of LANGUAGES) expect(Prism.languages[l], l).toBeDefined();
    const tokens = Prism.tokenize("long do_argo_op(unsigned int cmd);", Prism.languages.c);
    expect(tokens.some((t) => typeof t !== "string" && t.type === "keyword")).toBe(true);
  });

  it("flattens nested tokens into lines, types accumulated, empty lines kept", () => {
    const stream: PrismTokenStream = [
      "a\n",
      { type: "string", content: ["x", { type: "escape", alias: "char", content: "\\n" }] },
      "\n\nb",
    ];
    expect(normalizeTokens(stream)).toEqual([
      [{ types: ["plain"], content: "a" }],
      [
        // The piece after the first line's newline starts the second.
        { types: ["plain"], content: "" },
        { types: ["string"], content: "x" },
        { types: ["string", "escape", "char"], content: "\\n" },
        { types: ["plain"], content: "" },
      ],
      [{ types: ["plain"], content: "\n", empty: true }],
      [{ types: ["plain"], content: "b" }],
    ]);
  });
});
