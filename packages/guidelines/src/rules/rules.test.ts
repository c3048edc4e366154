import { describe, expect, it } from "vitest";
import { RULES } from "./rules.js";
import { RULE_IDS } from "./ids.js";
import { CHECKS } from "./checks.js";
import { lintProposal } from "../lint/lint-proposal.js";

describe("rules", () => {
  it("lists every rule id once, each with text", () => {
    expect(RULES.map((r) => r.id)).toEqual(RULE_IDS);
    for (const r of RULES) expect(r.rationale.length, r.id).toBeGreaterThan(40);
  });

  it("every check belongs to a rule", () => {
    for (const id of Object.keys(CHECKS)) expect(RULE_IDS).toContain(id);
  });

  for (const rule of RULES.filter((r) => r.automatic)) {
    it(`${rule.id}: the bad example breaks it, the good one does not`, () => {
      const bad = lintProposal(rule.bad, `${rule.id}-bad.yaml`);
      const good = lintProposal(rule.good, `${rule.id}-good.yaml`);
      expect(bad.proposal, "bad example is a valid proposal").toBeDefined();
      expect(good.proposal, "good example is a valid proposal").toBeDefined();
      expect(bad.messages.map((m) => m.ruleId)).toContain(rule.id);
      expect(good.messages.filter((m) => m.ruleId === rule.id)).toEqual([]);
    });
  }
});
