import { describe, expect, it } from "vitest";
import { hypercallSources } from "../catalog/load.js";
import { lintText } from "./lint-file.js";
import { formatMessage, lintExitStatus } from "./message.js";

const ARGO = hypercallSources()["data/hypercalls/argo_op.yaml"]!;
const DOC = "data/hypercalls/argo_op.yaml";
const GOOD = `name: frob_op
summary: Frobnicate.
params:
  - { name: cmd, type: unsigned int, meaning: Sub-op. }
  - { name: arg, type: void *, meaning: Argument. }
subops:
  - { name: XEN_FROB_OP_a, value: 1, summary: A., errors: [{ errno: EFAULT, when: bad arg. }] }
unknownSubop: EOPNOTSUPP
errors: [{ errno: EOPNOTSUPP, when: unknown cmd. }]
subopPrefix: XEN_FROB_OP_
`;

function first(text: string, file: string) {
  const msgs = lintText(text, file).messages;
  expect(msgs.length, msgs.map(formatMessage).join("\n")).toBeGreaterThan(0);
  return msgs[0]!;
}

/**
 * [what is wrong, file, text, rule id, message fragment, line, column, line offset]: a string
 * line is the first line containing it (so the data can be reformatted), plus the offset.
 */
type Case = [string, string, string, string, string, number | string, number, number?];
const CASES: Case[] = [
  ["YAML syntax error", "p.yaml", "name: [unclosed\n", "yaml-syntax", "YAML:", 2, 1],
  ["duplicate key", "p.yaml", "name: a\nname: b\n", "duplicate-key", "unique", 2, 1],
  ["document is not a mapping", "p.yaml", "- 1\n- 2\n", "schema", "must be a mapping", 1, 1],
  [
    "missing required key",
    "p.yaml",
    "name: frob_op\nparams: []\n",
    "schema",
    "summary: is required",
    1,
    1,
  ],
  [
    "unknown key (typo)",
    "p.yaml",
    GOOD.replace("unknownSubop:", "unknwonSubop:"),
    "schema",
    "unknown key 'unknwonSubop'",
    8,
    1,
  ],
  [
    "wrong type",
    "p.yaml",
    GOOD.replace("value: 1", "value: one"),
    "schema",
    "subops[0].value: expected number",
    7,
    35,
  ],
  [
    "bad enum value",
    "p.yaml",
    GOOD.replace("meaning: Sub-op. }", "meaning: Sub-op., direction: sideways }"),
    "schema",
    "expected one of in, out, inout, none",
    4,
    67,
  ],
  [
    "invalid identifier",
    "p.yaml",
    GOOD.replace("name: frob_op", "name: frob-op"),
    "schema",
    "a C identifier",
    1,
    7,
  ],
  [
    "bad errno spelling",
    "p.yaml",
    GOOD.replace("errno: EFAULT", "errno: efault"),
    "schema",
    "an errno name",
    7,
    69,
  ],
  [
    "empty prose",
    "p.yaml",
    GOOD.replace("summary: Frobnicate.", 'summary: ""'),
    "schema",
    "must not be empty",
    2,
    10,
  ],
  ["number out of range", "p.yaml", `number: 99\n${GOOD}`, "schema", "number:", 1, 9],
  [
    "struct without fields",
    "p.yaml",
    `${GOOD}structs: [{ name: x_t, summary: X., fields: [] }]\n`,
    "schema",
    "at least one field",
    11,
    45,
  ],
  [
    "rule: cmd not first",
    "p.yaml",
    GOOD.replace("name: cmd, type: unsigned int", "name: cmd, type: int"),
    "cmd-first",
    "not 'unsigned int'",
    4,
    24,
  ],
  [
    "rule: struct layout differs",
    "p.yaml",
    `${GOOD}structs:\n  - name: x_t\n    summary: X.\n    fields:\n      - { name: n, type: unsigned long, meaning: N. }\n`,
    "fixed-layout-structs",
    "bytes on aarch64 but 4 on armv7",
    12,
    5,
  ],
  [
    "rule: unknown errno",
    "p.yaml",
    GOOD.replace("errors: [{ errno: EOPNOTSUPP", "errors: [{ errno: EWHATEVER"),
    "errors-documented",
    "not an errno",
    9,
    9,
  ],
  [
    "unknown hypercall name",
    DOC.replace("argo_op", "argo_opp"),
    ARGO.replace("name: argo_op", "name: argo_opp"),
    "unknown-hypercall",
    "not a hypercall",
    "name: argo_opp",
    7,
  ],
  [
    "file name differs from name",
    "data/hypercalls/other.yaml",
    ARGO,
    "name-mismatch",
    "does not match the file name",
    "name: argo_op",
    7,
  ],
  [
    "number disagrees with abi-core",
    DOC,
    ARGO.replace("number: ${argo_op.number}", "number: 38"),
    "fact-mismatch",
    "__HYPERVISOR_argo_op is 39",
    "number: 38",
    9,
  ],
  [
    "parameter type disagrees",
    DOC,
    ARGO.replace("    type: unsigned int\n", "    type: unsigned long\n"),
    "fact-mismatch",
    "'unsigned int'",
    "    type: unsigned long",
    11,
  ],
  [
    "parameter renamed",
    DOC,
    ARGO.replace("  - name: arg4\n", "  - name: flags\n"),
    "param-mismatch",
    "is 'arg4' in the prototype",
    "  - name: flags",
    11,
  ],
  [
    "unknown struct",
    DOC,
    ARGO.replace("  - xen_argo_ring_data_t\n", "  - xen_argo_ring_dat_t\n"),
    "unknown-struct",
    "xen_argo_ring_dat_t",
    "  - xen_argo_ring_dat_t",
    5,
  ],
  [
    "unknown errno in a document",
    DOC,
    ARGO.replace("errno: ${argo_op.entry.xsm_enable.errno}\n", "errno: EACCESS\n"),
    "unknown-errno",
    "EACCESS",
    "errno: EACCESS",
    12,
  ],
  [
    "duplicate sub-op value",
    DOC,
    ARGO.replace("    value: ${argo_op.unregister_ring.number}\n", "    value: 1\n"),
    "duplicate",
    "value 1 is used twice",
    "name: ${argo_op.unregister_ring.name}",
    12,
    1,
  ],
  [
    "unknown placeholder",
    DOC,
    ARGO.replace("${argo_op.sendv.copy_iovs.errno}", "${argo_op.sendv.copy_iov.errno}"),
    "unknown-placeholder",
    "no hypercall record has 'argo_op.sendv.copy_iov.errno'",
    "${argo_op.sendv.copy_iov.errno}",
    16,
  ],
  [
    "sub-op number disagrees with the record",
    DOC,
    ARGO.replace("    value: ${argo_op.notify.number}\n", "    value: 5\n"),
    "fact-mismatch",
    "XEN_ARGO_OP_notify is 4 in argo_op's record, not 5",
    "    value: 5",
    12,
  ],
  [
    "sub-op the record does not have",
    DOC,
    ARGO.replace("  - name: ${argo_op.notify.name}\n", "  - name: XEN_ARGO_OP_notify_all\n"),
    "fact-mismatch",
    "argo_op's record has sub-op XEN_ARGO_OP_notify (4), which the document does not list",
    "  - name: ${argo_op.register_ring.name}",
    3,
  ],
  [
    "unknown rule id in conformance",
    DOC,
    ARGO.replace("  zero-checked:", "  zero-checks:"),
    "unknown-rule",
    "'zero-checks' is not a rule id",
    "  zero-checks:",
    3,
  ],
  [
    "sub-op argument names no parameter",
    DOC,
    ARGO.replace("param: arg1\n", "param: argX\n"),
    "param-mismatch",
    "'argX' is not a parameter",
    "param: argX",
    16,
  ],
  [
    "scenario example outside examples/",
    DOC,
    ARGO.replace(
      "examples:\n",
      "examples:\n  - { id: s, title: S., kind: scenario, path: tmp/x.yaml }\n",
    ),
    "schema",
    "a path under examples/scenarios/",
    "path: tmp/x.yaml",
    47,
  ],
  [
    "example of unknown kind",
    DOC,
    ARGO.replace("examples:\n", "examples:\n  - { id: s, title: S., kind: video }\n"),
    "schema",
    "examples[0].kind: matches none",
    "kind: video",
    31,
  ],
  [
    "rules file: rule without rationale",
    "data/rules.yaml",
    "rules:\n  - { id: a, title: T., source: S., good: g, bad: b }\n",
    "schema",
    "rationale: is required",
    2,
    5,
  ],
];

