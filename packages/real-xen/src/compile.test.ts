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

  it("relocates a reservation's extent list handle and its frames, and a vcpu_info frame", () => {
    const s = yaml(`
  - op: write
    domain: 0
    addr: "0x1700"
    struct: xen_memory_reservation_t
    fields: { extent_start: "0x1800", nr_extents: 2, extent_order: 0, domid: "0x7ff0" }
  - { op: hypercall, domain: 0, regs: { x16: 12, x0: 1, x1: "0x1700" } }
  - { op: write, domain: 0, addr: "0x1100", struct: vcpu_register_vcpu_info_t, fields: { mfn: "0x81" } }
  - { op: hypercall, domain: 0, regs: { x16: 24, x0: 10, x1: 0, x2: "0x1100" } }
`);
    const w = compileSteps(s, "arm64").words;
    // After HYPERCALL idx imm set reloc and one value per register set: the patch count.
    const patches = (at: number, nvalues: number) => {
      const n = Number(w[at + 5 + nvalues]);
      return w.slice(at + 6 + nvalues, at + 6 + nvalues + 2 * n);
    };
    const at = (idx: bigint) =>
      w.findIndex((v, i) => v === OP.hypercall && w[i + 1] === idx && w[i + 2] === 0xea1n);
    const h1 = at(1n); // decrease_reservation: x0, x1, x16
    expect(patches(h1, 3)).toEqual([PATCH.handle, 0x1700n, PATCH.gfn, 0x1800n, PATCH.gfn, 0x1808n]);
    const h2 = at(3n); // register_vcpu_info: x0, x1, x2, x16
    expect(patches(h2, 4)).toEqual([PATCH.gfn, 0x1100n]);
  });

  it("relocates each gnttab_setup_table op's frame_list handle", () => {
    const s = yaml(`
  - op: hypercall
    domain: 0
    regs: { x16: 20, x0: 2, x1: "0x1700", x2: 2 }
`);
    const w = compileSteps(s, "arm64").words;
    // x0-x2 and x16 set, then two patches: frame_list (offset 16) of each 24-byte op.
    expect(w.slice(-6)).toEqual([2n, PATCH.handle, 0x1710n, PATCH.handle, 0x1728n, OP.end]);
  });

  it("relocates gnttab_get_status_frames' frame_list handle", () => {
    const s = yaml(`
  - op: hypercall
    domain: 0
    regs: { x16: 20, x0: 9, x1: "0x1700", x2: 1 }
`);
    const w = compileSteps(s, "arm64").words;
    // One patch: frame_list, at offset 8 of the 16-byte op.
    expect(w.slice(-4)).toEqual([1n, PATCH.handle, 0x1708n, OP.end]);
  });

  it("skips a call that reaches the end of the scenario's memory", () => {
    const s = parseScenario(
      `domains: [{ id: 0, mode: aarch64 }]
steps:
  - { op: hypercall, domain: 0, regs: { x16: 39, x0: 2, x1: "0xffffc" } }
  - { op: hypercall, domain: 0, regs: { x16: 39, x0: 2, x1: "0xff000" } }
`,
      "t.yaml",
    );
    const c = compileSteps(s, "arm64");
    expect(c.skipped.get(0)).toMatch(/end of the scenario's 1048576-byte memory/);
    expect(c.skipped.get(1)).toBeUndefined();
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

describe("compileSteps for the 32-bit PV guest", () => {
  it("sets eax..edi and patches compat handles as 4-byte words", () => {
    const s = parseScenario(
      `xen: { arch: x86_64, cmdline: "argo=1" }
domains: [{ id: 0, mode: pv32 }]
steps:
  - op: write
    domain: 0
    addr: "0x5000"
    struct: xen_argo_iov_t
    fields: { iov_hnd: "0x4000", iov_len: 7 }
  - { op: hypercall, domain: 0, regs: { eax: 39, ebx: 3, ecx: "0x6000", edx: "0x5000", esi: 1, edi: 0 } }
`,
      "t.yaml",
    );
    const w = compileSteps(s, "x86_32").words;
    const h = w.findIndex((v, i) => v === OP.hypercall && w[i + 1] === 1n);
    // set: eax ebx ecx edx esi edi (bits 0-5); reloc: ecx, edx (handles)
    expect(w.slice(h + 3, h + 5)).toEqual([0b111111n, 0b1100n]);
    // one patch: the compat iov's 4-byte handle (size 4 in the kind's bits 8 and up)
    expect(w.slice(h + 11, h + 14)).toEqual([1n, PATCH.handle | (4n << 8n), 0x5000n]);
  });
});

describe("compileSteps for the AArch32 guest", () => {
  const a32 = (steps: string) =>
    parseScenario(
      `xen: { arch: arm64, cmdline: "argo=1" }\ndomains: [{ id: 0, mode: aarch32 }]\nsteps:\n${steps}`,
      "t.yaml",
    );

  it("sets r0..r4 and r12, traps with hvc #0xea1, and relocates handles in r-registers", () => {
    const w = compileSteps(
      a32(`
  - op: hypercall
    domain: 0
    regs: { r12: 39, r0: 1, r1: "0x1000", r2: "0x2000", r3: 1, r4: 0 }
`),
      "aarch32",
    ).words;
    // idx 0, imm 0xea1, set = r0-r4 (bits 0-4) and r12 (bit 12), reloc = r1 and r2
    expect(w.slice(1, 6)).toEqual([OP.hypercall, 0n, 0xea1n, 0x101fn, 0b110n]);
    expect(w.slice(6, 12)).toEqual([1n, 0x1000n, 0x2000n, 1n, 0n, 39n]);
    // register_ring's one gfn (npages 1) is patched as a frame
    expect(w.slice(12, 15)).toEqual([1n, PATCH.gfn, 0x2000n]);
  });

  it("keeps hvc #0 for SMCCC and skips the 64-bit view's registers", () => {
    const c = compileSteps(
      a32(`
  - { op: hypercall, domain: 0, imm: 0, regs: { r0: "0x84000000" } }
  - { op: hypercall, domain: 0, regs: { r12: 17, x3: 1 } }
`),
      "aarch32",
    );
    expect(c.words.slice(1, 7)).toEqual([OP.hypercall, 0n, 0n, 1n, 0n, 0x84000000n]);
    expect(c.skipped.get(1)).toBe("register x3 is not the test guest's to set");
  });
});
