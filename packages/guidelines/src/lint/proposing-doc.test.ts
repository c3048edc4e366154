import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintProposal } from "./lint-proposal.js";
import { formatMessage } from "./message.js";

const DOC = fileURLToPath(new URL("../../../../docs/proposing.md", import.meta.url));

describe("docs/proposing.md", () => {
  it("shows a proposal that lints clean", () => {
    const blocks = [...readFileSync(DOC, "utf8").matchAll(/```ya?ml\n([\s\S]*?)```/g)];
    expect(blocks.length).toBeGreaterThan(0);
    for (const [, yaml] of blocks) {
      const r = lintProposal(yaml!, "docs/proposing.md");
      expect(r.proposal).toBeDefined();
      expect(r.messages.map(formatMessage)).toEqual([]);
    }
  });
});
