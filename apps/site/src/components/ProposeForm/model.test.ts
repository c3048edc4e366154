import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { formatMessage, lintProposal, previewProposal } from "@xen-abi/guidelines/propose";
import {
  INITIAL,
  decodeState,
  encodeState,
  newSubop,
  slotFor,
  slotKeys,
  toProposal,
  type FormState,
} from "./model";

const yamlOf = (s: FormState) => stringify(toProposal(s), { lineWidth: 100 });
const lint = (s: FormState) => lintProposal(yamlOf(s)).messages;

describe("the proposal form's model", () => {
  it("starts from a proposal that lints clean, errors and unknown-sub-op result included", () => {
    expect(lint(INITIAL).map(formatMessage)).toEqual([]);
    const p = toProposal(INITIAL);
    expect(p.unknownSubop).toBe("EOPNOTSUPP");
    expect(p.errors).toEqual([{ errno: "EOPNOTSUPP", when: "cmd is not a known sub-op." }]);
  });

  it("names sub-ops by the one convention: the header defines XEN_FROB_OP_register", () => {
    const p = previewProposal(yamlOf(INITIAL));
    expect(p.proposal!.subops[0]!.name).toBe("XEN_FROB_OP_register");
    expect(p.header).toContain("#define XEN_FROB_OP_register 1\n");
    expect(p.header).not.toMatch(/#define register\b/);
    const typed = toProposal({ ...INITIAL, subopPrefix: "XEN_WIDGET_OP_" });
    expect((typed.subops as { name: string }[])[0]!.name).toBe("XEN_WIDGET_OP_register");
  });

  it("states every argument a sub-op leaves unused, checked or not", () => {
    const s: FormState = structuredClone(INITIAL);
    s.subops[0]!.args.arg = { use: "unused", meaning: "" };
    const msgs = lint(s);
    expect(msgs.map((m) => m.ruleId)).toEqual(["zero-checked"]);
    // The finding lands on the sub-op's select for arg, the first args entry.
    expect(slotFor(msgs[0]!.path, slotKeys(s))).toBe("subops.0.args.0");
    s.subops[0]!.args.arg = { use: "unused-checked", meaning: "" };
    expect(lint(s)).toEqual([]);
  });

  it("places each finding at the deepest input on its path, else at its list or the form", () => {
    const s: FormState = structuredClone(INITIAL);
    s.params[0]!.type = "unsigned long";
    s.subops.push({ ...newSubop(1), errors: [] });
    s.errors = [];
    s.unknownSubop = "";
    const slots = slotKeys(s);
    const placed = lint(s).map((m) => `${m.ruleId} ${slotFor(m.path, slots)}`);
    expect(placed).toEqual(
      expect.arrayContaining([
        "cmd-first params.0.type",
        "unknown-subop-eopnotsupp unknownSubop",
        "errors-documented errors",
        "errors-documented subops.1.errors",
      ]),
    );
    expect(slotFor(["structs", 3, "fields"], slots)).toBe("structs");
    expect(slotFor([], slots)).toBe("");
  });

  it("reports a number that is not one instead of dropping it", () => {
    const msgs = lint({ ...INITIAL, number: "forty" });
    expect(msgs.map((m) => `${m.ruleId} ${slotFor(m.path, slotKeys(INITIAL))}`)).toEqual([
      "schema number",
    ]);
    expect(toProposal({ ...INITIAL, number: "0x2b" }).number).toBe(43);
  });

  it("keeps its state in a URL-safe string that reopens the same form", () => {
    const s: FormState = { ...structuredClone(INITIAL), name: "widget_op", summary: "Ü & #/?" };
    const enc = encodeState(s);
    expect(enc).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeState(enc)).toEqual(s);
    expect(decodeState("not base64!")).toBeUndefined();
  });
});
