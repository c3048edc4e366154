/**
 * PV VCPUOP_initialise past its checks: the GDT frames typed as descriptor pages and validated
 * (xen/arch/x86/pv/descriptor-tables.c: pv_set_gdt, check_descriptor), the CR3 frames typed as
 * root page tables (xen/arch/x86/domain.c: arch_set_info_guest; xen/arch/x86/mm.c:
 * _get_page_type, promote_l4_table, promote_l3_table), type conflicts between calls, the
 * unwinding of a failure, and the vCPU coming up after success.
 */
import { describe, expect, it } from "vitest";
import type { FieldsInput } from "../machine/structio.js";
import { checkDescriptor } from "../hypercalls/vcpu_op/descriptor.js";
import { A, expectCheck, pteAt, putPte, vcpuWorld, type VcpuWorld } from "./vcpu_op.testing.js";

const INIT = 0;
const UP = 1;
const IS_UP = 3;
const KERNEL = 4;
const ONLINE = 32;
/** A flat 64-bit code segment at DPL 0 (high word 0x00af9a00): present, S, type 0xa. */
const CODE64_DPL0 = [0x0000_ffff, 0x00af_9a00] as const;
/** A present 64-bit TSS descriptor (system type 9): check_descriptor refuses it. */
const TSS = [0x0000_0067, 0x0000_8900] as const;

function world(
  mode: "pv64" | "pv32" = "pv64",
  opts: { vcpus?: number; release?: string; memory?: number; preemptBudget?: number } = {},
) {
  return vcpuWorld(mode, { vcpus: 3, ...opts });
}

/** Descriptor `i` of frame `frame`: its (low, high) words. */
function putDesc(w: VcpuWorld, frame: number, i: number, [a, b]: readonly [number, number]): void {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setUint32(0, a, true);
  new DataView(bytes.buffer).setUint32(4, b, true);
  w.g.domain.memory.write(frame * 4096 + i * 8, bytes);
}
function getDesc(w: VcpuWorld, frame: number, i: number): [number, number] {
  const v = new DataView(w.g.domain.memory.readBytes(frame * 4096 + i * 8, 8)!.buffer);
  return [v.getUint32(0, true), v.getUint32(4, true)];
}
function types(w: VcpuWorld, frame: number) {
  const t = w.g.domain.pageTypes.peek(frame);
  return t === undefined ? undefined : { type: t.type, count: t.count, validated: t.validated };
}
/** vCPU `vcpu` initialised with a 64-bit kernel context: GDT frames, then CR3 and CR1 frames. */
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

describe("PV VCPUOP_initialise: the GDT frames", () => {
  it("a GDT frame is validated: fix-ups written back, the first refused descriptor fails", () => {
    const w = world();
    putDesc(w, 0x11, 0, CODE64_DPL0);
    putDesc(w, 0x12, 0, CODE64_DPL0);
    putDesc(w, 0x12, 5, TSS);
    expectCheck(init(w, 1, [0x11, 0x12], 0x10), "vcpu_op.initialise.pv_gdt_descriptor");
    // DPL 0 raised to 3 (64-bit PV's kernel RPL) in both frames, before the refused descriptor.
    expect(getDesc(w, 0x11, 0)).toEqual([0x0000_ffff, 0x00af_fa00]);
    expect(getDesc(w, 0x12, 0)).toEqual([0x0000_ffff, 0x00af_fa00]);
    // The refused frame is untyped; the one before it was dropped (a descriptor page stays validated).
    expect(types(w, 0x12)).toEqual({ type: "none", count: 0, validated: false });
    expect(types(w, 0x11)).toEqual({ type: "seg_desc", count: 0, validated: true });
    expect(w.xen.domain(1).vcpus[1]!.initialised).toBe(false);
  });

  it("a GDT frame that is not the domain's drops the frames taken before it", () => {
    const w = world();
    expectCheck(init(w, 1, [0x11, 0x1000], 0x10), "vcpu_op.initialise.pv_gdt_frame");
    expect(types(w, 0x11)).toEqual({ type: "seg_desc", count: 0, validated: true });
  });

  it("two vCPUs share a GDT frame (count 2); a frame typed as a page table is no GDT frame", () => {
    const w = world();
    expect(init(w, 1, [0x11], 0x10)).toMatchObject({ rc: 0 });
    expect(init(w, 2, [0x11], 0x10)).toMatchObject({ rc: 0 });
    expect(types(w, 0x11)).toEqual({ type: "seg_desc", count: 2, validated: true });
    expect(types(w, 0x10)).toEqual({ type: "l4", count: 2, validated: true });
    const v = world();
    expect(init(v, 1, [0x11], 0x10).rc).toBe(0);
    expectCheck(init(v, 2, [0x10], 0x12), "vcpu_op.initialise.pv_gdt_type");
  });

  it("a frame written since its count fell to 0 is validated again", () => {
    const w = world();
    expectCheck(init(w, 1, [0x11], 0x1000), "vcpu_op.initialise.pv_cr3");
    expect(types(w, 0x11)).toEqual({ type: "seg_desc", count: 0, validated: true });
    putDesc(w, 0x11, 7, TSS); // in Xen, only through a writable type
    expectCheck(init(w, 1, [0x11], 0x10), "vcpu_op.initialise.pv_gdt_descriptor");
  });
});

