import { describe, expect, it } from "vitest";
import { hcall, machine, reg } from "./machine.testing.js";

const XENVER = 17;

describe("x86 entries (pv/hypercall.c, hvm/hypercall.c)", () => {
  it("pv64: number in rax, cmd in rdi, result in rax, rip past syscall", () => {
    const xen = machine("pv64");
    hcall(xen, { rax: XENVER, rdi: 0, rip: 0x1000 });
    expect(reg(xen, "rax")).toBe(0x40016n);
    expect(reg(xen, "rip")).toBe(0x1002n);
  });

  it("pv64 debug: poisons rdi..nargs with 0xdeadbeefdeadf00d, rax holds the result", () => {
    const xen = machine("pv64", { debug: true });
    hcall(xen, { rax: XENVER, rdi: 0, rsi: 1, rdx: 2 });
    expect(reg(xen, "rdi")).toBe(0xdeadbeefdeadf00dn);
    expect(reg(xen, "rsi")).toBe(0xdeadbeefdeadf00dn);
    expect(reg(xen, "rdx")).toBe(2n);
    expect(reg(xen, "rax")).toBe(0x40016n);
  });

  it("pv32 debug: poisons ebx, ecx with 0xdeadf00d", () => {
    const xen = machine("pv32", { debug: true });
    hcall(xen, { eax: XENVER, ebx: 0, ecx: 1, edx: 2, eip: 0x2000 });
    expect(reg(xen, "ebx")).toBe(0xdeadf00dn);
    expect(reg(xen, "ecx")).toBe(0xdeadf00dn);
    expect(reg(xen, "edx")).toBe(2n);
    expect(reg(xen, "eip")).toBe(0x2002n);
  });

  it("hvm64 uses vmcall (3 bytes) and the 64-bit ABI; -ENOSYS is not poisoned", () => {
    const xen = machine("hvm64", { debug: true });
    hcall(xen, { rax: 60, rdi: 7, rip: 0x10 });
    expect(xen.result(1, 0)).toBe(-38n);
    expect(reg(xen, "rdi")).toBe(7n);
    expect(reg(xen, "rip")).toBe(0x13n);
  });

  it("hvm32: the result register is eax, signed at 32 bits", () => {
    const xen = machine("hvm32");
    hcall(xen, { eax: 60 });
    expect(xen.result(1, 0)).toBe(-38n);
    expect(reg(xen, "eax")).toBe(0xffffffdan);
  });

  it("before 4.17: -ENOSYS is poisoned too, but a number past the table (50) is not", () => {
    const xen = machine("pv64", { debug: true, release: "4.16" });
    hcall(xen, { rax: 60, rdi: 7 });
    expect(reg(xen, "rdi")).toBe(7n);
    hcall(xen, { rax: 17, rdi: 99, rsi: 1 }); // unknown XENVER sub-op: -ENOSYS from the handler
    expect(xen.result(1, 0)).toBe(-38n);
    expect(reg(xen, "rsi")).toBe(0xdeadbeefdeadf00dn);
  });

  it("refuses an HVC immediate on x86", () => {
    const xen = machine("pv64");
    expect(() => hcall(xen, { rax: XENVER }, 0)).toThrow(/Arm guests only/);
  });
});
