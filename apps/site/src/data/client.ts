/**
 * The browser side's coupling to the packages: loaded lazily so pages that only show data do
 * not carry the reference machine. Everything the playground, live examples and the proposal
 * form call goes through here.
 */
import type * as AbiCoreModule from "@xen-abi/abi-core";

export type AbiCore = typeof AbiCoreModule;

export function loadAbi(): Promise<AbiCore> {
  return import("@xen-abi/abi-core");
}

/** One lint finding as the proposal form shows it. */
export interface Finding {
  readonly line: number;
  readonly column: number;
  readonly ruleId: string;
  readonly message: string;
  readonly severity: "error" | "warning";
}

export interface ProposalTools {
  lint(text: string): Finding[];
  /** The generated C header text, or undefined when the proposal does not validate. */
  renderC(text: string): string | undefined;
}

/** The guidelines package's browser-safe linter and renderer (bundled data, no file system). */
export async function loadProposalTools(): Promise<ProposalTools> {
  const g = await import("@xen-abi/guidelines");
  return {
    lint: (text) => [...g.previewProposal(text, "proposal.yaml").messages],
    renderC(text) {
      const p = g.previewProposal(text, "proposal.yaml");
      if (p.hypercallDefs === undefined || p.header === undefined) return undefined;
      return `/* public header */\n${p.header}\n\n/* xen/include/hypercall-defs.c */\n${p.hypercallDefs}`;
    },
  };
}
