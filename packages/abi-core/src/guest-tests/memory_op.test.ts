import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import type { GuestMode, XenArch } from "../abi/modes.js";
import { EACCES, EBUSY, EDOM, EFAULT, EINVAL, ENOENT, ENOSYS, ESRCH } from "../machine/errno.js";
import { TestGuest } from "./test-guest.testing.js";
import { MEMOP_EXTENT_SHIFT } from "../hypercalls/memory_op/constants.js";

const SELF = 0x7ff0;
const A = 0x2000;
const LIST = 0x3000;

function world(mode: GuestMode = "aarch64", arch: XenArch = "arm64", preemptBudget = 4) {
  const xen = new Xen({ arch, preemptBudget });
  xen.createDomain({ id: 1, mode, memory: 1 << 20 });
  xen.createDomain({ id: 2, mode, memory: 1 << 20 });
  return { xen, g: new TestGuest(xen, 1) };
}

function extents(g: TestGuest, gfns: readonly number[]): void {
  const size = g.domain.mode === "pv32" || g.domain.mode === "hvm32" ? 4 : 8;
  const b = new Uint8Array(gfns.length * size);
  const v = new DataView(b.buffer);
  gfns.forEach((x, i) =>
    size === 4 ? v.setUint32(i * 4, x, true) : v.setBigUint64(i * 8, BigInt(x), true),
  );
  g.domain.memory.write(LIST, b);
}

function reservation(g: TestGuest, nr: number, order = 0, domid = SELF): void {
  g.put(A, "xen_memory_reservation_t", {
    extent_start: LIST,
    nr_extents: nr,
    extent_order: order,
    domid,
  });
}

describe("memory_op", () => {
  it("places shared_info at a gfn: Xen's page seen by the guest; -EINVAL for idx != 0; Arm's -EBUSY to move it (4.17+)", () => {
    const { xen, g } = world();
    g.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 0, idx: 1, gpfn: 0x80 });
    expect(g.call(12, [7, A])).toBe(-EINVAL);
    g.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 0, idx: 0, gpfn: 0x80 });
    expect(g.call(12, [7, A])).toBe(0);
    xen.domain(1).sharedInfo[0x100] = 0x5a;
    expect(xen.domain(1).memory.readBytes(0x80100, 1)).toEqual(new Uint8Array([0x5a]));
    g.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 0, idx: 0, gpfn: 0x81 });
    expect(g.call(12, [7, A])).toBe(-EBUSY);
    g.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 4, idx: 0, gpfn: 0x81 });
    expect(g.call(12, [7, A])).toBe(-ENOSYS); // gmfn_foreign: only through the batch
    g.put(A, "xen_add_to_physmap_t", { domid: 9, space: 0, idx: 0, gpfn: 0x81 });
    expect(g.call(12, [7, A])).toBe(-ESRCH);
    expect(g.call(12, [7, 0])).toBe(-EFAULT);
    expect(g.call(12, [7 + (0x10000 << MEMOP_EXTENT_SHIFT), A])).toBe(-EDOM);
  });

  it("x86 moves shared_info; a PV guest cannot place it (-EACCES)", () => {
    const hvm = world("hvm64", "x86_64");
    hvm.g.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 0, idx: 0, gpfn: 0x80 });
    expect(hvm.g.call(12, [7, A])).toBe(0);
    hvm.g.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 0, idx: 0, gpfn: 0x81 });
    expect(hvm.g.call(12, [7, A])).toBe(0);
    expect(hvm.g.domain.memory.hasFrame(0x80)).toBe(false);
    expect(hvm.g.domain.sharedInfoGfn).toBe(0x81);
    const pv = world("pv64", "x86_64");
    pv.g.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 0, idx: 0, gpfn: 0x80 });
    expect(pv.g.call(12, [7, A])).toBe(-EACCES);
  });

  it("decrease_reservation unmaps, populate_physmap maps fresh pages; counts follow", () => {
    const { xen, g } = world();
    const d = xen.domain(1);
    const frames = (1 << 20) / 4096;
    g.put(0x4000, "xen_memory_domain", { domid: SELF });
    expect(g.call(12, [3, 0x4000])).toBe(frames - 1); // current: all but frame 0
    expect(g.call(12, [4, 0x4000])).toBe(frames - 1); // maximum
    d.memory.write(0x40000, new Uint8Array([7]));
    extents(g, [0x40, 0x41]);
    reservation(g, 2);
    expect(g.call(12, [1, A])).toBe(2);
    expect(d.memory.contains(0x40000, 1)).toBe(false);
    expect(g.call(12, [3, 0x4000])).toBe(frames - 3);
    // A frame with nothing mapped stops the loop: 0 extents done.
    reservation(g, 1);
    expect(g.call(12, [1, A])).toBe(0);
    reservation(g, 2);
    expect(g.call(12, [6, A])).toBe(2);
    expect(d.memory.readBytes(0x40000, 1)).toEqual(new Uint8Array([0]));
    // Populating past max_pages stops: the domain is at its limit again.
    extents(g, [0]);
    reservation(g, 1);
    expect(g.call(12, [6, A])).toBe(0);
    expect(g.call(12, [2, 0])).toBe(0x100000);
    expect(g.call(12, [2 + (1 << MEMOP_EXTENT_SHIFT), 0])).toBe(-EINVAL);
  });

  it("keeps the resume extent in cmd's upper bits: preempted every few extents, re-executed to the end", () => {
    const { xen, g } = world("aarch64", "arm64", 2);
    const gfns = Array.from({ length: 10 }, (_, i) => 0x50 + i);
    extents(g, gfns);
    reservation(g, 10);
    g.xen.writeRegister(1, 0, "x16", 12n);
    g.xen.writeRegister(1, 0, "x0", 1n);
    g.xen.writeRegister(1, 0, "x1", BigInt(A));
    const r = xen.execute(1, 0);
    expect(r.continuations).toBeGreaterThan(0);
    expect(Number(xen.result(1, 0))).toBe(10);
    for (const x of gfns) expect(xen.domain(1).memory.hasFrame(x)).toBe(false);
    // A resume extent at or past nr_extents returns it unchanged, with nothing done.
    extents(g, [0x60]);
    reservation(g, 1);
    expect(g.call(12, [1 + (3 << MEMOP_EXTENT_SHIFT), A])).toBe(3);
    expect(xen.domain(1).memory.hasFrame(0x60)).toBe(true);
  });

  it("compat and native agree: a pv32 guest's 4-byte extents do what a pv64 guest's 8-byte ones do", () => {
    for (const mode of ["pv32", "pv64"] as const) {
      const { xen, g } = world(mode, "x86_64");
      extents(g, [0x44, 0x45]);
      reservation(g, 2);
      expect(g.call(12, [1, A])).toBe(2);
      expect([0x43, 0x44, 0x45, 0x46].map((x) => xen.domain(1).memory.hasFrame(x))).toEqual([
        true,
        false,
        false,
        true,
      ]);
    }
  });

  it("remove_from_physmap: -ENOENT for a frame with nothing mapped", () => {
    const { g } = world();
    g.put(A, "xen_remove_from_physmap_t", { domid: SELF, gpfn: 0x30 });
    expect(g.call(12, [15, A])).toBe(0);
    expect(g.call(12, [15, A])).toBe(-ENOENT);
  });
});
