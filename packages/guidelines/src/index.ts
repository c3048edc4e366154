/**
 * @xen-abi/guidelines: every Xen hypercall documented as data, the rules for new hypercalls,
 * lint, conformance, proposals and the JSON export. Browser-safe (no file system): the data
 * files are bundled at build. File-based linting lives in `@xen-abi/guidelines/node`.
 */
export { DATA_FILES } from "./generated/data.js";
export { loadCatalog, hypercallSources } from "./catalog/load.js";
export {
  buildCatalog,
  nativePrototype,
  docNameOf,
  type Catalog,
  type HypercallEntry,
  type ParamEntry,
} from "./catalog/catalog.js";
export {
  argFacts,
  typeBytes,
  EXPORT_MODES,
  type BitHandling,
  type ModeArgFacts,
} from "./catalog/arg-facts.js";
export {
  headerIdentifiers,
  findUnknownIdentifiers,
  type HeaderIdentifiers,
} from "./catalog/identifiers.js";
export { statusOf, type DocStatus, type StatusFacts } from "./catalog/status.js";
export { RULES, ruleById, type Rule } from "./rules/rules.js";
export { RULE_IDS } from "./rules/ids.js";
export { CHECKS, type Finding, type CheckResult, type RuleCheck } from "./rules/checks.js";
export { subjectFromEntry, subjectFromProposal, type RuleSubject } from "./rules/subject.js";
export {
  lintProposal,
  lintProposalObject,
  checkProposal,
  type ProposalLintResult,
} from "./lint/lint-proposal.js";
export {
  lintText,
  lintHypercallDoc,
  lintRulesFile,
  detectKind,
  type DataFileKind,
  type FileLintResult,
} from "./lint/lint-file.js";
export {
  formatMessage,
  lintExitStatus,
  sortMessages,
  type LintMessage,
  type Severity,
} from "./lint/message.js";
export {
  conformanceReport,
  formatConformanceText,
  type ConformanceReport,
  type ConformanceRow,
  type ConformanceCell,
  type ConformanceStatus,
} from "./conformance/report.js";
export {
  exportDocument,
  exportHypercall,
  type ExportDocument,
  type ExportedHypercall,
  type ExportedArg,
} from "./export/export.js";
export { JSON_SCHEMAS } from "./schema/json-schema.js";
export {
  HypercallDocSchema,
  type HypercallDoc,
  type ParamDoc,
  type SubopDoc,
  type ExampleDoc,
  type TsExampleDoc,
} from "./schema/hypercall-doc.js";
export { ProposalSchema, type Proposal, type ProposalInput } from "./schema/proposal.js";
export { RulesFileSchema, type RuleDoc } from "./schema/rules-doc.js";
export { previewProposal, renderProposal, type ProposalPreview } from "./propose/preview.js";
export { proposalMarkdown } from "./propose/markdown.js";
export { hypercallDefsLines, hypercallDefsPrototype, headerStub } from "./propose/c-stubs.js";
export { linuxArmWrapper, linuxX86Wrapper } from "./propose/linux-wrappers.js";
export {
  scaffoldProposal,
  scaffoldProposalYaml,
  subopPrefixFor,
  subopNameFor,
  type ScaffoldOptions,
} from "./propose/scaffold.js";
export { registerRows, textTable, markdownTable, TABLE_LEGEND } from "./render/register-table.js";
export { showHypercall, showSubop } from "./render/show.js";
export {
  lookupHypercall,
  lookupSubop,
  lookupRelease,
  modelledReleases,
  parseNumber,
  decHex,
  nearest,
  type Lookup,
  type HypercallHit,
} from "./render/lookup.js";
export { parseYamlSource, type YamlSource } from "./yaml/source.js";
export { validateYaml, formatYamlPath } from "./yaml/validate.js";
