/**
 * Lint a proposal: the schema first (every issue at its YAML position), then every rule's
 * automatic check. Browser-safe: the site's propose page calls this on every keystroke.
 */
import { ProposalSchema, type Proposal } from "../schema/proposal.js";
import { validateYaml } from "../yaml/validate.js";
import { parseYamlSource, type YamlSource } from "../yaml/source.js";
import { RULES } from "../rules/rules.js";
import { subjectFromProposal } from "../rules/subject.js";
import type { LintMessage } from "./message.js";
import { sortMessages } from "./message.js";

export interface ProposalLintResult {
  readonly proposal: Proposal | undefined;
  readonly messages: readonly LintMessage[];
}

/** Run every automatic rule over a valid proposal; `source` places findings. */
export function checkProposal(proposal: Proposal, source: YamlSource): LintMessage[] {
  const subject = subjectFromProposal(proposal);
  const out: LintMessage[] = [];
  for (const rule of RULES) {
    const res = rule.check?.(subject);
    if (res === undefined || res === "unknown") continue;
    for (const f of res) out.push(source.at(f.path, f.ruleId, f.message, f.severity ?? "error"));
  }
  return out;
}

/** Lint proposal text (YAML or JSON). */
export function lintProposal(text: string, file = "proposal.yaml"): ProposalLintResult {
  const v = validateYaml(text, file, ProposalSchema);
  if (v.data === undefined) return { proposal: undefined, messages: sortMessages(v.messages) };
  return { proposal: v.data, messages: sortMessages(checkProposal(v.data, v.source)) };
}

/** Lint a proposal object (from the propose wizard); positions are 1:1 (no text). */
export function lintProposalObject(input: unknown, file = "proposal"): ProposalLintResult {
  const parsed = ProposalSchema.safeParse(input);
  const source = parseYamlSource("", file);
  if (!parsed.success) {
    return {
      proposal: undefined,
      messages: parsed.error.issues.map((i) =>
        source.at([], "schema", `${i.path.join(".") || "(top level)"}: ${i.message}`),
      ),
    };
  }
  return { proposal: parsed.data, messages: checkProposal(parsed.data, source) };
}
