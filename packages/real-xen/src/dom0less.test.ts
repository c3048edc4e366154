import { describe, expect, it } from "vitest";
import type { RealBuild } from "./builds.js";
import { dom0lessResult } from "./dom0less-run.js";
import { DOM0_IMAGE_ADDR, domUImageAddr, prepareDom0less, withDom0less } from "./dom0less.js";
import { OP, STEPS_MAGIC } from "./guest-abi.js";
import { dom0Serial, domUSerial, parseGuestOutput } from "./output.js";

const build: RealBuild = {
  name: "arm64-debug",
  arch: "arm64",
  debug: true,
  release: "4.17",
  xen: "4.17.5",
  origin: "test",
  config: { ARGO: true, PV32: false, XSM: true, XSM_SILO_DEFAULT: true, DEBUG: true },
  image: "/nonexistent",
};

const file = `xen: { arch: arm64, cmdline: "argo=1" }
domains:
  - { id: 0, mode: aarch64 }
  - { id: 1, mode: aarch64 }
  - { id: 2, mode: aarch32 }
steps:
  - { op: hypercall, domain: 2, regs: { r12: 17, r0: 0 } }
  - { op: hypercall, domain: 1, regs: { x16: 17, x0: 0 } }
  - { op: hypercall, domain: 0, regs: { x16: 17, x0: 0 } }
  - { op: virqs, domain: 1, expect: { pending: [] } }
  - { op: hypercall, domain: 2, regs: { r12: 17, r0: 7 } }
`;

describe("prepareDom0less", () => {
  const plan = prepareDom0less(file, "t.yaml", build);
  const words = (domid: number) => plan.domains.find((d) => d.domid === domid)?.compiled.words;

  it("gives each domain its own steps, in the test guest of its mode", () => {
    expect(plan.cannot).toBeUndefined();
    expect(plan.domains.map((d) => [d.domid, d.guest, d.global])).toEqual([
      [0, "arm64", [2]],
      [1, "arm64", [1]],
      [2, "aarch32", [0, 4]],
    ]);
    expect([...plan.skipped]).toEqual([[3, "the test guest binds no event channels or VIRQs"]]);
    // The machine runs the whole file, under the SILO the build enforces by default.
    expect(plan.scenario?.xen.xsm).toBe("silo");
    expect(plan.cmdline).toMatch(/ argo=1$/);
  });

  it("has a domU suspend before each of its turns, and dom0 resume it and wait, in order", () => {
    const w2 = words(2) ?? [];
    expect(w2.slice(0, 3)).toEqual([STEPS_MAGIC, OP.suspend, 0n]);
    expect(w2.filter((w, i) => w === OP.suspend && w2[i + 1] === 4n)).toHaveLength(1);
    const w0 = words(0) ?? [];
    const iv = 0x15n;
    // domain 2's first turn (step 0): wait for its first suspend, resume, wait for the next.
    expect(w0.slice(1, 15)).toEqual([
      ...[OP.wait, 0n, 2n, iv, 2n],
      ...[OP.resume, 0n, 2n, iv],
      ...[OP.wait, 0n, 2n, iv, 2n],
    ]);
    // domain 1's only turn (step 1) ends powered off (code 0).
    expect(w0.slice(15, 29)).toEqual([
      ...[OP.wait, 1n, 1n, iv, 2n],
      ...[OP.resume, 1n, 1n, iv],
      ...[OP.wait, 1n, 1n, iv, 0n],
    ]);
    expect(w0[29]).toBe(OP.hypercall); // dom0's own step 2
    // Trailing: domain 2's last turn (step 4), seen before, so no first wait; then END.
    expect(w0.slice(-10)).toEqual([
      ...[OP.resume, 4n, 2n, iv],
      ...[OP.wait, 4n, 2n, iv, 0n],
      OP.end,
    ]);
  });

  it("says why a file cannot run as a dom0less boot", () => {
    const cannot = (text: string, b = build) => prepareDom0less(text, "t.yaml", b).cannot;
    expect(
      cannot("domains: [{ id: 1, mode: aarch64 }, { id: 3, mode: aarch64 }]\nsteps: []\n"),
    ).toMatch(/domains 1, 3: Xen numbers dom0less domUs 1, 2/);
    expect(cannot("domains: [{ id: 1, mode: aarch64 }]\nsteps: []\n")).toMatch(/one domain/);
    expect(
      cannot(
        "domains: [{ id: 0, mode: aarch64 }, { id: 1, mode: aarch64 }]\nsteps:\n  - { op: destroyDomain, domain: 1 }\n",
      ),
    ).toMatch(/at run time/);
    expect(
      cannot(
        "xen: { arch: x86_64 }\ndomains: [{ id: 0, mode: pv64 }, { id: 1, mode: pv64 }]\nsteps: []\n",
        { ...build, arch: "x86_64", name: "x86_64-debug" },
      ),
    ).toBe("dom0less is Arm's");
  });
});

