import { describe, expect, it } from "vitest";
import { expectCheck, hcall } from "./machine.testing.js";
import { Xen } from "../xen.js";

function write(xen: Xen, dom: number, text: string) {
  xen.domain(dom).memory.write(0x2000, new TextEncoder().encode(text));
  for (const [n, v] of [
    ["x16", 18n],
    ["x0", 0n],
    ["x1", BigInt(text.length)],
    ["x2", 0x2000n],
  ] as const)
    xen.writeRegister(dom, 0, n, v);
  return xen.execute(dom, 0);
}

describe("console_io (drivers/char/console.c)", () => {
  it("captures CONSOLEIO_write per domain, chunked with continuations", () => {
    const xen = new Xen({ preemptBudget: 1 });
    xen.createDomain({ id: 0, mode: "aarch64" });
    const text = "hello\n".repeat(50);
    const r = write(xen, 0, text);
    expect(r.continuations).toBe(2); // 300 bytes = 3 chunks of <= 127
    expect(xen.result(0, 0)).toBe(0n);
    expect(xen.takeConsole(0)).toBe(text);
    expect(xen.takeConsole(0)).toBe("");
  });

  it("refuses a domU in a release build (xsm_console_io) but lets it write in a debug build", () => {
    for (const [debug, ret] of [
      [false, -1n],
      [true, 0n],
    ] as const) {
      const xen = new Xen({ debug });
      xen.createDomain({ id: 3, mode: "aarch64" });
      write(xen, 3, "hi");
      expect(xen.result(3, 0)).toBe(ret);
    }
  });

  it("faults on a buffer outside guest memory", () => {
    const xen = new Xen();
    xen.createDomain({ id: 0, mode: "aarch64", memory: 4096 });
    for (const [n, v] of [
      ["x16", 18n],
      ["x0", 0n],
      ["x1", 10n],
      ["x2", 0x10000n],
    ] as const)
      xen.writeRegister(0, 0, n, v);
    xen.execute(0, 0);
    expect(xen.result(0, 0)).toBe(-14n);
  });
});

describe("console_io CONSOLEIO_read", () => {
  function read(xen: Xen, dom: number, count: bigint) {
    for (const [n, v] of [
      ["x16", 18n],
      ["x0", 1n],
      ["x1", count],
      ["x2", 0x2000n],
    ] as const)
      xen.writeRegister(dom, 0, n, v);
    xen.execute(dom, 0);
    return xen.result(dom, 0);
  }

  it("is -E2BIG for a count over INT_MAX from 4.13; 0 characters otherwise (no serial input)", () => {
    const xen = new Xen();
    xen.createDomain({ id: 0, mode: "aarch64" });
    expect(read(xen, 0, 0x80000000n)).toBe(-7n);
    expect(read(xen, 0, 16n)).toBe(0n);
    const old = new Xen({ release: "4.12" });
    old.createDomain({ id: 0, mode: "aarch64" });
    expect(read(old, 0, 0x80000000n)).toBe(0n);
  });

  it("a domU may not read: -EPERM under dummy, -EACCES under FLASK", () => {
    for (const [xsm, ret] of [
      ["dummy", -1n],
      ["flask", -13n],
    ] as const) {
      const xen = new Xen({ xsm, debug: true });
      xen.createDomain({ id: 1, mode: "aarch64" });
      expect(read(xen, 1, 16n)).toBe(ret);
    }
  });
});

describe("console_io reports each failing check by its record's id", () => {
  it("XSM first, then an unknown cmd, a count over INT_MAX, an unreadable buffer", () => {
    const xen = new Xen({ trace: true });
    xen.createDomain({ id: 0, mode: "aarch64" });
    xen.createDomain({ id: 1, mode: "aarch64" });
    // A domU's unknown cmd is refused by XSM before the switch sees it.
    expectCheck(xen, hcall(xen, { x16: 18, x0: 2, x1: 0, x2: 0 }), "console_io.entry.xsm");
    const dom0 = (regs: Record<string, bigint | number>) => hcall(xen, regs, undefined, 0);
    const opts = { dom: 0 };
    expectCheck(xen, dom0({ x16: 18, x0: 2, x1: 0, x2: 0 }), "console_io.entry.cmd_unknown", opts);
    const big = dom0({ x16: 18, x0: 1, x1: 0x80000000, x2: 0x2000 });
    expectCheck(xen, big, "console_io.read.count_max", opts);
    expectCheck(xen, dom0({ x16: 18, x0: 0, x1: 4, x2: 0 }), "console_io.write.copy_in", opts);
  });
});
