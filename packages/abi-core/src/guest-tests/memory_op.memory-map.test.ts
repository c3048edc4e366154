/**
 * XENMEM_set_memory_map, XENMEM_memory_map and XENMEM_machine_memory_map (xen/arch/x86/mm.c
 * arch_memory_op; xen/arch/x86/x86_64/compat/mm.c compat_arch_memory_op; Arm's
 * arch_memory_op has none): each check by its id, the map a domain sets and reads back.
 */
import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import type { GuestMode, XenArch } from "../abi/modes.js";
import type { ReleaseRef } from "../machine/release.js";
import { MEMOP_EXTENT_SHIFT } from "../hypercalls/memory_op/constants.js";
import { expectCheck } from "./machine.testing.js";
import { TestGuest } from "./test-guest.testing.js";

const MEMORY_OP = 12;
const SELF = 0x7ff0;
const A = 0x2000;
const BUF = 0x3000;
const OUT = 0x4000;
const HOLE = 0;
const MEMORY_MAP = 9;
const MACHINE_MEMORY_MAP = 10;
const SET_MEMORY_MAP = 13;

function world(mode: GuestMode = "pv64", arch: XenArch = "x86_64", release?: ReleaseRef) {
  const xen = new Xen({ arch, trace: true, ...(release !== undefined && { release }) });
  for (const id of [0, 1, 2]) xen.createDomain({ id, mode, memory: 1 << 20 });
  const g = new TestGuest(xen, 1);
  const cmd = (op: number, start = 0) => BigInt(op) + (BigInt(start) << BigInt(MEMOP_EXTENT_SHIFT));
  /** Three E820 entries (addr, size, type), 20 bytes each, at BUF. */
  const e820 = new Uint8Array(60);
  for (let i = 0; i < 3; i++) {
    const v = new DataView(e820.buffer, i * 20, 20);
    v.setBigUint64(0, BigInt(i) << 20n, true);
    v.setBigUint64(8, 0x1000n * BigInt(i + 1), true);
    v.setUint32(16, i + 1, true);
  }
  g.domain.memory.write(BUF, e820);
  const set = (fields: Record<string, unknown> = {}, map: Record<string, unknown> = {}) => {
    g.put(A, "xen_foreign_memory_map_t", {
      domid: SELF,
      map: { nr_entries: 3, buffer: BUF, ...map },
      ...fields,
    });
    return g.exec(MEMORY_OP, [cmd(SET_MEMORY_MAP), A]);
  };
  const get = (nr: number, buffer = OUT) => {
    g.put(A, "xen_memory_map_t", { nr_entries: nr, buffer });
    return g.exec(MEMORY_OP, [cmd(MEMORY_MAP), A]);
  };
  return { xen, g, cmd, e820, set, get };
}

