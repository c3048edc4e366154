import { describe, expect, it } from "vitest";
import { GUEST_MODES } from "../abi/modes.js";
import { layoutOf } from "../table/structs/index.js";
import type { Xen } from "../xen.js";
import { multicallWordBytes } from "../dispatch/multicall.js";
import { expectCheck, hcall, machine, reg } from "./machine.testing.js";

const MULTICALL = 13;
const XENVER = 17;
const CONSOLE_IO = 18;

/** Write multicall entries (op, args) at `addr` with `w`-byte words; returns the entry size. */
function writeEntries(xen: Xen, addr: number, w: 4 | 8, entries: [number, bigint[]][]): number {
  const size = 8 * w;
  const buf = new Uint8Array(size * entries.length);
  const dv = new DataView(buf.buffer);
  entries.forEach(([op, args], i) => {
    const put = (k: number, v: bigint) =>
      w === 8
        ? dv.setBigUint64(i * size + k * 8, v, true)
        : dv.setUint32(i * size + k * 4, Number(v), true);
    put(0, BigInt(op));
    args.forEach((a, j) => put(2 + j, a));
  });
  xen.domain(1).memory.write(addr, buf);
  return size;
}

function result(xen: Xen, addr: number, w: 4 | 8, i: number): bigint {
  const b = xen.domain(1).memory.readBytes(addr + i * 8 * w + w, w)!;
  const dv = new DataView(b.buffer);
  return w === 8 ? dv.getBigInt64(0, true) : BigInt(dv.getInt32(0, true));
}