describe("PV VCPUOP_initialise: the root page tables", () => {
  it("an empty L4 validates: Xen's slots written (linear map, host entries 0), the vCPU comes up", () => {
    const w = world();
    putPte(w, 0x10, 0, 0xdead_0000n); // not present: kept
    putPte(w, 0x10, 257, 0x1234_5007n); // Xen's slot: overwritten
    expect(init(w, 1, [], 0x10).rc).toBe(0);
    expect(pteAt(w, 0x10, 0)).toBe(0xdead_0000n);
    expect(pteAt(w, 0x10, 258)).toBe((0x10n << 12n) | 0x63n | (1n << 63n));
    expect(pteAt(w, 0x10, 257)).toBe(0n);
    expect(w.op(IS_UP, 1).rc).toBe(0);
    expect(w.op(UP, 1).rc).toBe(0);
    expect(w.op(IS_UP, 1).rc).toBe(1);
    const v = w.xen.domain(1).vcpus[1]!;
    expect(v.pv.guestTable).toBe(0x10);
    // VGCF_online: up at once; flags lose IOPL and gain IF.
    w.g.put(A, "vcpu_guest_context_t", {
      flags: KERNEL | ONLINE,
      ctrlreg: [0, 0, 0, 0x10_000],
      user_regs: { rip: 0x40_0000, rax: 7, r9: 9, rflags: 0x3000 },
    });
    expect(w.op(INIT, 2).rc).toBe(0);
    expect(w.op(IS_UP, 2).rc).toBe(1);
    const v2 = w.xen.domain(1).vcpus[2]!;
    expect([v2.regs.get64(16), v2.regs.get64(0), v2.regs.get64(9)]).toEqual([0x40_0000n, 7n, 9n]);
    expect(v2.cpsr).toBe(0x202);
  });

  it("a CR3 frame typed as a descriptor page fails and drops the new GDT", () => {
    const w = world();
    expectCheck(init(w, 1, [0x11], 0x11), "vcpu_op.initialise.pv_cr3_type");
    expect(types(w, 0x11)).toEqual({ type: "seg_desc", count: 0, validated: true });
    expect(w.xen.domain(1).vcpus[1]!.pv.gdtFrames).toEqual([]);
  });

  it("the user page table: not the domain's, or of another type; the kernel table keeps its reference", () => {
    const w = world();
    const cr1 = (f: number) => ({ ctrlreg: [0, f * 4096, 0, 0x10_000] });
    expectCheck(init(w, 1, [0x11], 0x10, cr1(0x1000)), "vcpu_op.initialise.pv_cr1");
    expect(types(w, 0x10)).toEqual({ type: "l4", count: 1, validated: true });
    expect(types(w, 0x11)).toEqual({ type: "seg_desc", count: 0, validated: true });
    expectCheck(init(w, 1, [0x11], 0x10, cr1(0x11)), "vcpu_op.initialise.pv_cr1_type");
    expect(init(w, 1, [0x11], 0x10, cr1(0x12)).rc).toBe(0);
    expect(types(w, 0x12)).toEqual({ type: "l4", count: 1, validated: true });
    expect(w.xen.domain(1).vcpus[1]!.pv.guestTableUser).toBe(0x12);
  });

  it("a preempted validation goes on in continuations; the call leaves the GDT taken once", () => {
    const w = world("pv64", { preemptBudget: 0 });
    putDesc(w, 0x11, 0, CODE64_DPL0);
    putPte(w, 0x10, 3, 0x2_0067n); // an L3: promote_l3_table preempts before each slot past 0
    const r = init(w, 1, [0x11], 0x10);
    expect([r.rc, r.continuations]).toEqual([0, 511]);
    expect(types(w, 0x10)).toEqual({ type: "l4", count: 1, validated: true });
    expect(types(w, 0x20)).toEqual({ type: "l3", count: 1, validated: true });
    expect(types(w, 0x11)).toEqual({ type: "seg_desc", count: 1, validated: true });
  });

  it("32-bit PV: an L3 without slot 3 fails, entries 4-511 cleared, held until the caller's next call", () => {
    const w = world("pv32");
    const ctx = { flags: KERNEL, ctrlreg: [0, 0, 0, 0x10_000] };
    putPte(w, 0x10, 9, 0x5_0001n);
    w.g.put(A, "vcpu_guest_context_t", ctx);
    expectCheck(w.op(INIT, 1), "vcpu_op.initialise.pv32_l3_slot3");
    expect(pteAt(w, 0x10, 9)).toBe(0n);
    expect(types(w, 0x10)).toEqual({ type: "l3", count: 1, validated: false });
    expect(w.xen.domain(1).vcpus[0]!.pv.oldGuestTable).toBe(0x10);
    // The next call's put_old_guest_table(current) drops it before typing anything.
    expectCheck(w.op(INIT, 1), "vcpu_op.initialise.pv32_l3_slot3");
    expect(types(w, 0x10)).toEqual({ type: "l3", count: 1, validated: false });
    putPte(w, 0x10, 3, 0x6_0001n); // an empty L2, taken as PGT_pae_xen_l2
    expect(w.op(INIT, 1).rc).toBe(0);
    expect(types(w, 0x10)).toEqual({ type: "l3", count: 1, validated: true });
    expect(w.xen.domain(1).vcpus[0]!.pv.oldGuestTable).toBe(null);
    expect(pteAt(w, 0x10, 3)).toBe(0x6_0007n); // adjust_guest_l3e: _PAGE_USER | _PAGE_RW
  });

  it("32-bit PV from 4.19: an L3 at or above 4 GiB needs pae_extended_cr3", () => {
    const memory = 2 ** 32 + 2 ** 20;
    // compat_cr3_to_pfn: cr3 bit 0 is pfn bit 20.
    const ctx = { flags: KERNEL, ctrlreg: [0, 0, 0, 1] };
    const w = world("pv32", { memory });
    w.g.put(A, "vcpu_guest_context_t", ctx);
    expectCheck(w.op(INIT, 1), "vcpu_op.initialise.pv32_l3_above_4g");
    expect(types(w, 0x10_0000)).toEqual({ type: "none", count: 0, validated: false });
    const old = world("pv32", { memory, release: "4.18" });
    old.g.put(A, "vcpu_guest_context_t", ctx);
    expectCheck(old.op(INIT, 1), "vcpu_op.initialise.pv32_l3_slot3");
  });
});