describe("lint: malformed data and proposals", () => {
  it(`covers at least 20 kinds (${CASES.length})`, () => {
    expect(new Set(CASES.map((c) => c[0])).size).toBeGreaterThanOrEqual(20);
  });

  for (const [what, file, text, ruleId, fragment, where, column, offset = 0] of CASES) {
    it(what, () => {
      const line =
        (typeof where === "number"
          ? where
          : text.split("\n").findIndex((l) => l.includes(where)) + 1) + offset;
      const msgs = lintText(text, file).messages;
      const m = msgs.find((x) => x.ruleId === ruleId) ?? first(text, file);
      expect(m.ruleId, formatMessage(m)).toBe(ruleId);
      expect(m.message).toContain(fragment);
      expect([m.line, m.column], formatMessage(m)).toEqual([line, column]);
      expect(lintExitStatus(msgs)).toBe(2);
      expect(formatMessage(m)).toMatch(
        new RegExp(`^${file.replace(/\./g, "\\.")}:${line}:${column}: .+ \\[${ruleId}\\]$`),
      );
    });
  }

  it("a valid proposal lints clean and exits 0", () => {
    const msgs = lintText(GOOD, "p.yaml").messages;
    expect(msgs.map(formatMessage)).toEqual([]);
    expect(lintExitStatus(msgs)).toBe(0);
  });
});
