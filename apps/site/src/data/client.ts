/**
 * The browser side's coupling to the packages: loaded lazily so pages that only show data do
 * not carry the reference machine. Everything the playground, live examples and the proposal
 * form call goes through here.
 */
import type * as AbiCoreModule from "@xen-abi/abi-core";
import type { LintMessage } from "@xen-abi/guidelines/propose";

export type AbiCore = typeof AbiCoreModule;

export function loadAbi(): Promise<AbiCore> {
  return import("@xen-abi/abi-core");
}

/** One lint finding as the proposal form shows it (with its place in the proposal). */
export type Finding = LintMessage;

/** What the proposal form shows for one YAML text. */
export interface ProposalCheck {
  readonly findings: readonly Finding[];
  /** The public-header snippet, or undefined when the proposal does not validate. */
  readonly header: string | undefined;
  /** The lines for xen/include/hypercall-defs.c, or undefined likewise. */
  readonly hypercallDefs: string | undefined;
}

export interface ProposalTools {
  check(text: string): ProposalCheck;
}

/**
 * The guidelines package's browser-safe linter and renderer, from its `propose` entry point
 * (no hypercall catalog, no file system).
 */
export async function loadProposalTools(): Promise<ProposalTools> {
  const g = await import("@xen-abi/guidelines/propose");
  return {
    check(text) {
      const p = g.previewProposal(text, "proposal.yaml");
      return { findings: p.messages, header: p.header, hypercallDefs: p.hypercallDefs };
    },
  };
}
