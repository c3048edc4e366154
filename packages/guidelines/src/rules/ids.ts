/**
 * Stable rule ids, in the order the guidelines present them. data/rules.yaml holds each rule's
 * text; src/rules/checks.ts its automatic check where one is possible. Ids never change once
 * published: messages, conformance notes and the site link to them.
 */
export const RULE_IDS: readonly string[] = [
  "cmd-first",
  "max-five-args",
  "width-per-abi",
  "long-range-checked",
  "handles-for-pointers",
  "fixed-layout-structs",
  "zero-checked",
  "reject-unknown-flags",
  "unknown-subop-eopnotsupp",
  "errors-documented",
  "preemptible",
  "args-clobbered",
  "number-free",
];
