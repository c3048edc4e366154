/**
 * Lint any data file by what it is: data/rules.yaml, a hypercall document (no `summary`: that
 * comes from abi-core) or a proposal (has a `summary`). Browser-safe; the node entry adds the
 * file-system checks (scenario example paths).
 */
import { HypercallDocSchema, type HypercallDoc } from "../schema/hypercall-doc.js";
import { RulesFileSchema } from "../schema/rules-doc.js";
import { REGISTRY } from "@xen-abi/abi-core";
import { validateYaml } from "../yaml/validate.js";
import { resolvePlaceholders } from "../yaml/placeholders.js";
import { parseYamlSource } from "../yaml/source.js";
import { checkDocAgainstFacts } from "../catalog/consistency.js";
import { linkErrorChecks } from "../catalog/release-errors.js";
import { lintProposal } from "./lint-proposal.js";
import { sortMessages, type LintMessage } from "./message.js";

export type DataFileKind = "rules" | "hypercall" | "proposal";

export function detectKind(text: string, file: string): DataFileKind {
  if (/(^|\/)rules\.ya?ml$/.test(file)) return "rules";
  if (/(^|\/)hypercalls\/[^/]+\.ya?ml$/.test(file)) return "hypercall";
  const v = parseYamlSource(text, file).value;
  if (v !== null && typeof v === "object" && "summary" in v) return "proposal";
  return v !== null && typeof v === "object" && "purpose" in v ? "hypercall" : "proposal";
}

export interface FileLintResult {
  readonly kind: DataFileKind;
  readonly messages: readonly LintMessage[];
  /** The hypercall document, when the file is one and it passed the schema. */
  readonly doc?: HypercallDoc;
}

export function lintHypercallDoc(text: string, file: string): FileLintResult {
  const resolved = resolvePlaceholders(text, file, REGISTRY);
  if (resolved.messages.length > 0)
    return { kind: "hypercall", messages: sortMessages(resolved.messages) };
  const v = validateYaml(resolved.text, file, HypercallDocSchema);
  if (v.data === undefined) return { kind: "hypercall", messages: sortMessages(v.messages) };
  return {
    kind: "hypercall",
    doc: v.data,
    messages: sortMessages(checkDocAgainstFacts(linkErrorChecks(v.data, text), v.source, file)),
  };
}

export function lintRulesFile(text: string, file: string): FileLintResult {
  return {
    kind: "rules",
    messages: sortMessages(validateYaml(text, file, RulesFileSchema).messages),
  };
}

/** Lint one file's text; `kind` overrides detection. */
export function lintText(
  text: string,
  file: string,
  kind: DataFileKind = detectKind(text, file),
): FileLintResult {
  if (kind === "rules") return lintRulesFile(text, file);
  if (kind === "hypercall") return lintHypercallDoc(text, file);
  return { kind, messages: lintProposal(text, file).messages };
}
