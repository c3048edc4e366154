/**
 * PV VCPUOP_initialise with present page-table entries (xen/arch/x86/mm.c: promote_l4_table ..
 * promote_l1_table, get_page_from_l1e .. get_page_from_l4e, the linear page tables, the demotes,
 * put_old_guest_table; xen/arch/x86/pv/mm.h: adjust_guest_l*e): a 64-bit four-level table and a
 * 32-bit PAE one validated with the entries Xen adjusts, each refusal by its check, type
 * conflicts with the GDT and writable mappings, and what a failure leaves.
 */
import { describe, expect, it } from "vitest";
import type { FieldsInput } from "../machine/structio.js";
import { A, expectCheck, pteAt, putPte, vcpuWorld, type VcpuWorld } from "./vcpu_op.testing.js";

const INIT = 0;
const KERNEL = 4;
const GK = 1n << 52n; // _PAGE_GUEST_KERNEL

function types(w: VcpuWorld, frame: number) {
  const t = w.g.domain.pageTypes.peek(frame);
  return t === undefined ? undefined : [t.type, t.count, t.validated];
}
function init(w: VcpuWorld, vcpu: number, gdt: number[], cr3: number, extra: FieldsInput = {}) {
  w.g.put(A, "vcpu_guest_context_t", {
    flags: KERNEL,
    gdt_ents: gdt.length * 512,
    gdt_frames: gdt,
    ctrlreg: [0, 0, 0, cr3 * 4096],
    ...extra,
  });
  return w.op(INIT, vcpu);
}
const pte = (frame: number, flags: number): bigint => (BigInt(frame) << 12n) | BigInt(flags);

/** L4 0x10 -> L3 0x20 -> L2 0x21 -> L1 0x22: 0x30 read-only, 0x31 writable, 0x32 user read-only. */
function tree(w: VcpuWorld): void {
  putPte(w, 0x10, 0, pte(0x20, 3));
  putPte(w, 0x20, 0, pte(0x21, 3));
  putPte(w, 0x21, 0, pte(0x22, 3));
  putPte(w, 0x22, 0, pte(0x30, 1));
  putPte(w, 0x22, 1, pte(0x31, 3));
  putPte(w, 0x22, 2, pte(0x32, 5));
}

