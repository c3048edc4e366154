import { describe, expect, it } from "vitest";
import { parseScenario } from "./parse.js";
import { ScenarioError } from "./error.js";
import { fieldHint } from "./field-hint.js";

/** The one-line error of a pv32 or pv64 write of vcpu_guest_context_t with `fields`. */
function errorOf(mode: "pv32" | "pv64", fields: string): string {
  const text = [
    "xen: { arch: x86_64 }",
    "domains:",
    `  - { id: 1, mode: ${mode} }`,
    "steps:",
    `  - { op: write, domain: 1, addr: 0x2000, struct: vcpu_guest_context_t, fields: { ${fields} } }`,
  ].join("\n");
  try {
    parseScenario(text, "t.yaml");
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  throw new Error("no error");
}

describe("the hint after an unknown struct field", () => {
  it("lists a small struct's fields as they are", () => {
    expect(fieldHint("aprt", ["aport", "partner_id", "pad", "len"])).toBe(
      "aport, partner_id, pad, len",
    );
  });

  it("folds arrays to one entry with their index range", () => {
    const fields = ["mode", "regs[0]", "regs[1]", "regs[2]", "seg[0].base", "seg[1].base"];
    expect(fieldHint("mod", fields)).toBe("mode, regs[0-2], seg[0-1].base");
  });

  it("names the range of an index past an array's end", () => {
    expect(fieldHint("regs[9]", ["mode", "regs[0]", "regs[1]"])).toBe("its indices are regs[0-1]");
  });

  // vcpu_guest_context_t has over two thousand leaves (fpu_ctxt[0-511], trap_ctxt[0-255].*):
  // listing them made a 30 000-character "one-line" error.
  it("keeps vcpu_guest_context_t's error one short line: the nearest names and the top level", () => {
    const msg = errorOf("pv32", "kernel_spx: 1");
    expect(msg).toBe(
      "t.yaml:5:83: steps[0].fields.kernel_spx: vcpu_guest_context_t has no field kernel_spx (pv32: did you mean kernel_sp? 44 fields, under fpu_ctxt, flags, user_regs, trap_ctxt, ldt_base, ldt_ents, gdt_frames, gdt_ents, kernel_ss, kernel_sp, ctrlreg, debugreg, event_callback_cs, event_callback_eip, failsafe_callback_cs, failsafe_callback_eip, vm_assist)",
    );
    expect(errorOf("pv64", '"ctrlreg[9]": 1')).toMatch(
      /has no field ctrlreg\[9\] \(pv64: its indices are ctrlreg\[0-7\]\)$/,
    );
    expect(errorOf("pv64", "nothing_like_it: 1").length).toBeLessThan(400);
  });
});