describe("withDom0less", () => {
  const dts = '/ {\n\tchosen {\n\t\tbootargs = "x";\n\t};\n\n\tmemory@40000000 {\n\t};\n};\n';

  it("adds dom0's kernel and a xen,domain node per domU under /chosen", () => {
    const out = withDom0less(dts, 0x508001, [
      { domid: 1, size: 0x507001, vcpus: 1, memoryKb: 0x20000 },
    ]);
    const chosen = out.slice(out.indexOf("chosen {"), out.indexOf("memory@"));
    expect(chosen).toContain(`module@${DOM0_IMAGE_ADDR.toString(16)} {`);
    expect(chosen).toContain("reg = <0x00 0x49000000 0x00 0x508001>;");
    expect(chosen).toMatch(/domU1 \{\n\t\t\tcompatible = "xen,domain";/);
    expect(chosen).toContain("memory = <0x00 0x20000>;");
    expect(chosen).toContain(`reg = <0x00 0x${domUImageAddr(1).toString(16)} 0x00 0x507001>;`);
    expect(chosen).toContain('compatible = "multiboot,kernel", "multiboot,module";');
    expect(out.endsWith("\tmemory@40000000 {\n\t};\n};\n")).toBe(true);
  });

  it("names a tree without /chosen", () => {
    expect(() => withDom0less("/ {\n};\n", 1, [])).toThrow(/no \/chosen/);
  });
});

describe("a dom0less boot's serial log", () => {
  const serial = [
    "(XEN) *** LOADING DOMU cpus=1 memory=20000KB ***",
    "(d2) @xa BEGIN 0x40102000 0xd",
    "@xa BEGIN 0x70102000 0x1f",
    "@xa D 0x0 0x2 0x2",
    "(d2) @xa H 0x0 0x40011 0xdeadbeef",
    "(d2)  0x0 0x0",
    "(d1) @xa BEGIN 0x40102000 0x1f",
    "@xa D 0x1 0x1 0x3",
    "@xa END",
  ].join("\n");

  it("splits it by domain and joins a domU line Xen broke in two", () => {
    const d2 = parseGuestOutput(domUSerial(serial, 2));
    expect(d2.window).toBe(0x40102000n);
    expect(d2.steps.get(0)).toEqual({ kind: "H", regs: [0x40011n, 0xdeadbeefn, 0n, 0n] });
    const d0 = parseGuestOutput(dom0Serial(serial));
    expect(d0.window).toBe(0x70102000n);
    expect(d0.ended).toBe(true);
    expect(d0.waits).toEqual([
      { idx: 0, domid: 2, code: 2 },
      { idx: 1, domid: 1, code: 3 },
    ]);
  });

  it("reports the turn a domU crashed in as fault domain_crash, its later steps too", () => {
    const plan = prepareDom0less(file, "t.yaml", build);
    const outputs = new Map([
      [0, parseGuestOutput(dom0Serial(serial))],
      [1, parseGuestOutput(domUSerial(serial, 1))],
      [2, parseGuestOutput(domUSerial(serial, 2))],
    ]);
    const r = dom0lessResult(plan, outputs, "dom0 stopped before its END");
    expect(r.steps[0]?.ret).toBe("262161");
    expect(r.steps[1]?.fault).toBe("domain_crash");
    expect(r.steps[1]?.failures[0]).toMatch(/domain 1 crashed/);
    expect(r.steps[3]?.skipped).toMatch(/event channels/);
  });
});
