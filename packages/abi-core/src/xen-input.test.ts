import { describe, expect, it } from "vitest";
import { Xen, XenError } from "./xen.js";

const bad = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(XenError);
    return (e as Error).message;
  }
  throw new Error("accepted");
};

describe("the library refuses bad input at the call that received it", () => {
  it("names an unmodelled release and lists the modelled ones", () => {
    const m = bad(() => new Xen({ release: "4.11" as never }));
    expect(m).toMatch(
      /^release '4\.11' is not a Xen release the machine models; modelled: 4\.12\.0-4\.12\.4, /,
    );
    expect(m).toContain("4.22.0");
    expect(bad(() => new Xen({ release: "banana" as never }))).toMatch(/^release 'banana' /);
    expect(bad(() => new Xen({ release: 4.16 as never }))).toContain(
      'release 4.16 (a number; write the release as a string, "4.16")',
    );
    expect(new Xen({ release: "4.16.1" }).state.release).toBe("4.16.1");
  });

  it("names an unknown arch and mode", () => {
    expect(bad(() => new Xen({ arch: "riscv64" as never }))).toBe(
      "arch 'riscv64' is not a modelled Xen build; arch is one of arm64, arm32, x86_64",
    );
    const xen = new Xen();
    expect(bad(() => xen.createDomain({ id: 1, mode: "aarch65" as never }))).toBe(
      "guest mode 'aarch65' is unknown; mode is one of aarch64, aarch32, pv64, pv32, hvm64, hvm32",
    );
  });

  it("names a domain id given as a string", () => {
    const xen = new Xen();
    xen.createDomain({ id: 1, mode: "aarch64" });
    expect(bad(() => xen.createDomain({ id: "2" as never, mode: "aarch64" }))).toBe(
      "domain id '2' (a string; pass a number) is not an integer in 0..0x7fef",
    );
    expect(bad(() => xen.writeRegister("1" as never, 0, "x0", 1n))).toContain(
      "domain id '1' (a string",
    );
    // execute() looks the domain up on its own path: the same errors, not "has no vCPU 0".
    expect(bad(() => xen.execute("1" as never, 0))).toContain("domain id '1' (a string");
    expect(bad(() => xen.execute(99, 0))).toBe("no domain 99");
  });

  it("names an unknown register and lists the mode's registers", () => {
    const xen = new Xen({ arch: "x86_64" });
    xen.createDomain({ id: 1, mode: "pv32" });
    expect(bad(() => xen.writeRegister(1, 0, "rax", 1n))).toBe(
      "unknown register 'rax' for a pv32 vCPU; its registers: eax, ebx, ecx, edx, esi, edi, ebp, esp, eip",
    );
    xen.createDomain({ id: 2, mode: "hvm64" });
    expect(bad(() => xen.readRegister(2, 0, "x0"))).toMatch(
      /^unknown register 'x0' for an hvm64 vCPU; its registers: rax, /,
    );
  });

  it("refuses a register value over 64 bits instead of wrapping it", () => {
    const xen = new Xen();
    xen.createDomain({ id: 1, mode: "aarch64" });
    expect(bad(() => xen.writeRegister(1, 0, "x0", 1n << 64n))).toBe(
      "register x0: value 0x10000000000000000 does not fit in 64 bits (allowed: -2^63 .. 2^64-1)",
    );
    expect(bad(() => xen.writeRegister(1, 0, "x0", 1.5 as never))).toContain(
      "value 1.5 is not an integer",
    );
    xen.writeRegister(1, 0, "x0", -1n);
    expect(xen.readRegister(1, 0, "x0")).toBe(0xffff_ffff_ffff_ffffn);
    xen.writeRegister(1, 0, "x1", 7 as never);
    expect(xen.readRegister(1, 0, "x1")).toBe(7n);
  });
});
