/**
 * Placeholders in hypercall documents: the YAML keeps the prose and names each fact the
 * records hold (abi-core's hypercalls/registry.ts) instead of copying it, so no number, name
 * or errno is written twice. `${argo_op.number}` is 39, `${argo_op.register_ring.name}`
 * XEN_ARGO_OP_register_ring, `${argo_op.register_ring.number}` 1,
 * `${argo_op.register_ring.npages_max.errno}` EINVAL, `${argo_op.unknown_subop.errno}`
 * EOPNOTSUPP. They are replaced in the text before the YAML is parsed, so a number lands as a
 * YAML number; an unknown one is an error naming file, line and column.
 */
import type { Registry } from "@xen-abi/abi-core";
import type { LintMessage } from "../lint/message.js";

/** `${hypercall.more.dotted.names}`: lower case, at least one dot (not a JS template's `${x}`). */
const PLACEHOLDER = /\$\{([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+)\}/g;

export interface Resolved {
  readonly text: string;
  /** One error per unknown placeholder. */
  readonly messages: LintMessage[];
}

function position(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const line = before.split("\n").length;
  return { line, column: index - before.lastIndexOf("\n") };
}

/** Replace every placeholder in `text` by the registry's fact. */
export function resolvePlaceholders(text: string, file: string, registry: Registry): Resolved {
  const messages: LintMessage[] = [];
  const out = text.replace(PLACEHOLDER, (whole, path: string, index: number) => {
    const fact = registry.fact(path);
    if (fact !== undefined) return String(fact);
    messages.push({
      file,
      ...position(text, index),
      ruleId: "unknown-placeholder",
      message: `unknown placeholder '${whole}': no hypercall record has '${path}' (forms: <hypercall>.number, <hypercall>.<sub-op>.name, <hypercall>.<sub-op>.number, <check id>.errno, <hypercall>.unknown_subop.errno)`,
      severity: "error",
    });
    return whole;
  });
  return { text: out, messages };
}

/** Every placeholder path in `text` (for tools that list what a document refers to). */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}
