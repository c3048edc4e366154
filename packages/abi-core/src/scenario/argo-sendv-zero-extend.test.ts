/**
 * sendv's last line, `return (ret < 0) ? ret : len` (xen/common/argo.c: sendv), with the
 * unsigned int len of 4.12.1 and 4.13.0 onward (8966a3e9ab; stable-4.12 46262b87eb): a late
 * error converts to unsigned int, and a 64-bit Xen's long holds it zero-extended.
 */
import { describe, expect, it } from "vitest";
import { parseScenario } from "./parse.js";
import { runScenario } from "./run.js";

/** Domain 1 sends 1 byte to (domain 2, port 2), which has no ring: -ECONNREFUSED (-111). */
function send(arch: string, mode: string, release: string) {
  const x86 = mode.startsWith("pv") || mode.startsWith("hvm");
  const a32 = mode === "aarch32" || mode === "pv32" || mode === "hvm32";
  const regs = x86
    ? a32
      ? `{ eax: 39, ebx: 3, ecx: "0x2000", edx: "0x3000", esi: 1, edi: 0 }`
      : `{ rax: 39, rdi: 3, rsi: "0x2000", rdx: "0x3000", r10: 1, r8: 0 }`
    : a32
      ? `{ r12: 39, r0: 3, r1: "0x2000", r2: "0x3000", r3: 1, r4: 0 }`
      : `{ x16: 39, x0: 3, x1: "0x2000", x2: "0x3000", x3: 1, x4: 0 }`;
  const text = `xen: { arch: ${arch}, release: "${release}", cmdline: "argo=1" }
domains: [{ id: 1, mode: ${mode} }, { id: 2, mode: ${mode} }]
steps:
  - { op: write, domain: 1, addr: "0x2000", struct: xen_argo_send_addr_t, fields: { src.aport: 1, src.domain_id: 1, dst.aport: 2, dst.domain_id: 2 } }
  - { op: write, domain: 1, addr: "0x3000", struct: xen_argo_iov_t, fields: { iov_hnd: "0x4000", iov_len: 1 } }
  - { op: hypercall, domain: 1, regs: ${regs} }
`;
  const step = runScenario(parseScenario(text, "z.yaml")).steps[2]!;
  const reg = x86 ? (a32 ? "eax" : "rax") : a32 ? "x0" : "x0";
  return { ret: step.ret, reg: step.regs![reg] };
}

describe("sendv's late errors are zero-extended on a 64-bit Xen from 4.12.1 and 4.13.0", () => {
  it("4.12.0's unsigned long len kept the sign", () => {
    expect(send("arm64", "aarch64", "4.12.0")).toEqual({ ret: "-111", reg: "0xffffffffffffff91" });
    expect(send("x86_64", "pv64", "4.12.0").reg).toBe("0xffffffffffffff91");
  });

  it("4.12.1, 4.13 and 4.22: x0/rax hold 0x00000000ffffff91", () => {
    for (const release of ["4.12.1", "4.13", "4.22"]) {
      expect(send("arm64", "aarch64", release)).toEqual({
        ret: "4294967185",
        reg: "0x00000000ffffff91",
      });
      expect(send("x86_64", "pv64", release).reg).toBe("0x00000000ffffff91");
      expect(send("x86_64", "hvm64", release).reg).toBe("0x00000000ffffff91");
    }
  });

  it("a 32-bit guest, or a 32-bit Xen, reads -111 (only x0's top half shows it on arm64)", () => {
    expect(send("arm64", "aarch32", "4.22")).toEqual({ ret: "-111", reg: "0x00000000ffffff91" });
    expect(send("arm32", "aarch32", "4.22").ret).toBe("-111");
    expect(send("x86_64", "pv32", "4.22")).toEqual({ ret: "-111", reg: "0xffffff91" });
  });

  it("early errors (before the XSM send hook's result is used) keep the sign", () => {
    // dst domain 9 does not exist: sendv's early `return -ESRCH`.
    const text = `xen: { arch: arm64, release: "4.22", cmdline: "argo=1" }
domains: [{ id: 1, mode: aarch64 }]
steps:
  - { op: write, domain: 1, addr: "0x2000", struct: xen_argo_send_addr_t, fields: { src.aport: 1, src.domain_id: 1, dst.aport: 2, dst.domain_id: 9 } }
  - { op: write, domain: 1, addr: "0x3000", struct: xen_argo_iov_t, fields: { iov_hnd: "0x4000", iov_len: 1 } }
  - { op: hypercall, domain: 1, regs: { x16: 39, x0: 3, x1: "0x2000", x2: "0x3000", x3: 1, x4: 0 } }
`;
    const step = runScenario(parseScenario(text, "z.yaml")).steps[2]!;
    expect(step.ret).toBe("-3");
  });
});
