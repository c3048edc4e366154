/**
 * VCPUOP_initialise's argument, per architecture: vcpu_guest_context_t of
 * public/arch-x86/xen.h (with cpu_user_regs of xen-x86_64.h / xen-x86_32.h and trap_info) and
 * of public/arch-arm.h (with vcpu_guest_core_regs), and vcpu_hvm_context_t of
 * public/hvm/hvm_vcpu.h for HVM vCPUs.
 *
 * The register unions of the headers (`__DECL_REG*`, Arm's `__DECL_REG(x0, r0_usr)`) are
 * declared by their widest member, as the headers' non-GNU spelling does; the layout is the
 * same. A 32-bit PV guest's context is i386's layout (compat_vcpu_guest_context).
 * Checked against xen-project/xen RELEASE-4.22.0; x86's are unchanged since RELEASE-4.12.0,
 * Arm's cpsr and spsr_el1 were uint32_t before RELEASE-4.16.0 (Arm's context is the
 * toolstack's: no hypercall reads it, Arm's do_vcpu_op refuses VCPUOP_initialise).
 */
import type { CTarget } from "../../abi/modes.js";
import { f, type StructDef } from "./define.js";

const X86_H = "public/arch-x86/xen.h";
const ARM: readonly CTarget[] = ["aarch64", "armv7"];
const X86: readonly CTarget[] = ["x86_64", "i386"];
const X64: readonly CTarget[] = ["x86_64"];
const I386: readonly CTarget[] = ["i386"];

const r64 = (name: string, meaning: string) => f(name, "uint64_t", meaning, { targets: X64 });
const r32 = (name: string, meaning: string) => f(name, "uint32_t", meaning, { targets: I386 });
const seg = (name: string, pad: string, targets: readonly CTarget[], n: number) => [
  f(name, "uint16_t", `${name.toUpperCase()} selector.`, { targets }),
  f(pad, "uint16_t", "Padding.", n === 1 ? { targets } : { count: n, targets }),
];

