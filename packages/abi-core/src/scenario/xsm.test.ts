import { describe, expect, it } from "vitest";
import { ScenarioError } from "./error.js";
import { resultJson } from "./format.js";
import { parseScenario } from "./parse.js";
import { runScenario } from "./run.js";

function invalid(text: string): string {
  try {
    parseScenario(text, "x.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error("accepted");
}

const ARGO_SEND = (from: number, to: number) =>
  [
    `  - { op: hypercall, domain: ${from}, regs: { x16: 39, x0: 3, x1: "0x2000", x2: "0x3000", x3: 1, x4: 0 } }`,
  ].join("\n") + `\n# ${to}`;

describe("xen.xsm (spec: Top level)", () => {
  it("rejects an unknown module, an argo: false it contradicts, and an xsm= that disagrees", () => {
    expect(invalid("xen: { xsm: selinux }\nsteps: []")).toMatch(
      /x\.yaml:1:13: xen\.xsm: unknown xsm module "selinux"/,
    );
    expect(
      invalid("xen: { xsm: silo }\ndomains: [{ id: 1, mode: aarch64, argo: false }]\nsteps: []"),
    ).toMatch(/domains\[0\]\.argo: argo: false needs FLASK/);
    expect(
      invalid(
        "xen: { cmdline: xsm=dummy }\ndomains: [{ id: 1, mode: aarch64, argo: false }]\nsteps: []",
      ),
    ).toMatch(/domains\[0\]\.argo/);
    expect(invalid('xen: { xsm: flask, cmdline: "xsm=silo" }\nsteps: []')).toMatch(
      /xen\.xsm: xsm: flask contradicts xsm=silo/,
    );
    expect(
      invalid(
        "xen: { xsm: dummy }\ndomains: []\nsteps:\n  - { op: createDomain, id: 1, mode: aarch64, argo: false }",
      ),
    ).toMatch(/steps\[0\]\.argo/);
  });

  it("accepts flask with argo: false, and the default with it (implied FLASK)", () => {
    for (const x of ["xsm: flask", "arch: arm64"])
      expect(
        parseScenario(
          `xen: { ${x} }\ndomains: [{ id: 1, mode: aarch64, argo: false }]\nsteps: []`,
          "x.yaml",
        ).domains[0]!.argo,
      ).toBe(false);
  });

  it("SILO answers domU-to-domU sendv with -EPERM where dummy delivers", () => {
    const text = (xsm: string) => `xen: { xsm: ${xsm}, cmdline: "argo=1" }
domains: [{ id: 1, mode: aarch64 }, { id: 2, mode: aarch64 }]
steps:
  - op: write
    domain: 1
    addr: "0x2000"
    struct: xen_argo_send_addr_t
    fields: { src.aport: 1, src.domain_id: 1, dst.aport: 2, dst.domain_id: 2 }
${ARGO_SEND(1, 2)}
`;
    const ret = (xsm: string) => runScenario(parseScenario(text(xsm), "x.yaml")).steps[1]!.ret;
    expect(ret("silo")).toBe("-1");
    // No ring: -ECONNREFUSED, which sendv returns zero-extended (0xffffff91) from 4.13.
    expect(ret("dummy")).toBe("4294967185");
  });
});

describe("unmodelled (spec: Output of --json)", () => {
  it("reports the handler, no ret, and fails a step with an expectation", () => {
    const s = parseScenario(
      `domains: [{ id: 1, mode: aarch64 }]
steps:
  - { op: hypercall, domain: 1, label: plain, regs: { x16: 33, x0: 0, x1: "0x2000" } }
  - { op: hypercall, domain: 1, label: expects, regs: { x16: 33, x0: 0 }, expect: { ret: -38 } }
`,
      "u.yaml",
    );
    const r = runScenario(s);
    const [a, b] = resultJson(r).files[0]!.steps;
    expect(a).toMatchObject({ ok: true, unmodelled: "physdev_op" });
    expect(a).not.toHaveProperty("ret");
    expect(b).toMatchObject({ ok: false, unmodelled: "physdev_op" });
    expect(b!.failures[0]).toMatch(/unmodelled: physdev_op/);
    expect(r.steps[0]!.regs!.x0).toBe("0x0000000000000000");
  });
});
