/**
 * VCPUOP_initialise and its interplay with up / is_up / down, through a booted machine with
 * tracing on: each check of the record fails with its errno and its id (xen/common/domain.c,
 * xen/arch/x86/domain.c: arch_set_info_guest, xen/arch/x86/hvm/domain.c).
 */
import { describe, expect, it } from "vitest";
import type { FieldsInput } from "../machine/structio.js";
import { A, expectCheck, vcpuWorld, type VcpuWorld } from "./vcpu_op.testing.js";

const INIT = 0;
const UP = 1;
const DOWN = 2;
const IS_UP = 3;
const world = vcpuWorld;
type World = VcpuWorld;

const HVM64_OK = { mode: 1, cpu_regs: {} } as const;
/** A long-mode context: paging, PAE, LME; rip canonical. */
const X86_64_REGS = {
  rip: 0x10_0000,
  rsp: 0x8000,
  rax: 0x1234_5678_9abc,
  rflags: 0xffff_ffff_ffff_ffffn,
  cr0: 0x8000_0011,
  cr3: 0x5000,
  cr4: 0x20,
  efer: 0x100,
};
/** A flat protected-mode context: 4 GiB code, data, stack, a busy TSS. */
const X86_32_REGS = {
  eip: 0x1000,
  esp: 0x9000,
  ebx: 7,
  eflags: 0x2,
  cr0: 0x11,
  cs_limit: 0xfffff,
  ds_limit: 0xfffff,
  ss_limit: 0xfffff,
  es_limit: 0xfffff,
  tr_limit: 0x67,
  cs_ar: 0xc9b,
  ds_ar: 0xc93,
  ss_ar: 0xc93,
  es_ar: 0xc93,
  tr_ar: 0x8b,
};

/** A 64-bit PV kernel-mode context whose frames the checks accept (cr3 names frame 0x10). */
const PV_OK = { flags: 4 | 32, ctrlreg: [0, 0, 0, 0x10_000] };

function putHvm64(w: World, regs: FieldsInput, ctx: FieldsInput = {}): void {
  w.g.put(A, "vcpu_hvm_context_t", { ...HVM64_OK, ...ctx });
  // cpu_regs is a union: the 64-bit registers sit at its offset (8).
  w.g.put(A + 8, "xen_vcpu_hvm_x86_64_t", { ...X86_64_REGS, ...regs });
}

function putHvm32(w: World, regs: FieldsInput, ctx: FieldsInput = {}): void {
  w.g.put(A, "vcpu_hvm_context_t", { mode: 0, cpu_regs: { ...X86_32_REGS, ...regs }, ...ctx });
}

/** VCPUOP_initialise of vCPU 1 with a 64B context on world w. */
function hvm64(w: World, regs: FieldsInput, ctx: FieldsInput) {
  putHvm64(w, regs, ctx);
  return w.op(INIT, 1);
}

/** VCPUOP_initialise of vCPU 1 with a 32B context, on a fresh machine. */
function hvm32(regs: FieldsInput) {
  const w = world("hvm64");
  putHvm32(w, regs);
  return w.op(INIT, 1);
}

