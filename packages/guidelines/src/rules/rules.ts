/**
 * RULES: the rules for new hypercalls, read from data/rules.yaml (bundled) and joined with
 * their automatic checks. The order and ids are RULE_IDS'.
 */
// The rules file alone: the proposal linter (in the browser) does not carry every hypercall document.
import { RULES_DATA_FILES } from "../generated/rules-data.js";
import { RulesFileSchema, type RuleDoc } from "../schema/rules-doc.js";
import { validateYaml } from "../yaml/validate.js";
import { formatMessage } from "../lint/message.js";
import { CHECKS, type RuleCheck } from "./checks.js";
import { RULE_IDS } from "./ids.js";

export interface Rule extends RuleDoc {
  /** The automatic check, when the data allows one. */
  readonly check: RuleCheck | undefined;
  readonly automatic: boolean;
}

export const RULES_FILE = "data/rules.yaml";

function loadRules(): readonly Rule[] {
  const text = RULES_DATA_FILES[RULES_FILE];
  if (text === undefined) throw new Error(`${RULES_FILE} is missing from the generated data`);
  const v = validateYaml(text, RULES_FILE, RulesFileSchema);
  if (v.data === undefined) throw new Error(v.messages.map(formatMessage).join("\n"));
  const ids = v.data.rules.map((r) => r.id);
  if (ids.join() !== RULE_IDS.join()) {
    throw new Error(
      `${RULES_FILE}: rule ids ${ids.join(", ")} differ from RULE_IDS ${RULE_IDS.join(", ")}`,
    );
  }
  return Object.freeze(
    v.data.rules.map((r) =>
      Object.freeze({ ...r, check: CHECKS[r.id], automatic: CHECKS[r.id] !== undefined }),
    ),
  );
}

export const RULES: readonly Rule[] = loadRules();

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