export const VCPU_CONTEXT_STRUCTS: readonly StructDef[] = [
  {
    name: "cpu_user_regs_t",
    tag: "cpu_user_regs",
    header: "public/arch-x86/xen-x86_64.h",
    summary:
      "x86 general registers of a vCPU context (xen-x86_32.h's for a 32-bit guest); empty on Arm.",
    fields: [
      ...[
        "r15",
        "r14",
        "r13",
        "r12",
        "rbp",
        "rbx",
        "r11",
        "r10",
        "r9",
        "r8",
        "rax",
        "rcx",
        "rdx",
        "rsi",
        "rdi",
      ].map((r) => r64(r, `Register ${r}.`)),
      ...["ebx", "ecx", "edx", "esi", "edi", "ebp", "eax"].map((r) => r32(r, `Register ${r}.`)),
      f("error_code", "uint32_t", "Private to Xen.", { targets: X64 }),
      f("entry_vector", "uint32_t", "Private to Xen.", { targets: X64 }),
      f("error_code", "uint16_t", "Private to Xen.", { targets: I386 }),
      f("entry_vector", "uint16_t", "Private to Xen.", { targets: I386 }),
      r64("rip", "Instruction pointer."),
      r32("eip", "Instruction pointer."),
      f("cs", "uint16_t", "Code selector.", { targets: X86 }),
      f("_pad0", "uint16_t", "Padding.", { count: 1, targets: X64 }),
      f("saved_upcall_mask", "uint8_t", "Private to Xen.", { targets: X86 }),
      f("_pad1", "uint8_t", "Padding.", { count: 3, targets: X64 }),
      f("_pad0", "uint8_t", "Padding.", { targets: I386 }),
      r64("rflags", "Flags (IF is !saved_upcall_mask)."),
      r64("rsp", "Stack pointer."),
      r32("eflags", "Flags (IF is !saved_upcall_mask)."),
      r32("esp", "Stack pointer."),
      ...seg("ss", "_pad2", X64, 3),
      ...seg("es", "_pad3", X64, 3),
      ...seg("ds", "_pad4", X64, 3),
      ...seg("fs", "_pad5", X64, 3),
      ...seg("gs", "_pad6", X64, 3),
      ...seg("ss", "_pad1", I386, 1),
      ...seg("es", "_pad2", I386, 1),
      ...seg("ds", "_pad3", I386, 1),
      ...seg("fs", "_pad4", I386, 1),
      ...seg("gs", "_pad5", I386, 1),
    ],
  },
  {
    name: "trap_info_t",
    tag: "trap_info",
    header: X86_H,
    summary: "One entry of a PV guest's virtual IDT (x86); empty on Arm.",
    fields: [
      f("vector", "uint8_t", "Exception vector.", { targets: X86 }),
      f("flags", "uint8_t", "Bits 0-3: privilege level; bit 4: clear event enable.", {
        targets: X86,
      }),
      f("cs", "uint16_t", "Code selector.", { targets: X86 }),
      f("address", "unsigned long", "Code offset.", { targets: X86 }),
    ],
  },
  {
    name: "vcpu_guest_core_regs_t",
    tag: "vcpu_guest_core_regs",
    header: "public/arch-arm.h",
    summary:
      "Arm core registers of a vCPU context (x0-x30 name AArch32's banked registers too); empty on x86.",
    fields: [
      ...Array.from({ length: 31 }, (_, i) =>
        f(`x${i}`, "uint64_t", `Register x${i}.`, { targets: ARM }),
      ),
      f("pc64", "uint64_t", "ELR_EL2: the return address.", { targets: ARM }),
      f("cpsr", "uint64_t", "SPSR_EL2 (uint32_t before 4.16).", { targets: ARM }),
      f("spsr_el1", "uint64_t", "SPSR_EL1, or AArch32's spsr_svc (uint32_t before 4.16).", {
        targets: ARM,
      }),
      f("spsr_fiq", "uint32_t", "AArch32 only.", { targets: ARM }),
      f("spsr_irq", "uint32_t", "AArch32 only.", { targets: ARM }),
      f("spsr_und", "uint32_t", "AArch32 only.", { targets: ARM }),
      f("spsr_abt", "uint32_t", "AArch32 only.", { targets: ARM }),
      f("sp_el0", "uint64_t", "AArch64 only.", { targets: ARM }),
      f("sp_el1", "uint64_t", "AArch64 only.", { targets: ARM }),
      f("elr_el1", "uint64_t", "AArch64 only.", { targets: ARM }),
    ],
  },
  {
    name: "vcpu_guest_context_t",
    tag: "vcpu_guest_context",
    header: X86_H,
    xlat: "translate",
    summary:
      "VCPUOP_initialise argument of a PV vCPU (x86; compat layout for 32-bit PV), and Arm's toolstack context (public/arch-arm.h).",
    fields: [
      f("flags", "uint32_t", "VGCF_online.", { targets: ARM }),
      f("user_regs", "vcpu_guest_core_regs_t", "Core registers.", { targets: ARM }),
      f("sctlr", "uint64_t", "SCTLR_EL1.", { targets: ARM }),
      f("ttbcr", "uint64_t", "TCR_EL1.", { targets: ARM }),
      f("ttbr0", "uint64_t", "TTBR0_EL1.", { targets: ARM }),
      f("ttbr1", "uint64_t", "TTBR1_EL1.", { targets: ARM }),
      f("fpu_ctxt", "uint8_t", "FXSAVE image of the FPU registers.", { count: 512, targets: X86 }),
      f("flags", "unsigned long", "VGCF_* flags.", { targets: X86 }),
      f("user_regs", "cpu_user_regs_t", "General registers.", { targets: X86 }),
      f("trap_ctxt", "trap_info_t", "Virtual IDT.", { count: 256, targets: X86 }),
      f("ldt_base", "unsigned long", "LDT linear address.", { targets: X86 }),
      f("ldt_ents", "unsigned long", "LDT entries.", { targets: X86 }),
      f("gdt_frames", "unsigned long", "GDT machine frames.", { count: 16, targets: X86 }),
      f("gdt_ents", "unsigned long", "GDT entries.", { targets: X86 }),
      f("kernel_ss", "unsigned long", "Virtual TSS SS1.", { targets: X86 }),
      f("kernel_sp", "unsigned long", "Virtual TSS SP1.", { targets: X86 }),
      f("ctrlreg", "unsigned long", "CR0-CR7 (64-bit PV: the user page table in CR1).", {
        count: 8,
        targets: X86,
      }),
      f("debugreg", "unsigned long", "DR0-DR7.", { count: 8, targets: X86 }),
      f("event_callback_cs", "unsigned long", "CS of the event callback.", { targets: I386 }),
      f("event_callback_eip", "unsigned long", "Event callback.", { targets: X86 }),
      f("failsafe_callback_cs", "unsigned long", "CS of the failsafe callback.", { targets: I386 }),
      f("failsafe_callback_eip", "unsigned long", "Failsafe callback.", { targets: X86 }),
      f("syscall_callback_eip", "unsigned long", "Syscall callback.", { targets: X64 }),
      f("vm_assist", "unsigned long", "VMASST_TYPE_* bitmap.", { targets: X86 }),
      f("fs_base", "uint64_t", "FS base.", { targets: X64 }),
      f("gs_base_kernel", "uint64_t", "Kernel GS base.", { targets: X64 }),
      f("gs_base_user", "uint64_t", "User GS base.", { targets: X64 }),
    ],
  },
  {
    name: "xen_vcpu_hvm_x86_32_t",
    tag: "vcpu_hvm_x86_32",
    header: "public/hvm/hvm_vcpu.h",
    summary: "VCPU_HVM_MODE_32B registers of vcpu_hvm_context_t.",
    fields: [
      ...["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "eip", "eflags"].map((r) =>
        f(r, "uint32_t", `Register ${r}.`),
      ),
      f("cr0", "uint32_t", "CR0."),
      f("cr3", "uint32_t", "CR3."),
      f("cr4", "uint32_t", "CR4."),
      f("pad1", "uint32_t", "Must be 0."),
      f("efer", "uint64_t", "EFER (NXE, or LME/LMA for compatibility mode)."),
      ...["cs", "ds", "ss", "es", "tr"].map((s) => f(`${s}_base`, "uint32_t", `Base of ${s}.`)),
      ...["cs", "ds", "ss", "es", "tr"].map((s) => f(`${s}_limit`, "uint32_t", `Limit of ${s}.`)),
      ...["cs", "ds", "ss", "es", "tr"].map((s) => f(`${s}_ar`, "uint16_t", `Attributes of ${s}.`)),
      f("pad2", "uint16_t", "Must be 0.", { count: 3 }),
    ],
  },
  {
    name: "xen_vcpu_hvm_x86_64_t",
    tag: "vcpu_hvm_x86_64",
    header: "public/hvm/hvm_vcpu.h",
    summary: "VCPU_HVM_MODE_64B registers of vcpu_hvm_context_t (segments are set for long mode).",
    fields: [
      ...["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "rip", "rflags"].map((r) =>
        f(r, "uint64_t", `Register ${r}.`),
      ),
      f("cr0", "uint64_t", "CR0."),
      f("cr3", "uint64_t", "CR3."),
      f("cr4", "uint64_t", "CR4."),
      f("efer", "uint64_t", "EFER."),
    ],
  },
  {
    name: "vcpu_hvm_context_t",
    tag: "vcpu_hvm_context",
    header: "public/hvm/hvm_vcpu.h",
    xlat: "check",
    summary:
      "VCPUOP_initialise argument of an HVM vCPU. cpu_regs is a union of x86_32 and x86_64; the table names it by the larger, x86_32, and x86_64 sits at the same offset.",
    fields: [
      f("mode", "uint32_t", "VCPU_HVM_MODE_32B (0) or VCPU_HVM_MODE_64B (1)."),
      f("pad", "uint32_t", "Must be 0."),
      f("cpu_regs", "xen_vcpu_hvm_x86_32_t", "The registers, as mode says."),
    ],
  },
];