describe("VCPUOP_initialise, HVM", () => {
  it("64B: sets the registers, leaves the vCPU down until VCPUOP_up; a second call is -EEXIST", () => {
    const w = world("hvm64");
    putHvm64(w, {});
    expectCheck(w.op(UP, 1), "vcpu_op.up.not_initialised");
    expect(w.op(INIT, 1).rc).toBe(0);
    const v = w.xen.domain(1).vcpus[1]!;
    expect(v.regs.get64(16)).toBe(0x10_0000n); // rip
    expect(v.regs.get64(0)).toBe(0x1234_5678_9abcn); // rax
    expect(v.regs.get64(7)).toBe(0x8000n); // rsp
    expect(v.cpsr).toBe(0x3f7fd7); // 4.22: (rflags & X86_EFLAGS_ALL) | X86_EFLAGS_MBS
    expect(v.hvmControl).toEqual({ cr0: 0x8000_0011n, cr3: 0x5000n, cr4: 0x20n, efer: 0x500n });
    expect(w.op(IS_UP, 1).rc).toBe(0);
    expectCheck(w.op(INIT, 1), "vcpu_op.initialise.already");
    expectCheck(w.op(INIT, 0), "vcpu_op.initialise.already"); // vCPU 0 was built with a context
    expect(w.op(UP, 1).rc).toBe(0);
    expect(w.op(IS_UP, 1).rc).toBe(1);
    expect(w.op(DOWN, 1).rc).toBe(0);
    expect(w.op(IS_UP, 1).rc).toBe(0);
    expect(w.op(UP, 1).rc).toBe(0); // still initialised: up again
    expect(w.op(IS_UP, 1).rc).toBe(1);
  });

  it("before 4.22 the flags are taken as given", () => {
    const w = world("hvm64", { release: "4.21" });
    putHvm64(w, { rflags: 0x1_0000_0000n });
    expect(w.op(INIT, 1).rc).toBe(0);
    expect(w.xen.domain(1).vcpus[1]!.cpsr).toBe(0);
    const w22 = world("hvm64");
    putHvm64(w22, { rflags: 0x1_0000_0000n });
    expect(w22.op(INIT, 1).rc).toBe(0);
    expect(w22.xen.domain(1).vcpus[1]!.cpsr).toBe(2);
  });

  it("64B: each check in Xen's order", () => {
    const w = world("hvm64");
    expectCheck(hvm64(w, {}, { pad: 1 }), "vcpu_op.initialise.hvm_pad");
    expectCheck(hvm64(w, {}, { mode: 2 }), "vcpu_op.initialise.hvm_mode");
    expectCheck(hvm64(w, { rip: 0x0000_8000_0000_0000n }, {}), "vcpu_op.initialise.hvm64_rip");
    expectCheck(
      hvm64(w, { rip: 0x0000_8000_0000_0000n, cr0: 0 }, {}),
      "vcpu_op.initialise.hvm64_rip",
    );
    expectCheck(hvm64(w, { cr0: 0x11 }, {}), "vcpu_op.initialise.hvm64_cr0_pg");
    expectCheck(hvm64(w, { cr4: 0x80 }, {}), "vcpu_op.initialise.hvm64_cr4_pae");
    expectCheck(hvm64(w, { efer: 0x800 }, {}), "vcpu_op.initialise.hvm64_efer_lme");
    expectCheck(hvm64(w, { cr4: 0x20 | 0x800 }, {}), "vcpu_op.initialise.hvm_cr4"); // UMIP: not on the machine's CPU
    expectCheck(hvm64(w, { cr4: 0x20 | 0x2000 }, {}), "vcpu_op.initialise.hvm_cr4"); // VMXE: no nested virt
    expectCheck(hvm64(w, { efer: 0x100 | 0x1000 }, {}), "vcpu_op.initialise.hvm_efer"); // SVME
    expectCheck(hvm64(w, { efer: 0x100 | 0x2 }, {}), "vcpu_op.initialise.hvm_efer"); // unknown bit
    expect(w.xen.domain(1).vcpus[1]!.initialised).toBe(false);
    putHvm64(w, { cr4: 0x7ff, efer: 0x100 | 0x800 | 0x1 });
    expect(w.op(INIT, 1).rc).toBe(0); // every baseline CR4 bit, SCE and NXE are accepted
  });

  it("32B: a flat context runs; each check of check_segment and the sanity checks", () => {
    const ok = world("hvm64");
    putHvm32(ok, {});
    expect(ok.op(INIT, 1).rc).toBe(0);
    const v = ok.xen.domain(1).vcpus[1]!;
    expect(v.regs.get64(16)).toBe(0x1000n);
    expect(v.regs.get64(1)).toBe(7n); // ebx
    expectCheck(hvm32({ pad1: 1 }), "vcpu_op.initialise.hvm32_pad");
    expectCheck(hvm32({ pad2: [0, 0, 1] }), "vcpu_op.initialise.hvm32_pad");
    expectCheck(hvm32({ cs_ar: 0xc93 }), "vcpu_op.initialise.hvm32_segment"); // data segment for CS
    expectCheck(hvm32({ cs_ar: 0 }), "vcpu_op.initialise.hvm32_segment"); // null CS
    expectCheck(hvm32({ ss_ar: 0xc9b }), "vcpu_op.initialise.hvm32_segment"); // code segment for SS
    expectCheck(hvm32({ ds_ar: 0xc98 }), "vcpu_op.initialise.hvm32_segment"); // execute-only DS
    expectCheck(hvm32({ ds_ar: 0x1c93 }), "vcpu_op.initialise.hvm32_segment"); // attribute bits 12-15
    expectCheck(hvm32({ tr_ar: 0x82 }), "vcpu_op.initialise.hvm32_segment"); // an LDT for TR
    expectCheck(hvm32({ tr_ar: 0x9b }), "vcpu_op.initialise.hvm32_segment"); // code segment for TR
    expectCheck(hvm32({ es_ar: 0x413 }), "vcpu_op.initialise.hvm32_segment"); // not present
    expectCheck(
      hvm32({ cs_ar: 0x49b, cs_limit: 0xfff, eip: 0x1000 }),
      "vcpu_op.initialise.hvm32_eip_limit",
    );
    expectCheck(hvm32({ ss_ar: 0xcf3 }), "vcpu_op.initialise.hvm32_ss_dpl");
    expectCheck(hvm32({ ds_ar: 0xcf3 }), "vcpu_op.initialise.hvm32_data_dpl");
    expectCheck(hvm32({ es_ar: 0xcf3 }), "vcpu_op.initialise.hvm32_data_dpl");
    expectCheck(hvm32({ efer: 0x400 }), "vcpu_op.initialise.hvm32_efer_lma");
    expectCheck(hvm32({ cr4: 0x1000 }), "vcpu_op.initialise.hvm_cr4");
    // ds and es may be null; a 4 KiB-granular limit covers eip up to 0xffffffff; an
    // available TSS (0x89) is present, so SEG() sets its busy bit and it passes.
    const w = world("hvm64");
    putHvm32(w, { ds_ar: 0, es_ar: 0, eip: 0xffff_fff0, tr_ar: 0x89 });
    expect(w.op(INIT, 1).rc).toBe(0);
  });

  it("an hvm32 guest (compat_common_vcpu_op) reads the same vcpu_hvm_context_t", () => {
    const w = world("hvm32");
    putHvm32(w, {});
    expect(w.op(INIT, 1).rc).toBe(0);
    expectCheck(w.op(INIT, 1), "vcpu_op.initialise.already");
  });

  it("copy_in and the vCPU id come first", () => {
    const w = world("hvm64");
    expectCheck(w.op(INIT, 1, 0x10_0000 - 64), "vcpu_op.initialise.copy_in");
    expectCheck(w.op(INIT, 2), "vcpu_op.entry.vcpuid");
  });

  it("vCPUs from 32 on need a registered vcpu_info: every x86 guest before 4.19, PV only after", () => {
    const old = world("hvm64", { release: "4.18", vcpus: 33 });
    putHvm64(old, {});
    expectCheck(old.op(INIT, 32), "vcpu_op.initialise.dummy_vcpu_info");
    expect(old.op(INIT, 31).rc).toBe(0);
    const now = world("hvm64", { vcpus: 33 });
    putHvm64(now, {});
    expect(now.op(INIT, 32).rc).toBe(0);
    const pv = world("pv64", { vcpus: 33 });
    expectCheck(pv.op(INIT, 32), "vcpu_op.initialise.dummy_vcpu_info");
    pv.g.put(0x3000, "vcpu_register_vcpu_info_t", { mfn: 0x40, offset: 0 });
    expect(pv.op(10, 32, 0x3000).rc).toBe(0);
    pv.g.put(A, "vcpu_guest_context_t", PV_OK);
    expect(pv.op(INIT, 32).rc).toBe(0); // past the dummy check
  });
});

