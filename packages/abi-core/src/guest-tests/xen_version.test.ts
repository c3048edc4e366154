import { describe, expect, it } from "vitest";
import { expectCheck, hcall, machine } from "./machine.testing.js";
import { REGISTRY } from "../hypercalls/registry.js";
import type { ReleaseRef as Release } from "../machine/release.js";
import type { GuestMode } from "../abi/modes.js";
import type { Xen } from "../xen.js";

const XENVER = 17;

function bytes(xen: Xen, addr: number, n: number, dom = 1): number[] {
  return [...xen.domain(dom).memory.readBytes(addr, n)!];
}

function features(mode: GuestMode, release: Release, dom = 1): bigint {
  const xen = machine(mode, { release });
  if (dom === 0) xen.createDomain({ id: 0, mode });
  xen.domain(dom).memory.write(0x3000, new Uint8Array(8));
  hcall(
    xen,
    mode.startsWith("aarch")
      ? { x16: XENVER, x0: 6, x1: 0x3000 }
      : { rax: XENVER, rdi: 6, rsi: 0x3000 },
    undefined,
    dom,
  );
  expect(xen.result(dom, 0)).toBe(0n);
  const b = xen.domain(dom).memory.readBytes(0x3004, 4)!;
  return BigInt(new DataView(b.buffer, b.byteOffset).getUint32(0, true));
}