describe("64-bit PV: a four-level table", () => {
  it("validates each level, takes a writable type for the RW mapping, and writes Xen's adjustments", () => {
    const w = vcpuWorld("pv64", { vcpus: 3 });
    tree(w);
    expect(init(w, 1, [], 0x10).rc).toBe(0);
    expect(types(w, 0x10)).toEqual(["l4", 1, true]);
    expect(types(w, 0x20)).toEqual(["l3", 1, true]);
    expect(types(w, 0x21)).toEqual(["l2", 1, true]);
    expect(types(w, 0x22)).toEqual(["l1", 1, true]);
    expect(types(w, 0x31)).toEqual(["writable", 1, true]);
    expect(types(w, 0x30)).toBeUndefined(); // read-only: a general reference only
    expect(pteAt(w, 0x10, 0)).toBe(pte(0x20, 0x27)); // adjust_guest_l4e: accessed, user
    expect(pteAt(w, 0x20, 0)).toBe(pte(0x21, 7)); // adjust_guest_l3e / l2e: user
    expect(pteAt(w, 0x21, 0)).toBe(pte(0x22, 7));
    expect(pteAt(w, 0x22, 0)).toBe(pte(0x30, 5) | GK); // a kernel mapping: user, guest-kernel
    expect(pteAt(w, 0x22, 1)).toBe(pte(0x31, 7) | GK);
    expect(pteAt(w, 0x22, 2)).toBe(pte(0x32, 0x105)); // a user mapping: global
    // A second vCPU shares the tree: only the root's count moves.
    expect(init(w, 2, [], 0x10).rc).toBe(0);
    expect([types(w, 0x10), types(w, 0x20), types(w, 0x31)]).toEqual([
      ["l4", 2, true],
      ["l3", 1, true],
      ["writable", 1, true],
    ]);
  });

  it("a writable mapping of a GDT frame or of a table is refused; what came before is dropped", () => {
    const w = vcpuWorld("pv64", { vcpus: 3 });
    tree(w);
    putPte(w, 0x22, 3, pte(0x11, 3));
    expectCheck(init(w, 1, [0x11], 0x10), "vcpu_op.initialise.pv_l1_writable");
    for (const f of [0x10, 0x20, 0x21, 0x22]) expect(types(w, f)?.slice(1)).toEqual([0, false]);
    expect(types(w, 0x31)).toEqual(["writable", 0, true]);
    expect(types(w, 0x11)).toEqual(["seg_desc", 0, true]);
    expect(pteAt(w, 0x22, 1)).toBe(pte(0x31, 7) | GK); // the adjustments before stay written
    putPte(w, 0x22, 3, pte(0x11, 1)); // read-only: fine
    expect(init(w, 1, [0x11], 0x10).rc).toBe(0);
    const v = vcpuWorld("pv64");
    tree(v);
    putPte(v, 0x22, 3, pte(0x21, 3)); // the L2 mapped writable
    expectCheck(init(v, 1, [], 0x10), "vcpu_op.initialise.pv_l1_writable");
    // A frame mapped writable is no table: another vCPU's CR3 conflicts.
    const u = vcpuWorld("pv64", { vcpus: 3 });
    tree(u);
    expect(init(u, 1, [], 0x10).rc).toBe(0);
    expectCheck(init(u, 2, [], 0x31), "vcpu_op.initialise.pv_cr3_type");
  });

  it("L1 frames: not RAM (-EPERM), INVALID_MFN (-EINVAL), another owner's (-EBUSY), refused flags", () => {
    const l1 = (e: bigint) => {
      const w = vcpuWorld("pv64");
      tree(w);
      putPte(w, 0x22, 5, e);
      const r = init(w, 1, [], 0x10);
      expect(types(w, 0x31)).toEqual(["writable", 0, true]); // slot 1's type given back
      return r;
    };
    expectCheck(l1(pte(0x10_0000, 1)), "vcpu_op.initialise.pv_l1_iomem");
    expectCheck(l1((((1n << 40n) - 1n) << 12n) | 1n), "vcpu_op.initialise.pv_l1_invalid_mfn");
    expectCheck(l1(pte(0x100, 1)), "vcpu_op.initialise.pv_l1_owner");
    expectCheck(l1(pte(0x30, 0x11)), "vcpu_op.initialise.pv_l1_flags"); // PCD
    expectCheck(l1(pte(0x30, 1) | (1n << 62n)), "vcpu_op.initialise.pv_l1_flags"); // _PAGE_GNTTAB
    // The global bit is allowed in an L1, bits 52-62 (but 62) and NX too.
    const w = vcpuWorld("pv64");
    tree(w);
    putPte(w, 0x22, 5, pte(0x33, 0x101) | (1n << 63n) | (1n << 53n));
    expect(init(w, 1, [], 0x10).rc).toBe(0);
  });

  it("L2-L4 entries: refused flags (PSE superpages, PCD), a frame not the domain's, a type conflict", () => {
    const at = (table: number, slot: number, e: bigint) => {
      const w = vcpuWorld("pv64");
      tree(w);
      putPte(w, table, slot, e);
      return init(w, 1, [0x11], 0x10);
    };
    expectCheck(at(0x21, 1, pte(0x40, 0x83)), "vcpu_op.initialise.pv_pte_flags"); // 2M superpage
    expectCheck(at(0x20, 1, pte(0x40, 0x83)), "vcpu_op.initialise.pv_pte_flags"); // 1G superpage
    expectCheck(at(0x10, 1, pte(0x40, 0x13)), "vcpu_op.initialise.pv_pte_flags"); // PCD
    expectCheck(at(0x20, 1, pte(0x100, 3)), "vcpu_op.initialise.pv_pte_frame");
    expectCheck(at(0x21, 1, pte(0x11, 1)), "vcpu_op.initialise.pv_pte_type"); // GDT frame as L1
    expectCheck(at(0x20, 1, pte(0x22, 1)), "vcpu_op.initialise.pv_pte_type"); // the L1 as an L2
    // Bit 62 and the available bits are allowed above the L1.
    const w = vcpuWorld("pv64");
    tree(w);
    putPte(w, 0x21, 1, pte(0x23, 0xe03) | (1n << 62n));
    expect(init(w, 1, [], 0x10).rc).toBe(0);
    expect(types(w, 0x23)).toEqual(["l1", 1, true]);
  });

  it("a failure past slot 0 leaves the table partly validated with the caller until its next call", () => {
    const w = vcpuWorld("pv64");
    tree(w);
    putPte(w, 0x10, 1, pte(0x100, 3));
    expectCheck(init(w, 1, [], 0x10), "vcpu_op.initialise.pv_pte_frame");
    expect(types(w, 0x10)).toEqual(["l4", 1, false]);
    expect(types(w, 0x20)).toEqual(["l3", 1, true]); // slot 0's tree stays taken
    expect(types(w, 0x31)).toEqual(["writable", 1, true]);
    expect(w.xen.domain(1).vcpus[0]!.pv.oldGuestTable).toBe(0x10);
    expect(pteAt(w, 0x10, 0)).toBe(pte(0x20, 0x27)); // an L4 keeps its adjustments
    // The next call drops it all first (put_old_guest_table), then fails at once.
    expectCheck(init(w, 1, [], 0x100), "vcpu_op.initialise.pv_cr3");
    for (const f of [0x10, 0x20, 0x21, 0x22, 0x31]) expect(types(w, f)?.[1]).toBe(0);
    expect(w.xen.domain(1).vcpus[0]!.pv.oldGuestTable).toBe(null);
  });

  it("a deeper table failing past slot 0 is held, and its L3 failing at slot 0 is untyped", () => {
    const w = vcpuWorld("pv64");
    tree(w);
    putPte(w, 0x21, 1, pte(0x100, 3)); // the L2 fails at slot 1
    expectCheck(init(w, 1, [], 0x10), "vcpu_op.initialise.pv_pte_frame");
    expect(types(w, 0x21)).toEqual(["l2", 1, false]);
    expect(types(w, 0x22)).toEqual(["l1", 1, true]);
    expect([types(w, 0x20), types(w, 0x10)]).toEqual([
      ["none", 0, false],
      ["none", 0, false],
    ]);
    expect(w.xen.domain(1).vcpus[0]!.pv.oldGuestTable).toBe(0x21);
    expect(init(w, 1, [], 0x40).rc).toBe(0); // an empty L4; the held L2 dropped first
    expect([types(w, 0x21)?.[1], types(w, 0x22)?.[1], types(w, 0x31)?.[1]]).toEqual([0, 0, 0]);
  });

  it("an L4 failing past slot 0 below a deeper partial table it does not name: release forgets it, debug stops", () => {
    const build = (opts: { debug?: boolean; release?: string }) => {
      const w = vcpuWorld("pv64", opts);
      putPte(w, 0x10, 1, pte(0x20, 3)); // L4 slot 1 -> L3 0x20, whose slot 0 -> L2 0x21
      putPte(w, 0x20, 0, pte(0x21, 3));
      putPte(w, 0x21, 0, pte(0x22, 3)); // the L2 fails at slot 1: the GDT frame is no L1
      putPte(w, 0x21, 1, pte(0x11, 3));
      return w;
    };
    const w = build({});
    expectCheck(init(w, 1, [0x11], 0x10), "vcpu_op.initialise.pv_pte_type");
    expect([types(w, 0x10), types(w, 0x20), types(w, 0x21), types(w, 0x11)]).toEqual([
      ["l4", 1, false],
      ["none", 0, false],
      ["l2", 1, false],
      ["seg_desc", 0, true],
    ]);
    expect(w.xen.domain(1).vcpus[0]!.pv.oldGuestTable).toBe(0x10);
    expectCheck(init(w, 1, [], 0x100), "vcpu_op.initialise.pv_cr3"); // the L4 dropped
    expect([types(w, 0x10)?.[1], types(w, 0x21)]).toEqual([0, ["l2", 1, false]]); // held by none
    // Taken again, the L2 resumes at slot 1, whose frame is free now.
    putPte(w, 0x40, 0, pte(0x41, 3));
    putPte(w, 0x41, 0, pte(0x21, 3));
    expect(init(w, 1, [], 0x40).rc).toBe(0);
    expect([types(w, 0x21), types(w, 0x22), types(w, 0x11)]).toEqual([
      ["l2", 1, true],
      ["l1", 1, true],
      ["l1", 1, true],
    ]);
    expect(init(build({ debug: true }), 1, [0x11], 0x10).um).toMatch(/ASSERT_UNREACHABLE/);
    const old = build({ release: "4.12" });
    putPte(old, 0x10, 0, pte(0x20, 3));
    putPte(old, 0x10, 1, 0n);
    putPte(old, 0x20, 1, pte(0x21, 3)); // the L3 fails past slot 0 below the partial L2
    putPte(old, 0x20, 0, 0n);
    expect(init(old, 1, [0x11], 0x10).um).toMatch(/4.12's own bookkeeping/);
  });

  it("a partly validated table written by the guest is unmodelled when taken again", () => {
    const w = vcpuWorld("pv64");
    putPte(w, 0x10, 1, pte(0x20, 3));
    putPte(w, 0x20, 0, pte(0x21, 3));
    putPte(w, 0x21, 1, pte(0x100, 3)); // the L2 fails at slot 1, then the L4 forgets it
    expectCheck(init(w, 1, [], 0x10), "vcpu_op.initialise.pv_pte_frame");
    expect(types(w, 0x21)).toEqual(["l2", 1, false]);
    putPte(w, 0x21, 1, pte(0x22, 3)); // a write Xen's guest could not make: the L2 is typed
    putPte(w, 0x40, 0, pte(0x41, 3));
    putPte(w, 0x41, 0, pte(0x21, 3));
    expect(init(w, 1, [], 0x40).um).toMatch(/that the guest wrote since/);
  });

  it("preempted once a budget of tables is validated: the L2 and L3 go on where they stopped", () => {
    const w = vcpuWorld("pv64", { preemptBudget: 1 });
    tree(w);
    putPte(w, 0x21, 1, pte(0x23, 3)); // two more L1s under the L2
    putPte(w, 0x21, 2, pte(0x24, 3));
    const r = init(w, 1, [0x11], 0x10);
    // Invocations: L1 0x22 | L1 0x23 | L1 0x24 | the L2's other slots, the L3 preempted at
    // slot 1 | the L3's slots 1-511 and the L4.
    expect([r.rc, r.continuations]).toEqual([0, 4]);
    for (const f of [0x22, 0x23, 0x24]) expect(types(w, f)).toEqual(["l1", 1, true]);
    expect([types(w, 0x21), types(w, 0x20), types(w, 0x10), types(w, 0x11)]).toEqual([
      ["l2", 1, true],
      ["l3", 1, true],
      ["l4", 1, true],
      ["seg_desc", 1, true],
    ]);
    expect(pteAt(w, 0x21, 2)).toBe(pte(0x24, 7));
  });

  it("a preempted user table: the kernel table waits in the vCPU's old_guest_table, taken once", () => {
    const w = vcpuWorld("pv64", { preemptBudget: 2 });
    putPte(w, 0x40, 0, pte(0x41, 3)); // the user L4 -> L3 0x41 -> L2 0x42 -> L1s 0x43, 0x44
    putPte(w, 0x41, 0, pte(0x42, 3));
    putPte(w, 0x42, 0, pte(0x43, 3));
    putPte(w, 0x42, 1, pte(0x44, 3));
    const r = init(w, 1, [], 0x10, { ctrlreg: [0, 0x40_000, 0, 0x10_000] });
    expect([r.rc, r.continuations]).toEqual([0, 2]);
    expect([types(w, 0x10), types(w, 0x40), types(w, 0x44)]).toEqual([
      ["l4", 1, true],
      ["l4", 1, true],
      ["l1", 1, true],
    ]);
    const v = w.xen.domain(1).vcpus[1]!.pv;
    expect([v.guestTable, v.guestTableUser, v.oldGuestTable]).toEqual([0x10, 0x40, null]);
  });

  it("linear page tables: the table itself or another validated one, read-only, one way only", () => {
    const w = vcpuWorld("pv64", { vcpus: 4 });
    putPte(w, 0x10, 1, pte(0x10, 1)); // itself, read-only
    expect(init(w, 1, [], 0x10).rc).toBe(0);
    expect(types(w, 0x10)).toEqual(["l4", 1, true]);
    putPte(w, 0x40, 0, pte(0x10, 1)); // another validated L4
    expect(init(w, 2, [], 0x40).rc).toBe(0);
    expect(types(w, 0x10)).toEqual(["l4", 2, true]);
    expect(w.g.domain.pageTypes.peek(0x10)!.linear).toBe(-1);
    expect(w.g.domain.pageTypes.peek(0x40)!.linear).toBe(1);
    putPte(w, 0x50, 0, pte(0x40, 1)); // 0x40 holds linear entries: it cannot be one
    expectCheck(init(w, 3, [], 0x50), "vcpu_op.initialise.pv_pte_type");
    const v = vcpuWorld("pv64");
    putPte(v, 0x10, 1, pte(0x10, 3)); // writable: refused
    expectCheck(init(v, 1, [], 0x10), "vcpu_op.initialise.pv_pte_type");
  });

  it("a table in use that the guest wrote is unmodelled; one whose count fell to 0 is validated again", () => {
    const w = vcpuWorld("pv64", { vcpus: 4 });
    tree(w);
    expect(init(w, 1, [], 0x10).rc).toBe(0);
    putPte(w, 0x22, 7, pte(0x33, 1)); // below the root: nothing takes the L1 again
    expect(init(w, 2, [], 0x10).rc).toBe(0);
    putPte(w, 0x10, 7, pte(0x33, 1)); // the root, taken again by the next vCPU
    const r = init(w, 3, [], 0x10);
    expect(r.um).toMatch(/in use or partly validated that the guest wrote since/);
    expect(types(w, 0x10)).toEqual(["l4", 2, true]);
    const v = vcpuWorld("pv64");
    tree(v);
    putPte(v, 0x10, 1, pte(0x100, 3));
    expectCheck(init(v, 1, [], 0x10), "vcpu_op.initialise.pv_pte_frame");
    expectCheck(init(v, 1, [], 0x100), "vcpu_op.initialise.pv_cr3"); // all dropped
    putPte(v, 0x10, 1, 0n);
    putPte(v, 0x22, 7, pte(0x11, 3));
    expect(init(v, 1, [], 0x10).rc).toBe(0);
    expect(types(v, 0x11)).toEqual(["writable", 1, true]);
  });
});

describe("32-bit PV: a PAE L3", () => {
  function pae(w: VcpuWorld): void {
    putPte(w, 0x10, 3, pte(0x21, 1)); // the L2 with Xen's compat mappings
    putPte(w, 0x10, 0, pte(0x20, 1));
    putPte(w, 0x21, 0, pte(0x22, 0x63));
    putPte(w, 0x21, 500, pte(0x23, 0x63)); // Xen's slot: not validated, overwritten
    putPte(w, 0x22, 0, pte(0x30, 3));
  }
  const ctx = { flags: KERNEL, ctrlreg: [0, 0, 0, 0x10_000] };

  it("validates slots 0-3, adjusts L3 entries only, and writes Xen's slots of the slot-3 L2", () => {
    const w = vcpuWorld("pv32", { vcpus: 3 });
    pae(w);
    w.g.put(A, "vcpu_guest_context_t", ctx);
    expect(w.op(INIT, 1).rc).toBe(0);
    expect([types(w, 0x10), types(w, 0x20), types(w, 0x21), types(w, 0x22)]).toEqual([
      ["l3", 1, true],
      ["l2", 1, true],
      ["l2", 1, true],
      ["l1", 1, true],
    ]);
    expect(w.g.domain.pageTypes.peek(0x21)!.paeXenL2).toBe(true);
    expect(types(w, 0x30)).toEqual(["writable", 1, true]);
    expect(types(w, 0x23)).toBeUndefined();
    expect([pteAt(w, 0x10, 0), pteAt(w, 0x10, 3)]).toEqual([pte(0x20, 7), pte(0x21, 7)]);
    expect([pteAt(w, 0x21, 0), pteAt(w, 0x21, 500)]).toEqual([pte(0x22, 0x63), 0n]);
    expect(pteAt(w, 0x22, 0)).toBe(pte(0x30, 3)); // no L1 adjustment for 32-bit guests
  });

  it("a slot-3 L2 another L3 holds is refused; from 4.14 the L2 keeps each refused call's reference", () => {
    for (const [release, after] of [
      ["4.22", 3],
      ["4.13", 1],
    ] as const) {
      const w = vcpuWorld("pv32", { vcpus: 3, release });
      pae(w);
      putPte(w, 0x40, 3, pte(0x21, 1));
      putPte(w, 0x40, 1, pte(0x24, 1));
      w.g.put(A, "vcpu_guest_context_t", ctx);
      expect(w.op(INIT, 1).rc).toBe(0);
      w.g.put(A, "vcpu_guest_context_t", { ...ctx, ctrlreg: [0, 0, 0, 0x40_000] });
      expectCheck(w.op(INIT, 2), "vcpu_op.initialise.pv32_l3_slot3_shared");
      expect(types(w, 0x40)).toEqual(["l3", 1, false]);
      expect(pteAt(w, 0x40, 1)).toBe(pte(0x24, 1)); // the adjustment taken back
      expectCheck(w.op(INIT, 2), "vcpu_op.initialise.pv32_l3_slot3_shared"); // dropped, then again
      w.g.put(A, "vcpu_guest_context_t", { ...ctx, ctrlreg: [0, 0, 0, 0x100_000] });
      expectCheck(w.op(INIT, 2), "vcpu_op.initialise.pv_cr3");
      expect([types(w, 0x24)?.[1], types(w, 0x21)?.[1]], release).toEqual([0, after]);
    }
  });

  it("the slot-3 L2 elsewhere in the L3 conflicts; the PAE L3 refuses NX; no linear L3", () => {
    const at = (slot: number, e: bigint) => {
      const w = vcpuWorld("pv32");
      pae(w);
      putPte(w, 0x10, slot, e);
      w.g.put(A, "vcpu_guest_context_t", ctx);
      return w.op(INIT, 1);
    };
    expectCheck(at(0, pte(0x21, 1)), "vcpu_op.initialise.pv_pte_type");
    expectCheck(at(1, pte(0x24, 1) | (1n << 63n)), "vcpu_op.initialise.pv_pte_flags");
    expectCheck(at(1, pte(0x10, 1)), "vcpu_op.initialise.pv_pte_type");
  });
});
