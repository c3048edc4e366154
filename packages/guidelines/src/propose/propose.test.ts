import { describe, expect, it } from "vitest";
import { scaffoldProposalYaml } from "./scaffold.js";
import { previewProposal } from "./preview.js";
import { formatMessage } from "../lint/message.js";

describe("propose", () => {
  const text = scaffoldProposalYaml({
    name: "frob_op",
    number: 43,
    subops: ["query", "set"],
    params: ["arg:void *", "count:unsigned long"],
    config: "CONFIG_FROB",
  });

  it("scaffolds a proposal that follows every rule", () => {
    const p = previewProposal(text);
    expect(p.messages.map(formatMessage)).toEqual([]);
    expect(p.proposal!.subops.map((s) => [s.name, s.value])).toEqual([
      ["XEN_FROB_OP_query", 1],
      ["XEN_FROB_OP_set", 2],
    ]);
  });

  it("renders the hypercall-defs lines, header stub and Linux wrappers", () => {
    const p = previewProposal(text);
    expect(p.hypercallDefs).toContain("frob_op(unsigned int cmd, void *arg, unsigned long count)");
    expect(p.hypercallDefs).toMatch(/#ifdef CONFIG_FROB\nfrob_op +do +do +do +do +do\n#endif/);
    expect(p.header).toContain("#define __HYPERVISOR_frob_op 43");
    expect(p.header).toContain("#define XEN_FROB_OP_set 2");
    expect(p.header).toContain("Values above 32 bits: -EINVAL.");
    expect(p.linuxArm).toContain("HYPERCALL3(frob_op);");
    expect(p.linuxX86).toContain("return _hypercall3(int, frob_op, cmd, arg, count);");
    expect(p.markdown).toContain(
      "| count (unsigned long) | x2/64 chk | r2/32 chk | rdx/64 chk | rdx/64 chk | edx/32 chk | edx/32 chk |",
    );
  });

  it("writes hypercall-defs.c's syntax: the prototype under `prefix: do`, the row under `table:`", () => {
    const p = previewProposal(text.replace("config: CONFIG_FROB\n", ""));
    expect(p.hypercallDefs).toBe(
      [
        "prefix: do",
        "frob_op(unsigned int cmd, void *arg, unsigned long count)",
        "",
        "table:                             pv32     pv64     hvm32    hvm64    arm",
        "frob_op                            do       do       do       do       do",
      ].join("\n"),
    );
    const arm = previewProposal(text.replace("config: CONFIG_FROB\n", "guests: [arm]\n"));
    expect(arm.hypercallDefs!.split("\n").at(-1)).toBe(
      "frob_op                            -        -        -        -        do",
    );
  });

  it("still renders a proposal that breaks rules, with the findings", () => {
    const p = previewProposal(text.replace("type: unsigned long", "type: unsigned int"));
    expect(p.messages.map((m) => m.ruleId)).toEqual(["long-range-checked"]);
    expect(p.markdown).toBeDefined();
  });

  it("renders nothing for an invalid proposal", () => {
    const p = previewProposal("name: 3\n");
    expect(p.proposal).toBeUndefined();
    expect(p.markdown).toBeUndefined();
    expect(p.messages.length).toBeGreaterThan(0);
  });
});
