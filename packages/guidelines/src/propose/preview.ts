/** A proposal's lint result and every rendering, in one call (the CLI and the site's propose page). */
import type { Proposal } from "../schema/proposal.js";
import { lintProposal } from "../lint/lint-proposal.js";
import type { LintMessage } from "../lint/message.js";
import { headerStub, hypercallDefsLines } from "./c-stubs.js";
import { linuxArmWrapper, linuxX86Wrapper } from "./linux-wrappers.js";
import { proposalMarkdown } from "./markdown.js";

export interface ProposalPreview {
  readonly proposal: Proposal | undefined;
  readonly messages: readonly LintMessage[];
  readonly markdown?: string;
  readonly hypercallDefs?: string;
  readonly header?: string;
  readonly linuxArm?: string;
  readonly linuxX86?: string;
}

export function renderProposal(p: Proposal) {
  return {
    markdown: proposalMarkdown(p),
    hypercallDefs: hypercallDefsLines(p),
    header: headerStub(p),
    linuxArm: linuxArmWrapper(p),
    linuxX86: linuxX86Wrapper(p),
  };
}

/** Lint proposal text and, when it parses, render it (even with rule findings). */
export function previewProposal(text: string, file = "proposal.yaml"): ProposalPreview {
  const { proposal, messages } = lintProposal(text, file);
  if (!proposal) return { proposal, messages };
  return { proposal, messages, ...renderProposal(proposal) };
}
