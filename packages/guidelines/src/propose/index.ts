/**
 * `@xen-abi/guidelines/propose`: what a proposal form needs in the browser, without the
 * hypercall catalog: the sub-op naming convention, lint, and the YAML, header and
 * hypercall-defs.c renderings.
 */
export { subopNameFor, subopPrefixFor } from "./naming.js";
export { scaffoldProposal, scaffoldProposalYaml, type ScaffoldOptions } from "./scaffold.js";
export { previewProposal, renderProposal, type ProposalPreview } from "./preview.js";
export { lintProposal, type ProposalLintResult } from "../lint/lint-proposal.js";
export { formatMessage, lintExitStatus, type LintMessage } from "../lint/message.js";