describe("check_descriptor", () => {
  it("not present, or type 0, passes as written", () => {
    expect(checkDescriptor(false, 1, 0x0000_0100)).toEqual([1, 0x100]);
    expect(checkDescriptor(false, 1, 0x0000_8000)).toEqual([1, 0x8000]);
  });

  it("a 64-bit call gate: DPL moved into the selector's RPL, its own DPL 0", () => {
    // Selector 0x0010, DPL 3 (0xec00 present, type 0xc): cs RPL 3, b's DPL cleared.
    expect(checkDescriptor(false, 0x0010_1000, 0x0000_ec00)).toEqual([0x0013_1000, 0x0000_8c00]);
    // A DPL below the kernel's RPL is raised first (64-bit: 3; 32-bit: 1).
    expect(checkDescriptor(true, 0x0010_1000, 0x0000_8c00)).toEqual([0x0011_1000, 0x0000_8c00]);
    expect(checkDescriptor(false, 0xe033_0000, 0x0000_8c00)).not.toBeNull(); // FLAT_KERNEL_CS
    expect(checkDescriptor(false, 0xe02b_0000, 0x0000_8c00)).toBeNull(); // Xen's GDT
    expect(checkDescriptor(false, 0xe02c_0000, 0x0000_8c00)).not.toBeNull(); // an LDT selector
    expect(checkDescriptor(true, 0xe019_0000, 0x0000_8c00)).not.toBeNull(); // FLAT_COMPAT_KERNEL_CS
    expect(checkDescriptor(false, 0x0010_0000, 0x0000_8c01)).toBeNull(); // reserved bits
    expect(checkDescriptor(false, 0x0010_0000, 0x0000_8c1f)).toBeNull();
    expect(checkDescriptor(true, 0x0010_0000, 0x0000_8c20)).toBeNull();
    expect(checkDescriptor(true, 0x0010_0000, 0x0000_8c1f)).not.toBeNull(); // 32-bit: bits 0-4 free
  });

  it("other system descriptors are refused", () => {
    expect(checkDescriptor(false, ...TSS)).toBeNull();
    expect(checkDescriptor(false, 0, 0x0000_8e00)).toBeNull(); // interrupt gate
  });

  it("32-bit PV: L refused; a flat segment past hv_compat_vstart is stretched to 4 GiB", () => {
    expect(checkDescriptor(true, ...CODE64_DPL0)).toBeNull();
    // Base 0, limit 0xf67ff pages (0xf6800000 bytes) with G: stretched; DPL 0 raised to 1.
    expect(checkDescriptor(true, 0x0000_67ff, 0x00cf_9a00)).toEqual([0x0000_ffff, 0x00cf_ba00]);
    expect(checkDescriptor(true, 0x0000_5800, 0x00c5_9a00 | 0xf_0000)).toEqual([
      0x0000_ffff, 0x00cf_ba00,
    ]);
    // Limit exactly hv_compat_vstart (0xf57ff pages + 1): kept.
    expect(checkDescriptor(true, 0x0000_57ff, 0x00cf_ba00)).toEqual([0x0000_57ff, 0x00cf_ba00]);
    // A base other than 0: kept.
    expect(checkDescriptor(true, 0x0001_ffff, 0x00cf_ba00)).toEqual([0x0001_ffff, 0x00cf_ba00]);
  });
});
