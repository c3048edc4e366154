import { describe, expect, it } from "vitest";
import { ScenarioError } from "./error.js";
import { parseScenario } from "./parse.js";

/** Two domains on arm64 Xen, then the given steps (YAML lines). */
function withSteps(steps: string): string {
  return [
    "xen: { arch: arm64 }",
    "domains:",
    "  - { id: 1, mode: aarch64 }",
    "  - { id: 2, mode: aarch32, memory: 8192 }",
    "steps:",
    steps,
  ].join("\n");
}

function errorOf(text: string, file = "t.yaml"): ScenarioError {
  try {
    parseScenario(text, file);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error("expected a ScenarioError");
}

// [what, text, path, full one-line message]
const CASES: [string, string, string, string][] = [
  [
    "YAML syntax",
    "steps: [\n  {op: write",
    "",
    "t.yaml:2:13: syntax error: Flow map in block collection must be sufficiently indented and end with a }",
  ],
  [
    "unknown top-level key",
    "stepz: []\nsteps: []",
    "stepz",
    "t.yaml:1:1: stepz: unknown key for a scenario (expected name, description, xen, domains or steps)",
  ],
  [
    "unknown xen key",
    "xen: { arc: arm64 }\nsteps: []",
    "xen.arc",
    "t.yaml:1:8: xen.arc: unknown key for xen (expected arch, release, debug, cmdline, aarch32UpperBits, config or xsm)",
  ],
  [
    "unknown arch",
    "xen: { arch: arm }\nsteps: []",
    "xen.arch",
    't.yaml:1:14: xen.arch: unknown arch "arm" (expected arm64, arm32 or x86_64)',
  ],
  [
    "release as a YAML number",
    "xen: { release: 4.20 }\nsteps: []",
    "xen.release",
    't.yaml:1:17: xen.release: write the release as a string ("4.20"): a YAML number loses trailing zeros',
  ],
  [
    "unknown release",
    'xen: { release: "4.11" }\nsteps: []',
    "xen.release",
    `t.yaml:1:17: xen.release: unknown release '4.11': Xen's tags 4.12.0 to 4.22.0 as "4.16.1", or "4.16" for 4.16.0`,
  ],
  [
    "untagged point release",
    'xen: { release: "4.16.8" }\nsteps: []',
    "xen.release",
    `t.yaml:1:17: xen.release: unknown release '4.16.8': Xen 4.16's tags are 4.16.0 to 4.16.7`,
  ],
  [
    "unknown aarch32UpperBits",
    "xen: { aarch32UpperBits: keep }\nsteps: []",
    "xen.aarch32UpperBits",
    't.yaml:1:26: xen.aarch32UpperBits: unknown value "keep" (expected zero or preserve)',
  ],
  [
    "debug not a boolean",
    "xen: { debug: yes }\nsteps: []",
    "xen.debug",
    't.yaml:1:15: xen.debug: expected true or false, got the string "yes"',
  ],
  [
    "mode the arch cannot run",
    "domains: [{ id: 1, mode: pv64 }]\nsteps: []",
    "domains[0].mode",
    "t.yaml:1:26: domains[0].mode: a pv64 domain cannot run on arm64 Xen (expected aarch64 or aarch32)",
  ],
  [
    "memory not whole pages",
    "domains: [{ id: 1, mode: aarch64, memory: 1000 }]\nsteps: []",
    "domains[0].memory",
    "t.yaml:1:43: domains[0].memory: 1000 is not a positive multiple of 4096",
  ],
  [
    "domid out of range",
    "domains: [{ id: 0x7ff0, mode: aarch64 }]\nsteps: []",
    "domains[0].id",
    "t.yaml:1:17: domains[0].id: 32752 does not fit a domid (0..0x7fef)",
  ],
  [
    "duplicate domain",
    "domains: [{ id: 1, mode: aarch64 }, { id: 1, mode: aarch64 }]\nsteps: []",
    "domains[1].id",
    "t.yaml:1:43: domains[1].id: domain 1 already exists",
  ],
  ["no steps", "domains: []", "steps", "t.yaml: steps: a scenario needs steps"],
  ["not a mapping", "- 1\n- 2", "", "t.yaml:1:1: expected a mapping, got a list"],
  [
    "step without op",
    withSteps("  - { domain: 1 }"),
    "steps[0].op",
    "t.yaml:6:5: steps[0].op: a step needs op",
  ],
  [
    "unknown op",
    withSteps("  - { op: writ, domain: 1 }"),
    "steps[0].op",
    't.yaml:6:11: steps[0].op: unknown op "writ" (expected write, read, hypercall, setVcpuContext, virqs, events, console, createDomain or destroyDomain)',
  ],
  [
    "unknown step key",
    withSteps("  - { op: write, domain: 1, addr: 0, bytes: '00', lenght: 3 }"),
    "steps[0].lenght",
    "t.yaml:6:51: steps[0].lenght: unknown key for a write step (expected op, label, domain, addr, bytes, struct or fields)",
  ],
  [
    "unknown expect key",
    withSteps("  - { op: hypercall, domain: 1, expect: { rett: 0 } }"),
    "steps[0].expect.rett",
    "t.yaml:6:43: steps[0].expect.rett: unknown key for a hypercall step's expect (expected ret, regs or fault)",
  ],
  [
    "register the mode does not have (spec example)",
    withSteps(
      "  - { op: virqs, domain: 1 }\n  - { op: virqs, domain: 1 }\n  - { op: virqs, domain: 1 }\n  - op: hypercall\n    domain: 1\n    regs: { x16: 17, x99: 1 }",
    ),
    "steps[3].regs.x99",
    "t.yaml:11:22: steps[3].regs.x99: unknown register for an aarch64 vCPU",
  ],
  [
    "AArch32 name on an AArch64 vCPU",
    withSteps("  - { op: hypercall, domain: 1, regs: { r3: 1 } }"),
    "steps[0].regs.r3",
    "t.yaml:6:41: steps[0].regs.r3: unknown register for an aarch64 vCPU",
  ],
  [
    "x15 on an AArch32 vCPU (only x0-x14 alias)",
    withSteps("  - { op: hypercall, domain: 2, regs: { x15: 1 } }"),
    "steps[0].regs.x15",
    "t.yaml:6:41: steps[0].regs.x15: unknown register for an aarch32 vCPU",
  ],
  [
    "rN in a vCPU context (Arm contexts use xN)",
    withSteps("  - { op: setVcpuContext, domain: 2, regs: { r3: 1 } }"),
    "steps[0].regs.r3",
    "t.yaml:6:46: steps[0].regs.r3: unknown register for an aarch32 vCPU's context",
  ],
  [
    "expect.regs name",
    withSteps("  - { op: hypercall, domain: 1, expect: { regs: { eax: 0 } } }"),
    "steps[0].expect.regs.eax",
    "t.yaml:6:51: steps[0].expect.regs.eax: unknown register for an aarch64 vCPU",
  ],
  [
    "domain that does not exist",
    withSteps("  - { op: console, domain: 3 }"),
    "steps[0].domain",
    "t.yaml:6:28: steps[0].domain: domain 3 does not exist",
  ],
  [
    "destroyed domain",
    withSteps("  - { op: destroyDomain, domain: 1 }\n  - { op: virqs, domain: 1 }"),
    "steps[1].domain",
    "t.yaml:7:26: steps[1].domain: domain 1 does not exist (destroyed at steps[0])",
  ],
  [
    "createDomain of a live id",
    withSteps("  - { op: createDomain, id: 2, mode: aarch64 }"),
    "steps[0].id",
    "t.yaml:6:29: steps[0].id: domain 2 already exists",
  ],
  [
    "vCPU that does not exist",
    withSteps("  - { op: hypercall, domain: 1, vcpu: 1 }"),
    "steps[0].vcpu",
    "t.yaml:6:39: steps[0].vcpu: domain 1 has no vCPU 1 (it has 1)",
  ],
  [
    "write outside memory",
    withSteps("  - { op: write, domain: 2, addr: 0x1ffe, bytes: '000000' }"),
    "steps[0].addr",
    "t.yaml:6:35: steps[0].addr: 3 bytes at 0x1ffe: outside domain 2's memory (0x2000 bytes)",
  ],
  [
    "read outside memory",
    withSteps("  - { op: read, domain: 2, addr: 0x2000, length: 1 }"),
    "steps[0].addr",
    "t.yaml:6:34: steps[0].addr: 1 byte at 0x2000: outside domain 2's memory (0x2000 bytes)",
  ],
  [
    "struct write outside memory",
    withSteps("  - { op: write, domain: 2, addr: 0x1ff8, struct: xen_argo_register_ring_t }"),
    "steps[0].addr",
    "t.yaml:6:35: steps[0].addr: 12 bytes at 0x1ff8: outside domain 2's memory (0x2000 bytes)",
  ],
  [
    "unknown struct",
    withSteps("  - { op: write, domain: 1, addr: 0, struct: foo_t }"),
    "steps[0].struct",
    't.yaml:6:46: steps[0].struct: unknown struct "foo_t"',
  ],
  [
    "unknown struct, near a known one",
    withSteps("  - { op: write, domain: 1, addr: 0, struct: xen_hvm_parm_t }"),
    "steps[0].struct",
    't.yaml:6:46: steps[0].struct: unknown struct "xen_hvm_parm_t" (did you mean xen_hvm_param_t?)',
  ],
  [
    "unknown struct, in capitals, in a read",
    withSteps("  - { op: read, domain: 1, addr: 0x1000, struct: EVTCHN_SEND_T }"),
    "steps[0].struct",
    't.yaml:6:50: steps[0].struct: unknown struct "EVTCHN_SEND_T" (did you mean evtchn_send_t?)',
  ],
  [
    "unknown field",
    withSteps(
      "  - { op: write, domain: 1, addr: 0, struct: xen_argo_register_ring_t, fields: { aprt: 1 } }",
    ),
    "steps[0].fields.aprt",
    "t.yaml:6:82: steps[0].fields.aprt: xen_argo_register_ring_t has no field aprt (aarch64: aport, partner_id, pad, len)",
  ],
  [
    "field value too wide",
    withSteps(
      "  - { op: write, domain: 1, addr: 0, struct: xen_argo_register_ring_t, fields: { partner_id: 0x10000 } }",
    ),
    "steps[0].fields.partner_id",
    "t.yaml:6:94: steps[0].fields.partner_id: 65536 does not fit a 16-bit field",
  ],
  [
    "imm on x86",
    "xen: { arch: x86_64 }\ndomains: [{ id: 1, mode: pv64 }]\nsteps:\n  - { op: hypercall, domain: 1, imm: 0 }",
    "steps[0].imm",
    "t.yaml:4:38: steps[0].imm: imm is Arm only (domain 1 is pv64)",
  ],
  [
    "imm beyond 16 bits",
    withSteps("  - { op: hypercall, domain: 1, imm: 0x10000 }"),
    "steps[0].imm",
    "t.yaml:6:38: steps[0].imm: 65536 does not fit an HVC immediate (0..0xffff)",
  ],
  [
    "value too wide for a 32-bit register",
    withSteps("  - { op: hypercall, domain: 2, regs: { r3: '0x100000000' } }"),
    "steps[0].regs.r3",
    "t.yaml:6:45: steps[0].regs.r3: 0x100000000 does not fit a 32-bit register",
  ],
  [
    "value beyond 64 bits",
    withSteps("  - { op: hypercall, domain: 1, regs: { x3: '0x10000000000000000' } }"),
    "steps[0].regs.x3",
    "t.yaml:6:45: steps[0].regs.x3: 0x10000000000000000 does not fit a 64-bit register",
  ],
  [
    "negative below the width",
    withSteps("  - { op: hypercall, domain: 2, regs: { r3: '-2147483649' } }"),
    "steps[0].regs.r3",
    "t.yaml:6:45: steps[0].regs.r3: -2147483649 does not fit a 32-bit register",
  ],
  [
    "unsafe JSON integer",
    withSteps("  - { op: hypercall, domain: 1, regs: { x3: 18446744073709551615 } }"),
    "steps[0].regs.x3",
    "t.yaml:6:45: steps[0].regs.x3: 18446744073709551615 is outside the safe integer range; write it as a string",
  ],
  [
    "not an integer",
    withSteps("  - { op: hypercall, domain: 1, regs: { x3: 1.5 } }"),
    "steps[0].regs.x3",
    "t.yaml:6:45: steps[0].regs.x3: 1.5 is not an integer",
  ],
  [
    "not a number form",
    withSteps("  - { op: hypercall, domain: 1, regs: { x3: '0xg' } }"),
    "steps[0].regs.x3",
    't.yaml:6:45: steps[0].regs.x3: "0xg" is not a number (decimal, -decimal or 0x hex)',
  ],
  [
    "odd hex digits",
    withSteps("  - { op: write, domain: 1, addr: 0, bytes: '0102 030' }"),
    "steps[0].bytes",
    't.yaml:6:45: steps[0].bytes: odd number of hex digits (7) in "0102 030"',
  ],
  [
    "ret wider than the guest",
    withSteps("  - { op: hypercall, domain: 2, expect: { ret: '0x100000000' } }"),
    "steps[0].expect.ret",
    "t.yaml:6:48: steps[0].expect.ret: 0x100000000 does not fit a 32-bit result",
  ],
  [
    "unknown fault",
    withSteps("  - { op: hypercall, domain: 1, expect: { fault: crash } }"),
    "steps[0].expect.fault",
    't.yaml:6:50: steps[0].expect.fault: unknown fault "crash" (expected none, undef or domain_crash)',
  ],
  [
    "a write on frame 0 (unmapped at boot)",
    withSteps("  - { op: write, domain: 1, addr: 0xffe, bytes: '0102 0304' }"),
    "steps[0].addr",
    "t.yaml:6:35: steps[0].addr: 4 bytes at 0xffe: frame 0 (0x0-0xfff) is not mapped in guest memory",
  ],
  [
    "expect.bytes of another length",
    withSteps("  - { op: read, domain: 1, addr: 0x1000, length: 4, expect: { bytes: '00' } }"),
    "steps[0].expect.bytes",
    "t.yaml:6:70: steps[0].expect.bytes: 1 byte expected, but the read is 4 bytes",
  ],
  [
    "bytes and struct together",
    withSteps("  - { op: write, domain: 1, addr: 0, bytes: '00', struct: xen_argo_addr_t }"),
    "steps[0].struct",
    "t.yaml:6:59: steps[0].struct: a write step takes bytes or struct, not both",
  ],
  [
    "expect.fields without struct",
    withSteps("  - { op: read, domain: 1, addr: 0, length: 4, expect: { fields: { a: 1 } } }"),
    "steps[0].expect.fields",
    "t.yaml:6:66: steps[0].expect.fields: expect.fields needs struct",
  ],
];

describe("parseScenario rejects what can be known without running", () => {
  it.each(CASES)("%s", (_what, text, path, message) => {
    const e = errorOf(text);
    expect(e.path).toBe(path);
    expect(e.message).toBe(message);
    expect(e.file).toBe("t.yaml");
    expect(e.message).not.toContain("\n");
  });

  it("reports position fields separately", () => {
    const e = errorOf(withSteps("  - { op: console, domain: 3 }"));
    expect([e.line, e.column]).toEqual([6, 28]);
    expect(e.reason).toBe("domain 3 does not exist");
  });

  it("rejects invalid JSON in a .json file, and accepts the same document as YAML", () => {
    expect(errorOf('{"steps": [1,]}', "x.json").message).toMatch(/^x\.json: invalid JSON: /);
    expect(errorOf('{"steps": [], "extra": 1}', "x.json").message).toBe(
      "x.json:1:15: extra: unknown key for a scenario (expected name, description, xen, domains or steps)",
    );
  });
});

describe("xen.config", () => {
  it("takes the Kconfig options the project models, each true or false", () => {
    const s = parseScenario(
      "xen: { arch: x86_64, config: { ARGO: false, PV32: true } }\nsteps: []",
      "c.yaml",
    );
    expect(s.xen.config).toEqual({ ARGO: false, PV32: true });
  });

  it("rejects an option it does not model, a non-boolean, and a pv32 domain without PV32", () => {
    expect(errorOf("xen: { config: { HVM: false } }\nsteps: []").message).toBe(
      "t.yaml:1:18: xen.config.HVM: unknown key for config (a Kconfig option) (expected ARGO or PV32)",
    );
    expect(errorOf("xen: { config: { ARGO: 0 } }\nsteps: []").reason).toBe(
      "expected true or false, got 0",
    );
    expect(
      errorOf(
        "xen: { arch: x86_64, config: { PV32: false } }\ndomains: [{ id: 1, mode: pv32 }]\nsteps: []",
      ).path,
    ).toBe("domains[0].mode");
  });
});

describe("parseScenario accepts and normalises", () => {
  it("fills the spec's defaults", () => {
    const s = parseScenario("domains: [{ id: 1, mode: aarch64 }]\nsteps: []", "d.yaml");
    expect(s.xen).toEqual({
      arch: "arm64",
      release: "4.22.0",
      debug: false,
      cmdline: "",
      aarch32UpperBits: "preserve",
      config: {},
    });
    expect(s.domains).toEqual([{ id: 1, mode: "aarch64", memory: 1048576, vcpus: 1, argo: true }]);
  });

  it("reads every number form and takes negatives as two's complement at the width", () => {
    const s = parseScenario(
      withSteps(
        "  - op: hypercall\n    domain: 2\n    regs: { r0: -1, r1: '0XfF', r2: '4032', x3: '-22' }\n    expect: { ret: '0xffffffea' }",
      ),
      "n.yaml",
    );
    const step = s.steps[0]!;
    if (step.op !== "hypercall") throw new Error("hypercall expected");
    expect(step.regs.map((r) => [r.name, r.value])).toEqual([
      ["r0", 0xffffffffn],
      ["r1", 0xffn],
      ["r2", 4032n],
      ["x3", 0xffffffffffffffean],
    ]);
    expect(step.expect.ret).toBe(-22n);
    expect(step.imm).toBe(0xea1);
  });

  it("counts domains created by earlier steps, and a re-created one", () => {
    const s = parseScenario(
      withSteps(
        "  - { op: createDomain, id: 3, mode: aarch32, vcpus: 2 }\n  - { op: hypercall, domain: 3, vcpu: 1, regs: { x14: 1 } }\n  - { op: destroyDomain, domain: 3 }\n  - { op: createDomain, id: 3, mode: aarch64 }\n  - { op: hypercall, domain: 3, regs: { x30: 1 } }",
      ),
      "c.yaml",
    );
    expect(s.steps.map((x) => x.op)).toEqual([
      "createDomain",
      "hypercall",
      "destroyDomain",
      "createDomain",
      "hypercall",
    ]);
  });

  it("encodes struct writes for the domain's ABI (missing fields zero)", () => {
    const s = parseScenario(
      withSteps(
        "  - { op: write, domain: 1, addr: 0x1000, struct: xen_argo_register_ring_t, fields: { aport: 1, partner_id: '0x7ff4', len: 4032 } }",
      ),
      "s.yaml",
    );
    const step = s.steps[0]!;
    if (step.op !== "write") throw new Error("write expected");
    expect([...step.bytes]).toEqual([1, 0, 0, 0, 0xf4, 0x7f, 0, 0, 0xc0, 0x0f, 0, 0]);
  });

  it("lays out a struct per mode (iov handle is 8 bytes on Arm even for AArch32)", () => {
    const s = parseScenario(
      withSteps(
        "  - { op: read, domain: 2, addr: 0x1000, struct: xen_argo_iov_t }\n  - { op: read, domain: 1, addr: 0x1000, struct: multicall_entry_t }",
      ),
      "l.yaml",
    );
    expect(s.steps.map((x) => (x.op === "read" ? x.length : 0))).toEqual([16, 64]);
  });
});