describe("multicall (common/multicall.c)", () => {
  it("runs each entry and writes only its result back (aarch64)", () => {
    const xen = machine("aarch64");
    writeEntries(xen, 0x1000, 8, [
      [XENVER, [0n]],
      [60, []],
      [XENVER, [7n /* XENVER_pagesize */]],
    ]);
    hcall(xen, { x16: MULTICALL, x0: 0x1000, x1: 3 });
    expect(xen.result(1, 0)).toBe(0n);
    expect([0, 1, 2].map((i) => result(xen, 0x1000, 8, i))).toEqual([0x40016n, -38n, 4096n]);
  });

  it("compat entries on pv32 are 32 bytes", () => {
    const xen = machine("pv32");
    writeEntries(xen, 0x1000, 4, [
      [XENVER, [0n]],
      [XENVER, [7n]],
    ]);
    hcall(xen, { eax: MULTICALL, ebx: 0x1000, ecx: 2 });
    expect([0, 1].map((i) => result(xen, 0x1000, 4, i))).toEqual([0x40016n, 4096n]);
  });

  it("debug builds corrupt every field of a run entry with 0xAA except result", () => {
    const xen = machine("aarch64", { debug: true });
    writeEntries(xen, 0x1000, 8, [[XENVER, [0n, 5n]]]);
    hcall(xen, { x16: MULTICALL, x0: 0x1000, x1: 1 });
    const e = xen.domain(1).memory.readBytes(0x1000, 64)!;
    expect([...e.subarray(0, 8)].every((b) => b === 0xaa)).toBe(true);
    expect(result(xen, 0x1000, 8, 0)).toBe(0x40016n);
    expect([...e.subarray(16)].every((b) => b === 0xaa)).toBe(true);
  });

  it("debug builds clobber the multicall's own arguments, whatever its last entry was", () => {
    // Measured on real Xen 4.17.5 and 4.20.4 arm64 debug builds (npm run diff:xen): after a
    // multicall whose last entry has no handler, x1 is 0xdeadbeef all the same.
    const xen = machine("aarch64", { debug: true, release: "4.17" });
    writeEntries(xen, 0x1000, 8, [
      [XENVER, [0n]],
      [48, []],
    ]);
    hcall(xen, { x16: MULTICALL, x0: 0x1000, x1: 2 });
    expect(xen.result(1, 0)).toBe(0n);
    expect(reg(xen, "x1")).toBe(0xdeadbeefn);
    expect(reg(xen, "x16")).toBe(0xdeadbeefn);
  });

  it("AArch32: an argument that is not 32-bit clean crashes the domain", () => {
    const xen = machine("aarch32");
    writeEntries(xen, 0x1000, 8, [[XENVER, [0n, 1n << 32n]]]);
    const r = hcall(xen, { r12: MULTICALL, r0: 0x1000, r1: 1 });
    expect(r.fault).toBe("domain_crash");
    expect(xen.execute(1, 0).fault).toBe("domain_crash");
  });

  it("AArch32: the crashing entry keeps the guest's result and no later entry runs", () => {
    for (const debug of [false, true]) {
      const xen = machine("aarch32", { debug });
      // Entry 0: xen_version with a dirty top half; entry 1 would copy extraversion to 0x3000.
      writeEntries(xen, 0x1000, 8, [
        [XENVER, [0n, 1n << 32n]],
        [XENVER, [1n, 0x3000n]],
      ]);
      xen.domain(1).memory.write(0x1008, new Uint8Array([0x34, 0x12, 0, 0, 0, 0, 0, 0]));
      xen.domain(1).memory.write(0x3000, new Uint8Array([0x77]));
      expect(hcall(xen, { r12: MULTICALL, r0: 0x1000, r1: 2 }).fault).toBe("domain_crash");
      expect(result(xen, 0x1000, 8, 0)).toBe(0x1234n);
      expect(xen.domain(1).memory.readBytes(0x3000, 1)![0]).toBe(0x77);
    }
  });

  it("an entry the machine does not model makes the multicall unmodelled", () => {
    const xen = machine("aarch64");
    writeEntries(xen, 0x1000, 8, [
      [XENVER, [0n, 0n]],
      [33, [0n, 0n]], // physdev_op
    ]);
    xen.writeRegister(1, 0, "x0", 0x1000n);
    xen.writeRegister(1, 0, "x1", 2n);
    xen.writeRegister(1, 0, "x16", BigInt(MULTICALL));
    const r = xen.execute(1, 0);
    expect(r.unmodelled).toBe("physdev_op");
    expect(result(xen, 0x1000, 8, 0)).toBe(0x40016n);
    expect(reg(xen, "x0")).toBe(0x1000n); // no result written
  });

  it("AArch64 may pass 64-bit arguments in entries", () => {
    const xen = machine("aarch64");
    writeEntries(xen, 0x1000, 8, [[XENVER, [0n, 1n << 32n]]]);
    expect(hcall(xen, { x16: MULTICALL, x0: 0x1000, x1: 1 }).fault).toBe("none");
    expect(result(xen, 0x1000, 8, 0)).toBe(0x40016n);
  });

  it("a nested multicall is refused with -EINVAL", () => {
    const xen = machine("aarch64");
    writeEntries(xen, 0x1000, 8, [[MULTICALL, [0x2000n, 1n]]]);
    hcall(xen, { x16: MULTICALL, x0: 0x1000, x1: 1 });
    expect(result(xen, 0x1000, 8, 0)).toBe(-22n);
  });

  it("an entry outside guest memory gives -EFAULT", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: MULTICALL, x0: 0x7ffff000n, x1: 1 });
    expect(xen.result(1, 0)).toBe(-14n);
  });

  it("is preempted between entries and continued by re-executing the HVC", () => {
    const xen = machine("aarch64", { preemptBudget: 2, trace: true });
    const entries = Array.from({ length: 7 }, () => [XENVER, [7n]] as [number, bigint[]]);
    writeEntries(xen, 0x1000, 8, entries);
    const r = hcall(xen, { x16: MULTICALL, x0: 0x1000, x1: 7, pc: 0x400 });
    expect(r.continuations).toBe(3);
    expect(entries.map((_, i) => result(xen, 0x1000, 8, i))).toEqual(entries.map(() => 4096n));
    expect(reg(xen, "pc")).toBe(0x404n);
    expect(r.trace!.filter((e) => e.kind === "continuation")).toHaveLength(3);
  });

  it("a preempted sub-call (console_io) is written back into its entry and resumed", () => {
    const xen = new (machine("aarch64").constructor as typeof Xen)({ preemptBudget: 1 });
    xen.createDomain({ id: 0, mode: "aarch64" });
    const text = "x".repeat(300);
    xen.domain(0).memory.write(0x3000, new TextEncoder().encode(text));
    const buf = new Uint8Array(64);
    const dv = new DataView(buf.buffer);
    dv.setBigUint64(0, BigInt(CONSOLE_IO), true);
    dv.setBigUint64(16, 0n, true);
    dv.setBigUint64(24, 300n, true);
    dv.setBigUint64(32, 0x3000n, true);
    xen.domain(0).memory.write(0x1000, buf);
    for (const [n, v] of [
      ["x16", 13n],
      ["x0", 0x1000n],
      ["x1", 1n],
    ] as const)
      xen.writeRegister(0, 0, n, v);
    const r = xen.execute(0, 0);
    expect(r.continuations).toBe(2);
    expect(xen.takeConsole(0)).toBe(text);
  });
});

