/**
 * Scaffold a proposal from a few answers (the CLI's prompts or flags): a YAML text that
 * already follows the rules, for the author to fill in.
 */
import { stringify } from "yaml";
import type { ProposalInput } from "../schema/proposal.js";
import { subopNameFor, subopPrefixFor } from "./naming.js";

export { subopNameFor, subopPrefixFor };

export interface ScaffoldOptions {
  readonly name: string;
  readonly summary?: string;
  readonly number?: number;
  /** Sub-op names; values count from 1. */
  readonly subops?: readonly string[];
  /** Extra parameters after cmd, as `name:type` (`arg:void *`, `count:unsigned long`). */
  readonly params?: readonly string[];
  readonly config?: string;
}

export function scaffoldProposal(o: ScaffoldOptions): ProposalInput {
  const extra = (o.params ?? ["arg:void *"]).map((spec) => {
    const i = spec.indexOf(":");
    const name = (i < 0 ? spec : spec.slice(0, i)).trim();
    const type = (i < 0 ? "unsigned long" : spec.slice(i + 1)).trim();
    const pointer = type.endsWith("*");
    return {
      name,
      type,
      meaning: pointer ? "Guest handle of the sub-op's argument struct." : "A 32-bit value.",
      direction: "in" as const,
      check: pointer ? ("none" as const) : ("range-checked" as const),
    };
  });
  const prefix = subopPrefixFor(o.name);
  return {
    name: o.name,
    ...(o.number !== undefined ? { number: o.number } : {}),
    summary: o.summary ?? `What ${o.name} is for, in one line.`,
    subopPrefix: prefix,
    params: [
      {
        name: "cmd",
        type: "unsigned int",
        meaning: `The sub-op, ${prefix}*.`,
        direction: "in",
        check: "none",
      },
      ...extra,
    ],
    subops: (o.subops ?? ["query"]).map((s, i) => ({
      name: subopNameFor(prefix, s),
      value: i + 1,
      summary: "What this sub-op does.",
      errors: [{ errno: "EFAULT", when: "The argument cannot be read or written." }],
    })),
    unknownSubop: "EOPNOTSUPP",
    errors: [{ errno: "EOPNOTSUPP", when: "cmd is not a known sub-op." }],
    ...(o.config ? { config: o.config } : {}),
  };
}

export function scaffoldProposalYaml(o: ScaffoldOptions): string {
  return `# yaml-language-server: $schema=node_modules/@xen-abi/guidelines/schema/proposal.schema.json\n${stringify(scaffoldProposal(o), { lineWidth: 100 })}`;
}
