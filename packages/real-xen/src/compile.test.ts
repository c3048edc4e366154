import { parseScenario } from "@xen-abi/abi-core";
import { describe, expect, it } from "vitest";
import { compileSteps, joinSteps, stepBytes } from "./compile.js";
import { OP, PATCH, STEPS_CAPACITY, STEPS_MAGIC } from "./guest-abi.js";

const yaml = (steps: string) =>
  parseScenario(
    `xen: { arch: arm64, cmdline: "argo=1" }\ndomains: [{ id: 0, mode: aarch64, memory: 8388608 }]\nsteps:\n${steps}`,
    "t.yaml",
  );

describe("compileSteps", () => {
  it("encodes a write, then a sendv whose handles and iov handle are relocated", () => {
    const s = yaml(`
  - { op: write, domain: 0, addr: "0x2000", bytes: "0102030405060708 09" }
  - op: hypercall
    domain: 0
    regs: { x16: 39, x0: 3, x1: "0x3000", x2: "0x4000", x3: 1, x4: "0xffffffff00000007" }
`);
    const c = compileSteps(s, "arm64");
    const w = c.words;
    expect(w.slice(0, 7)).toEqual([
      STEPS_MAGIC,
      OP.write,
      0n,
      0x2000n,
      9n,
      0x0807060504030201n,
      0x09n,
    ]);
    // hypercall: idx 1, imm 0xea1, set = x0-x4 and x16, reloc = x1 and x2 (handles)
    expect(w.slice(7, 12)).toEqual([OP.hypercall, 1n, 0xea1n, 0x1001fn, 0b110n]);
    // values in register order x0..x4, x16 (top halves as written), one iov patch
    expect(w.slice(12, 18)).toEqual([3n, 0x3000n, 0x4000n, 1n, 0xffffffff00000007n, 39n]);
    expect(w.slice(18, 21)).toEqual([1n, PATCH.handle, 0x4000n]);
    expect(w.at(-1)).toBe(OP.end);
    expect(c.planned.get(1)?.relocated).toEqual(["x1", "x2"]);
  });

  it("patches register_ring's gfn array as frames and leaves NULL handles alone", () => {
    const s = yaml(`
  - op: hypercall
    domain: 0
    regs: { x16: 39, x0: 1, x1: 0, x2: "0x2000", x3: 2, x4: 0 }
`);
    const w = compileSteps(s, "arm64").words;
    expect(w[5]).toBe(0b100n); // reloc: only x2, since x1 is NULL
    expect(w.slice(-6)).toEqual([2n, PATCH.gfn, 0x2000n, PATCH.gfn, 0x2008n, OP.end]);
  });

  it("skips what is outside the guest's window", () => {
    const s = yaml(`
  - { op: read, domain: 0, addr: "0x500000", length: 4 }
`);
    const c = compileSteps(s, "arm64");
    expect(c.skipped.get(0)).toMatch(/window/);
    expect(stepBytes(c.words).length).toBe(16);
  });
});

describe("joinSteps", () => {
  it("puts each scenario's steps after a numbered SCENARIO op, one magic and one END", () => {
    const a = compileSteps(
      yaml(`  - { op: read, domain: 0, addr: "0x2000", length: 4 }\n`),
      "arm64",
    );
    const b = compileSteps(
      yaml(`  - { op: read, domain: 0, addr: "0x3000", length: 8 }\n`),
      "arm64",
    );
    expect(joinSteps([a.words, b.words])).toEqual([
      STEPS_MAGIC,
      OP.scenario,
      0n,
      OP.read,
      0n,
      0x2000n,
      4n,
      OP.scenario,
      1n,
      OP.read,
      0n,
      0x3000n,
      8n,
      OP.end,
    ]);
  });

  it("refuses a list the guest cannot hold", () => {
    const big = Array.from({ length: STEPS_CAPACITY / 8 }, () => 0n);
    expect(() => joinSteps([[STEPS_MAGIC, ...big, OP.end]])).toThrow(/guest holds/);
  });
});
