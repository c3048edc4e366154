import { describe, expect, it } from "vitest";
import { hcall, machine } from "../../dispatch/test-helpers.js";

describe("xen_version (common/kernel.c)", () => {
  it("XENVER_extraversion copies a NUL-padded 16-byte string", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: 17, x0: 1, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(0n);
    expect([...xen.domain(1).memory.readBytes(0x3000, 16)!]).toEqual([
      0x2e,
      0x30,
      ...new Array(14).fill(0),
    ]);
  });

  it("XENVER_pagesize returns 4096; an unknown sub-op -ENOSYS; a bad buffer -EFAULT", () => {
    const xen = machine("pv64");
    hcall(xen, { rax: 17, rdi: 7 });
    expect(xen.result(1, 0)).toBe(4096n);
    hcall(xen, { rax: 17, rdi: 99 });
    expect(xen.result(1, 0)).toBe(-38n);
    hcall(xen, { rax: 17, rdi: 1, rsi: 0x7ffffff0 });
    expect(xen.result(1, 0)).toBe(-14n);
  });

  it("XENVER_commandline is for the control domain only: others read <denied>", () => {
    const xen = machine("aarch64", { cmdline: "argo=1" });
    hcall(xen, { x16: 17, x0: 9, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(0n);
    expect(new TextDecoder().decode(xen.domain(1).memory.readBytes(0x3000, 8))).toBe("<denied>");
  });

  it("XENVER_pagesize refuses a buffer; get_features refuses submap 1", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: 17, x0: 7, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(-22n);
    xen.domain(1).memory.write(0x3000, new Uint8Array([1, 0, 0, 0]));
    hcall(xen, { x16: 17, x0: 6, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(-22n);
  });
});