describe("xen_version (common/kernel.c: do_xen_version)", () => {
  it("XENVER_extraversion copies a NUL-padded 16-byte string", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: XENVER, x0: 1, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(0n);
    expect(bytes(xen, 0x3000, 16)).toEqual([0x2e, 0x30, ...new Array(14).fill(0)]);
  });

  it("XENVER_pagesize returns 4096; an unknown sub-op -ENOSYS; a bad buffer -EFAULT", () => {
    const xen = machine("pv64");
    hcall(xen, { rax: XENVER, rdi: 7 });
    expect(xen.result(1, 0)).toBe(4096n);
    hcall(xen, { rax: XENVER, rdi: 99 });
    expect(xen.result(1, 0)).toBe(-38n);
    hcall(xen, { rax: XENVER, rdi: 1, rsi: 0x7ffffff0 });
    expect(xen.result(1, 0)).toBe(-14n);
  });

  it('a denied XENVER_commandline copies the 9 bytes of "<denied>", not 1024', () => {
    const xen = machine("aarch64", { cmdline: "argo=1" });
    xen.domain(1).memory.write(0x3000, new Uint8Array(16).fill(0x55));
    hcall(xen, { x16: XENVER, x0: 9, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(0n);
    expect(new TextDecoder().decode(xen.domain(1).memory.readBytes(0x3000, 8))).toBe("<denied>");
    expect(bytes(xen, 0x3008, 2)).toEqual([0, 0x55]);
  });

  it("the control domain reads the whole 1024-byte command line", () => {
    const xen = machine("aarch64", { cmdline: "argo=1" });
    xen.createDomain({ id: 0, mode: "aarch64" });
    xen.domain(0).memory.write(0x3000, new Uint8Array(1024).fill(0x55));
    hcall(xen, { x16: XENVER, x0: 9, x1: 0x3000 }, undefined, 0);
    expect(new TextDecoder().decode(xen.domain(0).memory.readBytes(0x3000, 6))).toBe("argo=1");
    expect(bytes(xen, 0x3000 + 1023, 1, 0)).toEqual([0]);
  });

  it("XENVER_pagesize refuses a buffer; get_features refuses submap 1", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: XENVER, x0: 7, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(-22n);
    xen.domain(1).memory.write(0x3000, new Uint8Array([1, 0, 0, 0]));
    hcall(xen, { x16: XENVER, x0: 6, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(-22n);
  });

  it("get_features builds submap 0 per arch, guest type and release", () => {
    expect(features("aarch64", "4.22")).toBe(0x56005n);
    expect(features("aarch64", "4.22", 0)).toBe(0x66805n); // dom0: + XENFEAT_dom0, direct_mapped
    expect(features("aarch64", "4.15")).toBe(0x6005n);
    expect(features("aarch64", "4.16")).toBe(0x16005n);
    expect(features("pv64", "4.22")).toBe(0x1e20e0n);
    expect(features("hvm64", "4.22")).toBe(0x1d2705n);
    expect(features("hvm64", "4.12")).toBe(0x2705n);
  });

  it("XENVER_platform_parameters writes virt_start (Arm 0x200000 until 4.17, then 0)", () => {
    const cases: [GuestMode, Release, boolean, bigint][] = [
      ["aarch64", "4.17", false, 0x200000n],
      ["aarch64", "4.18", false, 0n],
      ["pv64", "4.17", true, 0xffff800000000000n],
      ["pv64", "4.22", false, 0xffff800000000000n],
      ["pv64", "4.22", true, 0n],
      ["hvm64", "4.22", false, 0n],
      ["pv32", "4.22", false, 0xf5800000n],
    ];
    for (const [mode, release, debug, want] of cases) {
      const xen = machine(mode, { release, debug });
      xen.domain(1).memory.write(0x3000, new Uint8Array(8).fill(0xff));
      const regs: Record<string, number> = mode.startsWith("aarch")
        ? { x16: XENVER, x0: 5, x1: 0x3000 }
        : mode.endsWith("32")
          ? { eax: XENVER, ebx: 5, ecx: 0x3000 }
          : { rax: XENVER, rdi: 5, rsi: 0x3000 };
      hcall(xen, regs);
      expect(xen.result(1, 0), `${mode} ${release}`).toBe(0n);
      const w = mode.endsWith("32") ? 4 : 8;
      const b = xen.domain(1).memory.readBytes(0x3000, 8)!;
      const dv = new DataView(b.buffer, b.byteOffset);
      const got = w === 8 ? dv.getBigUint64(0, true) : BigInt(dv.getUint32(0, true));
      expect(got, `${mode} ${release} debug=${debug}`).toBe(want);
    }
  });

  it("build_id and commandline2 are -EPERM for a domU, extraversion2-changeset2 open (4.20+)", () => {
    const xen = machine("aarch64", { cmdline: "argo=1" });
    const rets = [10, 11, 12, 13, 14].map((op) => {
      hcall(xen, { x16: XENVER, x0: op, x1: 0 });
      return xen.result(1, 0);
    });
    expect(rets).toEqual([-1n, 2n, 31n, 14n, -1n]);
    xen.domain(1).memory.write(0x3000, new Uint8Array([1, 0, 0, 0]));
    hcall(xen, { x16: XENVER, x0: 11, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(-105n); // -ENOBUFS
    xen.domain(1).memory.write(0x3000, new Uint8Array([16, 0, 0, 0]));
    hcall(xen, { x16: XENVER, x0: 11, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(2n);
    expect(bytes(xen, 0x3004, 2)).toEqual([0x2e, 0x30]);
    const old = machine("aarch64", { release: "4.19" });
    hcall(old, { x16: XENVER, x0: 11, x1: 0 });
    expect(old.result(1, 0)).toBe(-38n);
  });

  it("build_id for the control domain is reported unmodelled, with no result", () => {
    const xen = machine("aarch64");
    xen.createDomain({ id: 0, mode: "aarch64" });
    for (const [n, v] of Object.entries({ x16: XENVER, x0: 10, x1: 0 }))
      xen.writeRegister(0, 0, n, BigInt(v));
    const r = xen.execute(0, 0);
    expect(r.unmodelled).toBe("xen_version/XENVER_build_id");
    expect(xen.result(0, 0)).toBe(10n);
  });
});

describe("xen_version reports each failing check by its record's id", () => {
  const traced = (release: Release = "4.22") => {
    const xen = machine("aarch64", { trace: true, release });
    xen.createDomain({ id: 0, mode: "aarch64" });
    const call = (x0: number, x1: number, dom = 1) =>
      hcall(xen, { x16: XENVER, x0, x1 }, undefined, dom);
    return { xen, call };
  };
  const END = 0xffffc; // the last 4 bytes of a 1 MiB domain

  it("an unknown cmd; 11-14 before 4.20; each copy out to unmapped frame 0", () => {
    const { xen, call } = traced();
    expectCheck(xen, call(15, 0), "xen_version.entry.cmd_unknown");
    const old = traced("4.19");
    expectCheck(old.xen, old.call(11, 0x3000), "xen_version.entry.cmd_unknown");
    expectCheck(xen, call(1, 0x10), "xen_version.extraversion.copy_out");
    expectCheck(xen, call(2, 0x10), "xen_version.compile_info.copy_out");
    expectCheck(xen, call(3, 0x10), "xen_version.capabilities.copy_out");
    expectCheck(xen, call(4, 0x10), "xen_version.changeset.copy_out");
    expectCheck(xen, call(5, 0x10), "xen_version.platform_parameters.copy_out");
    expectCheck(xen, call(8, 0x10), "xen_version.guest_handle.copy_out");
    // Denied to a domU, XENVER_commandline still copies "<denied>": to frame 0, it faults.
    expectCheck(xen, call(9, 0x10), "xen_version.commandline.copy_out");
  });

  it("get_features: unreadable, then submap_idx 1; pagesize with a buffer; build_id denied", () => {
    const { xen, call } = traced();
    expectCheck(xen, call(6, 0x10), "xen_version.get_features.copy_in");
    xen.domain(1).memory.write(0x3000, new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0]));
    expectCheck(xen, call(6, 0x3000), "xen_version.get_features.submap_idx");
    expectCheck(xen, call(7, 0x3000), "xen_version.pagesize.handle_not_null");
    expectCheck(xen, call(10, 0x3000), "xen_version.build_id.xsm");
    expectCheck(xen, call(14, 0x3000), "xen_version.commandline2.xsm");
  });

  it("build_id before 4.20 reads its buffer first: unreadable, then len 0; from 4.20 the build decides", () => {
    const old = traced("4.19");
    const opts = { dom: 0 };
    expectCheck(old.xen, old.call(10, 0x10, 0), "xen_version.build_id.copy_in", opts);
    old.xen.domain(0).memory.write(0x3000, new Uint8Array(4));
    expectCheck(old.xen, old.call(10, 0x3000, 0), "xen_version.build_id.len_zero", opts);
    // len 20: the rest is the build's id (unmodelled); a NULL handle asks for its size.
    old.xen.domain(0).memory.write(0x3000, new Uint8Array([20, 0, 0, 0]));
    for (const arg of [0x3000, 0]) {
      for (const [n, v] of Object.entries({ x16: XENVER, x0: 10, x1: arg }))
        old.xen.writeRegister(0, 0, n, BigInt(v));
      expect(old.xen.execute(0, 0).unmodelled).toBe("xen_version/XENVER_build_id");
    }
    const { xen } = traced("4.20");
    for (const [n, v] of Object.entries({ x16: XENVER, x0: 10, x1: 0x10 }))
      xen.writeRegister(0, 0, n, BigInt(v));
    expect(xen.execute(0, 0).unmodelled).toBe("xen_version/XENVER_build_id");
  });

  it("the *2 sub-ops (xenver_varbuf_op): len unreadable, too small, the string unwritable", () => {
    const { xen, call } = traced();
    const mem = xen.domain(0).memory;
    mem.write(0x3000, new Uint8Array(4)); // len 0: every string here is longer
    mem.write(END, new Uint8Array([0xff, 0xff, 0, 0])); // room enough, but nothing after
    const opts = { dom: 0 };
    expectCheck(xen, call(11, 0x10, 0), "xen_version.extraversion2.copy_in", opts);
    expectCheck(xen, call(11, 0x3000, 0), "xen_version.extraversion2.buffer_small", opts);
    expectCheck(xen, call(11, END, 0), "xen_version.extraversion2.copy_out", opts);
    expectCheck(xen, call(12, 0x10, 0), "xen_version.capabilities2.copy_in", opts);
    expectCheck(xen, call(12, 0x3000, 0), "xen_version.capabilities2.buffer_small", opts);
    expectCheck(xen, call(12, END, 0), "xen_version.capabilities2.copy_out", opts);
    expectCheck(xen, call(13, 0x10, 0), "xen_version.changeset2.copy_in", opts);
    expectCheck(xen, call(13, 0x3000, 0), "xen_version.changeset2.buffer_small", opts);
    expectCheck(xen, call(13, END, 0), "xen_version.changeset2.copy_out", opts);
    expectCheck(xen, call(14, 0x10, 0), "xen_version.commandline2.copy_in", opts);
  });

  it("commandline2 with a command line: too small, then unwritable", () => {
    const xen = machine("aarch64", { trace: true, cmdline: "console=dtuart" });
    xen.createDomain({ id: 0, mode: "aarch64" });
    const mem = xen.domain(0).memory;
    mem.write(0x3000, new Uint8Array([4, 0, 0, 0]));
    mem.write(END, new Uint8Array([0xff, 0, 0, 0]));
    const call = (x1: number) => hcall(xen, { x16: XENVER, x0: 14, x1 }, undefined, 0);
    expectCheck(xen, call(0x3000), "xen_version.commandline2.buffer_small", { dom: 0 });
    expectCheck(xen, call(END), "xen_version.commandline2.copy_out", { dom: 0 });
  });

  it("XENVER_capabilities lists xen-3.0-x86_32p only when the build has 32-bit PV (CONFIG_PV32)", () => {
    const caps = (config: { PV32?: boolean }): string => {
      const xen = machine("pv64", { config });
      hcall(xen, { rax: XENVER, rdi: 3, rsi: 0x3000 });
      expect(xen.result(1, 0)).toBe(0n);
      const b = xen.domain(1).memory.readBytes(0x3000, 1024)!;
      return new TextDecoder().decode(b.subarray(0, b.indexOf(0)));
    };
    expect(caps({})).toBe(
      "xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 ",
    );
    expect(caps({ PV32: false })).toBe(
      "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 ",
    );
  });

  it("every check the handler reports is in the record", () => {
    const ids = REGISTRY.checks.filter((c) => c.hypercall === "xen_version").map((c) => c.check.id);
    expect(ids[0]).toBe("xen_version.entry.cmd_unknown");
    expect(ids).toContain("xen_version.get_features.submap_idx");
  });
});
