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
import { subopNameFor, subopPrefixFor } from "../propose/naming.js";
import { sortMessages } from "./message.js";

export interface ProposalLintResult {
  readonly proposal: Proposal | undefined;
  readonly messages: readonly LintMessage[];
}

/** Two sub-ops with one name or one number: the header would define one twice. */
function duplicateSubops(proposal: Proposal, source: YamlSource): LintMessage[] {
  const out: LintMessage[] = [];
  const names = new Map<string, number>();
  const values = new Map<number, number>();
  proposal.subops.forEach((so, i) => {
    const n = names.get(so.name);
    if (n !== undefined)
      out.push(
        source.at(
          ["subops", i, "name"],
          "duplicate-subop",
          `sub-op name ${so.name} is already sub-op ${n + 1}'s`,
        ),
      );
    else names.set(so.name, i);
    const v = values.get(so.value);
    if (v !== undefined)
      out.push(
        source.at(
          ["subops", i, "value"],
          "duplicate-subop",
          `sub-op number ${so.value} is already ${proposal.subops[v]!.name}'s`,
        ),
      );
    else values.set(so.value, i);
  });
  return out;
}

/**
 * Sub-op names follow the one convention (subopNameFor): a prefix in capitals ending in `_`,
 * carried by every sub-op, so the header defines `XEN_FROB_OP_register`, never `register`.
 */
function subopNames(proposal: Proposal, source: YamlSource): LintMessage[] {
  if (proposal.subops.length === 0) return [];
  const prefix = proposal.subopPrefix;
  const suggested = subopPrefixFor(proposal.name);
  if (prefix === undefined || prefix === "")
    return [
      source.at(
        ["subopPrefix"],
        "subop-name",
        `sub-ops need a subopPrefix (${suggested}) that every sub-op #define carries`,
      ),
    ];
  if (!/^[A-Z][A-Z0-9_]*_$/.test(prefix))
    return [
      source.at(
        ["subopPrefix"],
        "subop-name",
        `subopPrefix '${prefix}' is not capitals ending in '_' (${suggested})`,
      ),
    ];
  const out: LintMessage[] = [];
  proposal.subops.forEach((so, i) => {
    if (!so.name.startsWith(prefix) || so.name === prefix)
      out.push(
        source.at(
          ["subops", i, "name"],
          "subop-name",
          `sub-op '${so.name}' lacks the prefix: name it ${subopNameFor(prefix, so.name)}`,
        ),
      );
  });
  return out;
}

/** Run every automatic rule over a valid proposal; `source` places findings. */
export function checkProposal(proposal: Proposal, source: YamlSource): LintMessage[] {
  const subject = subjectFromProposal(proposal);
  const out: LintMessage[] = [
    ...subopNames(proposal, source),
    ...duplicateSubops(proposal, source),
  ];
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