describe("VCPUOP_initialise, PV", () => {
  function pv(mode: "pv64" | "pv32", ctx: FieldsInput, release?: string) {
    const w = world(mode, release !== undefined ? { release } : {});
    w.g.put(A, "vcpu_guest_context_t", { ...PV_OK, ...ctx });
    return w.op(INIT, 1);
  }

  it("a context that passes every check, with an empty GDT and an empty L4, initialises the vCPU", () => {
    const w = world("pv64");
    w.g.put(A, "vcpu_guest_context_t", PV_OK);
    expect(w.op(INIT, 1).rc).toBe(0);
    expect(w.xen.domain(1).vcpus[1]!.initialised).toBe(true);
    expectCheck(w.op(INIT, 1), "vcpu_op.initialise.already");
    expectCheck(w.op(INIT, 0), "vcpu_op.initialise.already");
    expectCheck(w.op(INIT, 1, 0x10_0000 - 100), "vcpu_op.initialise.copy_in");
  });

  it("64-bit PV: each check in Xen's order", () => {
    const NC = 0x0000_8000_0000_0000n; // not canonical
    const XEN = 0xffff_8000_0000_0000n; // canonical, inside Xen's area
    const traps = Array.from({ length: 256 }, (_, i) => ({ address: i === 5 ? NC : 0 }));
    expectCheck(
      pv("pv64", { debugreg: [0, 0, 0, 0, 0, 0, 0, 1n << 32n] }),
      "vcpu_op.initialise.pv_debugreg_width",
    );
    expectCheck(
      pv("pv64", { debugreg: [XEN], user_regs: { rip: NC } }),
      "vcpu_op.initialise.pv_breakpoint",
    );
    expectCheck(pv("pv64", { user_regs: { rip: NC } }), "vcpu_op.initialise.pv_canonical");
    expectCheck(pv("pv64", { gs_base_user: NC }), "vcpu_op.initialise.pv_canonical");
    expectCheck(pv("pv64", { ldt_ents: 1, ldt_base: NC }), "vcpu_op.initialise.pv_canonical");
    expectCheck(pv("pv64", { trap_ctxt: traps }), "vcpu_op.initialise.pv_trap_canonical");
    expectCheck(pv("pv64", { ldt_base: XEN }), "vcpu_op.initialise.pv_ldt_addr");
    expectCheck(pv("pv64", { ldt_base: 0x1001 }), "vcpu_op.initialise.pv_ldt");
    expectCheck(pv("pv64", { ldt_ents: 8193 }), "vcpu_op.initialise.pv_ldt");
    expectCheck(pv("pv64", { gdt_ents: 8193 }), "vcpu_op.initialise.pv_gdt_frames");
    expectCheck(pv("pv64", { flags: 32 }), "vcpu_op.initialise.pv_user_cr1");
    expectCheck(pv("pv64", { gdt_ents: 7169 }), "vcpu_op.initialise.pv_gdt_entries");
    // DIV_ROUND_UP wraps: 0 frames, then pv_set_gdt's unsigned int entries is 0xffffffff.
    expectCheck(pv("pv64", { gdt_ents: (1n << 64n) - 1n }), "vcpu_op.initialise.pv_gdt_entries");
    expectCheck(
      pv("pv64", { gdt_ents: 513, gdt_frames: [0x11, 0x1000] }),
      "vcpu_op.initialise.pv_gdt_frame",
    );
    expectCheck(pv("pv64", { ctrlreg: [0, 0, 0, 0x100_000] }), "vcpu_op.initialise.pv_cr3");
    // A user-mode start with a user page table passes that check.
    expect(pv("pv64", { flags: 32, ctrlreg: [0, 0x20_000, 0, 0x10_000] }).rc).toBe(0);
  });

  it("the checks per release: debug registers from 4.18, the GDT frame count from 4.14", () => {
    const dr7 = { debugreg: [0, 0, 0, 0, 0, 0, 0, 1n << 32n] };
    expectCheck(pv("pv64", dr7, "4.18"), "vcpu_op.initialise.pv_debugreg_width");
    expect(pv("pv64", dr7, "4.17").rc).toBe(0);
    expectCheck(pv("pv64", { gdt_ents: 8193 }, "4.14"), "vcpu_op.initialise.pv_gdt_frames");
    expectCheck(pv("pv64", { gdt_ents: 8193 }, "4.13"), "vcpu_op.initialise.pv_gdt_entries");
    // 4.13 has no frame count: 2^32 + 1 entries are 1 as pv_set_gdt's unsigned int.
    expect(pv("pv64", { gdt_ents: (1n << 32n) + 1n, gdt_frames: [0x11] }, "4.13").rc).toBe(0);
    expectCheck(
      pv("pv64", { gdt_ents: (1n << 32n) + 1n }, "4.14"),
      "vcpu_op.initialise.pv_gdt_frames",
    );
  });

  it("32-bit PV: the compat layout, vm86 refused from 4.22, no canonical or cr1 checks, cr3 rotated", () => {
    const vm = { user_regs: { eflags: 0x20000 } };
    expectCheck(pv("pv32", vm), "vcpu_op.initialise.pv32_eflags_vm");
    // Past every check to the CR3 frame, an empty L3 that Xen refuses (slot 3 not present).
    expectCheck(pv("pv32", vm, "4.21"), "vcpu_op.initialise.pv32_l3_slot3");
    expectCheck(
      pv("pv32", { flags: 0, ctrlreg: [0, 0, 0, 0x10_000] }),
      "vcpu_op.initialise.pv32_l3_slot3",
    );
    expectCheck(pv("pv32", { ldt_base: 0x800 }), "vcpu_op.initialise.pv_ldt");
    // compat_cr3_to_pfn rotates: cr3 0x10001 is pfn 0x100010, not the domain's; natively 0x10 is.
    expectCheck(pv("pv32", { ctrlreg: [0, 0, 0, 0x10_001] }), "vcpu_op.initialise.pv_cr3");
    expect(pv("pv64", { ctrlreg: [0, 0, 0, 0x10_001] }).rc).toBe(0);
    // gdt_ents wraps at 32 bits for compat: 0xffffffff + 511 is 510, 0 frames.
    expectCheck(pv("pv32", { gdt_ents: 0xffff_ffff }), "vcpu_op.initialise.pv_gdt_entries");
    expectCheck(pv("pv64", { gdt_ents: 0xffff_ffff }), "vcpu_op.initialise.pv_gdt_frames");
  });
});

describe("VCPUOP_initialise, Arm", () => {
  it("Arm's do_vcpu_op refuses it before reading anything", () => {
    const w = world("aarch64", { arch: "arm64" });
    expectCheck(w.op(INIT, 1, 0), "vcpu_op.entry.arm_subset");
    expectCheck(w.op(INIT, 5, 0), "vcpu_op.entry.vcpuid");
  });
});