describe("XENMEM_set_memory_map and XENMEM_memory_map (x86)", () => {
  it("a domain has no E820 map until one is set: -ENOSYS", () => {
    const { xen, get } = world();
    expectCheck(xen, get(8), "memory_op.memory_map.no_e820");
  });

  it("sets its own map, reads back min(nr_entries, nr_e820) entries and that count", () => {
    for (const mode of ["pv64", "pv32", "hvm64", "hvm32"] as const) {
      const { xen, g, e820, set, get } = world(mode);
      set();
      expect(xen.result(1, 0), mode).toBe(0n);
      get(8);
      expect(xen.result(1, 0), mode).toBe(0n);
      expect(g.get(A, "xen_memory_map_t").nr_entries, mode).toBe(3n);
      expect(g.domain.memory.readBytes(OUT, 60), mode).toEqual(e820);
      g.domain.memory.write(OUT, new Uint8Array(60));
      get(2);
      expect(g.get(A, "xen_memory_map_t").nr_entries, mode).toBe(2n);
      expect(g.domain.memory.readBytes(OUT, 60), mode).toEqual(
        Uint8Array.from([...e820.subarray(0, 40), ...new Uint8Array(20)]),
      );
    }
  });

  it("memory_map: copy_in, then the map, then the copy out", () => {
    const { xen, g, cmd, set, get } = world();
    expectCheck(xen, g.exec(MEMORY_OP, [cmd(MEMORY_MAP), HOLE]), "memory_op.memory_map.copy_in");
    set();
    expectCheck(xen, get(3, HOLE), "memory_op.memory_map.copy_out");
    // No entry to copy: a NULL buffer is fine, and the count written back is 0.
    get(0, HOLE);
    expect(xen.result(1, 0)).toBe(0n);
    // An empty map set is no map.
    set({}, { nr_entries: 0 });
    expectCheck(xen, get(3), "memory_op.memory_map.no_e820");
  });

  it("set_memory_map: copy_in, nr_entries above E820MAX, domid, XSM_TARGET, the buffer", () => {
    const { xen, g, cmd, set } = world();
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(SET_MEMORY_MAP), HOLE]),
      "memory_op.set_memory_map.copy_in",
    );
    expectCheck(
      xen,
      set({ domid: 9 }, { nr_entries: 1025 }),
      "memory_op.set_memory_map.nr_entries_max",
    );
    expectCheck(xen, set({ domid: 9 }, { nr_entries: 1024 }), "memory_op.set_memory_map.domid");
    expectCheck(xen, set({ domid: 2 }), "memory_op.set_memory_map.xsm");
    expectCheck(xen, set({}, { buffer: HOLE }), "memory_op.set_memory_map.buffer_copy");
    expect(xen.domain(2).e820).toBe(null);
    expect(xen.domain(1).e820).toBe(null);
  });

  it("the control domain sets another domain's map, which that domain reads", () => {
    const { xen, e820 } = world();
    const dom0 = new TestGuest(xen, 0);
    dom0.domain.memory.write(BUF, e820);
    dom0.put(A, "xen_foreign_memory_map_t", { domid: 1, map: { nr_entries: 3, buffer: BUF } });
    expect(dom0.call(MEMORY_OP, [SET_MEMORY_MAP, A])).toBe(0);
    expect(xen.domain(1).e820).toEqual(e820);
  });

  it("resume bits in cmd match no case of arch_memory_op: -ENOSYS", () => {
    const { xen, g, cmd } = world();
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(MEMORY_MAP, 1), A]),
      "memory_op.memory_map.resume_bits",
    );
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(SET_MEMORY_MAP, 1), A]),
      "memory_op.set_memory_map.resume_bits",
    );
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(MACHINE_MEMORY_MAP, 1), A]),
      "memory_op.machine_memory_map.resume_bits",
    );
  });

  it("Arm's arch_memory_op has none of them: -ENOSYS, whatever the argument", () => {
    const { xen, g, cmd } = world("aarch64", "arm64");
    expectCheck(xen, g.exec(MEMORY_OP, [cmd(MEMORY_MAP), HOLE]), "memory_op.memory_map.arm");
    expectCheck(xen, g.exec(MEMORY_OP, [cmd(SET_MEMORY_MAP), A]), "memory_op.set_memory_map.arm");
    expectCheck(
      xen,
      g.exec(MEMORY_OP, [cmd(MACHINE_MEMORY_MAP), A]),
      "memory_op.machine_memory_map.arm",
    );
  });
});

describe("XENMEM_machine_memory_map (x86): the host's map, for the control domain only", () => {
  it("a domU: XSM_PRIV -EPERM, before the struct is read; a 32-bit guest's compat copy comes first", () => {
    const pv = world();
    expectCheck(
      pv.xen,
      pv.g.exec(MEMORY_OP, [MACHINE_MEMORY_MAP, HOLE]),
      "memory_op.machine_memory_map.xsm",
    );
    const pv32 = world("pv32");
    expectCheck(
      pv32.xen,
      pv32.g.exec(MEMORY_OP, [MACHINE_MEMORY_MAP, HOLE]),
      "memory_op.machine_memory_map.copy_in",
    );
    expectCheck(
      pv32.xen,
      pv32.g.exec(MEMORY_OP, [MACHINE_MEMORY_MAP, A]),
      "memory_op.machine_memory_map.xsm",
    );
  });

  it("an HVM guest reaches it from 4.19 only; the control domain's answer is not modelled", () => {
    const old = world("hvm64", "x86_64", "4.18");
    expectCheck(
      old.xen,
      old.g.exec(MEMORY_OP, [MACHINE_MEMORY_MAP, A]),
      "memory_op.machine_memory_map.hvm",
    );
    const now = world("hvm64", "x86_64", "4.19");
    expectCheck(
      now.xen,
      now.g.exec(MEMORY_OP, [MACHINE_MEMORY_MAP, A]),
      "memory_op.machine_memory_map.xsm",
    );
    const dom0 = new TestGuest(now.xen, 0);
    expect(dom0.exec(MEMORY_OP, [MACHINE_MEMORY_MAP, A]).unmodelled).toMatch(/host's E820/);
  });
});