describe("multicall entry layout", () => {
  it("uses the word size the layout engine computes for multicall_entry_t", () => {
    for (const mode of GUEST_MODES) {
      const xen = machine(mode);
      const w = multicallWordBytes(xen.domain(1));
      const l = layoutOf("multicall_entry_t", mode);
      expect(l.size).toBe(8 * w);
      expect(l.fields.find((f) => f.name === "result")!.offset).toBe(w);
    }
  });
});

describe("multicall reports each failing check by its record's id", () => {
  it("an entry that is a multicall (reentry) fails that entry, not the list", () => {
    const xen = machine("aarch64", { trace: true });
    writeEntries(xen, 0x1000, 8, [[MULTICALL, [0x1000n, 1n]]]);
    const r = hcall(xen, { x16: MULTICALL, x0: 0x1000, x1: 1 });
    expectCheck(xen, r, "multicall.entry.reentry", { ret: 0n });
    expect(result(xen, 0x1000, 8, 0)).toBe(-22n);
  });

  it("x86 PV: a list outside the guest's half fails before any entry, even with no entries", () => {
    const xen = machine("pv64", { trace: true });
    const r = hcall(xen, { rax: MULTICALL, rdi: 0x0000800000000000n, rsi: 0 });
    expectCheck(xen, r, "multicall.entry.list_handle");
  });

  it("an unreadable entry, and (Arm) an op of 64 or more", () => {
    const xen = machine("aarch64", { trace: true });
    expectCheck(xen, hcall(xen, { x16: MULTICALL, x0: 0x10, x1: 1 }), "multicall.entry.copy_in");
    writeEntries(xen, 0x1000, 8, [
      [64, []],
      [XENVER, [0n]],
    ]);
    const r = hcall(xen, { x16: MULTICALL, x0: 0x1000, x1: 2 });
    expect(result(xen, 0x1000, 8, 1)).toBe(0x40016n); // the next entry ran
    expectCheck(xen, r, "multicall.entry.op_max", { ret: 0n });
    expect(result(xen, 0x1000, 8, 0)).toBe(-38n);
  });

  it("Arm, a 32-bit domain: an argument with bits above 31 crashes the domain", () => {
    const xen = machine("aarch32", { trace: true });
    writeEntries(xen, 0x1000, 8, [[XENVER, [1n << 32n]]]);
    const r = hcall(xen, { r12: MULTICALL, r0: 0x1000, r1: 1 });
    expect(r.fault).toBe("domain_crash");
    expect(r.trace!.findLast((e) => e.kind === "check")).toEqual({
      kind: "check",
      id: "multicall.entry.not_32bit_clean",
      errno: "domain_crash",
    });
  });

  it("an entry that unmaps the list's own frame: its result cannot be written back", () => {
    const xen = machine("aarch64", { trace: true });
    // xen_remove_from_physmap_t { domid_t domid (DOMID_SELF); xen_pfn_t gpfn (5) }
    const xrfp = new Uint8Array(16);
    new DataView(xrfp.buffer).setUint16(0, 0x7ff0, true);
    xrfp[8] = 5;
    xen.domain(1).memory.write(0x3000, xrfp);
    writeEntries(xen, 0x5000, 8, [[12 /* memory_op */, [15n /* remove_from_physmap */, 0x3000n]]]);
    const r = hcall(xen, { x16: MULTICALL, x0: 0x5000, x1: 1 });
    expectCheck(xen, r, "multicall.entry.result_copy_out");
  });
});
