import { describe, expect, it } from "vitest";
import { lintProposal } from "./lint-proposal.js";
import { formatMessage } from "./message.js";

const proposal = (subops: string) => `name: frob_op
summary: Frobnicate.
subopPrefix: XEN_FROB_OP_
params:
  - { name: cmd, type: unsigned int, meaning: Sub-op. }
  - { name: arg, type: void *, meaning: Argument. }
subops:
${subops}
unknownSubop: EOPNOTSUPP
errors: [{ errno: EOPNOTSUPP, when: unknown cmd. }]
`;

const A =
  "  - { name: XEN_FROB_OP_a, value: 1, summary: A., errors: [{ errno: EFAULT, when: bad arg. }] }";

describe("the linter refuses duplicate sub-ops", () => {
  it("accepts distinct names and numbers", () => {
    const msgs = lintProposal(
      proposal(`${A}\n${A.replace("_a,", "_b,").replace("1,", "2,")}`),
    ).messages;
    expect(msgs.filter((m) => m.ruleId === "duplicate-subop")).toEqual([]);
  });

  it("names a repeated sub-op name and a repeated number at their lines", () => {
    const name = lintProposal(proposal(`${A}\n${A.replace("1,", "2,")}`)).messages;
    expect(name.filter((m) => m.ruleId === "duplicate-subop").map(formatMessage)).toEqual([
      "proposal.yaml:9:13: sub-op name XEN_FROB_OP_a is already sub-op 1's [duplicate-subop]",
    ]);
    const value = lintProposal(proposal(`${A}\n${A.replace("_a,", "_b,")}`)).messages;
    expect(value.filter((m) => m.ruleId === "duplicate-subop").map((m) => m.message)).toEqual([
      "sub-op number 1 is already XEN_FROB_OP_a's",
    ]);
  });
});
