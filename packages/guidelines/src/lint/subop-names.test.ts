import { describe, expect, it } from "vitest";
import { lintProposal } from "./lint-proposal.js";
import { previewProposal } from "../propose/preview.js";
import { subopNameFor, subopPrefixFor } from "../propose/scaffold.js";

const proposal = (prefix: string, subop: string) => `name: frob_op
summary: Frobnicate.
${prefix}params:
  - { name: cmd, type: unsigned int, meaning: Sub-op. }
  - { name: arg, type: void *, meaning: Argument. }
subops:
  - { name: ${subop}, value: 1, summary: A., errors: [{ errno: EFAULT, when: bad arg. }] }
unknownSubop: EOPNOTSUPP
errors: [{ errno: EOPNOTSUPP, when: unknown cmd. }]
`;

const named = (text: string) =>
  lintProposal(text)
    .messages.filter((m) => m.ruleId === "subop-name")
    .map((m) => `${m.line}:${m.column} ${m.message} @${m.path?.join(".")}`);

describe("one convention for sub-op names", () => {
  it("derives the prefix from the hypercall's name and prefixes bare sub-op names once", () => {
    expect(subopPrefixFor("frob_op")).toBe("XEN_FROB_OP_");
    expect(subopPrefixFor("argo_op")).toBe("XEN_ARGO_OP_");
    expect(subopNameFor("XEN_FROB_OP_", "register")).toBe("XEN_FROB_OP_register");
    expect(subopNameFor("XEN_FROB_OP_", "XEN_FROB_OP_register")).toBe("XEN_FROB_OP_register");
  });

  it("accepts prefixed sub-ops", () => {
    expect(named(proposal("subopPrefix: XEN_FROB_OP_\n", "XEN_FROB_OP_register"))).toEqual([]);
  });

  it("refuses a bare sub-op name, which the header would #define as a C keyword", () => {
    expect(named(proposal("subopPrefix: XEN_FROB_OP_\n", "register"))).toEqual([
      "8:13 sub-op 'register' lacks the prefix: name it XEN_FROB_OP_register @subops.0.name",
    ]);
  });

  it("refuses sub-ops without a prefix, and a prefix that is not capitals ending in _", () => {
    expect(named(proposal("", "XEN_FROB_OP_register"))).toEqual([
      "1:1 sub-ops need a subopPrefix (XEN_FROB_OP_) that every sub-op #define carries @subopPrefix",
    ]);
    expect(named(proposal("subopPrefix: frob\n", "frob_register"))).toEqual([
      "3:14 subopPrefix 'frob' is not capitals ending in '_' (XEN_FROB_OP_) @subopPrefix",
    ]);
  });

  it("never defines a bare name in the header, even for a proposal that breaks the rule", () => {
    const p = previewProposal(proposal("subopPrefix: XEN_FROB_OP_\n", "register"));
    expect(p.header).toContain("#define XEN_FROB_OP_register 1\n");
    expect(p.header).not.toMatch(/#define register\b/);
  });
});
