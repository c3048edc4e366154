/**
 * Hypercalls only x86 dispatches, and the arch_N numbers (48-55).
 *
 * Facts: as in common-hypercalls.ts. x86 names arch_0 `mca` (public/arch-x86/xen-mca.h) and,
 * inside Xen, arch_1 `paging_domctl_cont` (asm/hypercall.h; the pre-4.17 tables mapped
 * `do_arch_1` to paging_domctl_continuation). Arm defines no arch_N hypercall.
 */
import type { HypercallSource } from "./types.js";

/** PV-only rows: their columns exist only in a CONFIG_PV build (pv32 also needs CONFIG_PV32). */
const PV = "CONFIG_PV";
const SHIM = "!CONFIG_PV_SHIM_EXCLUSIVE";

export const X86_HYPERCALLS: readonly HypercallSource[] = [
  {
    name: "set_trap_table",
    number: 0,
    summary: "Install a PV guest's virtual IDT (its trap handler table).",
    status: "active",
    prototypes: [
      { from: "4.12", do: "const_trap_info_t *traps", compat: "trap_info_compat_t *traps" },
    ],
    rows: [{ from: "4.12", row: "compat do - - -", config: PV }],
    legacyArgs: { x86: [1, 1] },
  },
  {
    name: "mmu_update",
    number: 1,
    summary: "Batch updates of PV page-table entries and the machine-to-phys table.",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "mmu_update_t *ureqs, unsigned int count, unsigned int *pdone, unsigned int foreigndom",
      },
    ],
    rows: [
      { from: "4.12", row: "do do - - -", config: PV },
      { from: "4.17", row: "do:1 do:1 - - -", config: PV },
    ],
    legacyArgs: { x86: [4, 4] },
  },
  {
    name: "set_gdt",
    number: 2,
    summary: "Install a PV guest's GDT from a list of frames.",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "xen_ulong_t *frame_list, unsigned int entries",
        compat: "unsigned int *frame_list, unsigned int entries",
      },
    ],
    rows: [{ from: "4.12", row: "compat do - - -", config: PV }],
    legacyArgs: { x86: [2, 2] },
  },
  {
    name: "stack_switch",
    number: 3,
    summary: "Set the kernel stack (ss:esp) a PV guest enters on.",
    status: "active",
    prototypes: [{ from: "4.12", do: "unsigned long ss, unsigned long esp" }],
    rows: [
      { from: "4.12", row: "do do - - -", config: PV },
      { from: "4.17", row: "do:2 do:2 - - -", config: PV },
    ],
    legacyArgs: { x86: [2, 2] },
  },
  {
    name: "set_callbacks",
    number: 4,
    summary: "Register a PV guest's event, failsafe (and 64-bit syscall) callbacks.",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "unsigned long event_address, unsigned long failsafe_address, unsigned long syscall_address",
        compat:
          "unsigned long event_selector, unsigned long event_address, unsigned long failsafe_selector, unsigned long failsafe_address",
      },
    ],
    rows: [{ from: "4.12", row: "compat do - - -", config: PV }],
    legacyArgs: { x86: [3, 4] },
  },
  {
    name: "fpu_taskswitch",
    number: 5,
    summary: "Set or clear a PV vCPU's virtual CR0.TS.",
    status: "active",
    prototypes: [{ from: "4.12", do: "int set" }],
    rows: [{ from: "4.12", row: "do do - - -", config: PV }],
    legacyArgs: { x86: [1, 1] },
  },
  {
    name: "set_debugreg",
    number: 8,
    summary: "Write a PV vCPU's debug register.",
    status: "active",
    prototypes: [{ from: "4.12", do: "int reg, unsigned long value" }],
    rows: [{ from: "4.12", row: "do do - - -", config: PV }],
    legacyArgs: { x86: [2, 2] },
  },
  {
    name: "get_debugreg",
    number: 9,
    summary: "Read a PV vCPU's debug register.",
    status: "active",
    prototypes: [{ from: "4.12", do: "int reg" }],
    rows: [{ from: "4.12", row: "do do - - -", config: PV }],
    legacyArgs: { x86: [1, 1] },
  },
  {
    name: "update_descriptor",
    number: 10,
    summary: "Update one GDT or LDT descriptor of a PV guest.",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "uint64_t gaddr, seg_desc_t desc",
        compat: "uint32_t pa_lo, uint32_t pa_hi, uint32_t desc_lo, uint32_t desc_hi",
      },
      {
        from: "4.22",
        do: "uint64_t gaddr, uint64_t desc",
        compat: "uint32_t pa_lo, uint32_t pa_hi, uint32_t desc_lo, uint32_t desc_hi",
      },
    ],
    rows: [{ from: "4.12", row: "compat do - - -", config: PV }],
    legacyArgs: { x86: [2, 4] },
  },
  {
    name: "update_va_mapping",
    number: 14,
    summary: "Update one PV page-table entry by virtual address, with TLB-flush flags.",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "unsigned long va, uint64_t val64, unsigned long flags",
        compat: "unsigned int va, uint32_t lo, uint32_t hi, unsigned int flags",
      },
    ],
    rows: [{ from: "4.12", row: "compat do - - -", config: PV }],
    legacyArgs: { x86: [3, 4] },
  },
  {
    name: "set_timer_op",
    number: 15,
    summary: "Set the vCPU's one-shot timer to a system time in ns (0 stops it).",
    status: "active",
    prototypes: [
      // A 32-bit guest passes the 64-bit deadline as two halves.
      { from: "4.12", do: "s_time_t timeout", compat: "uint32_t lo, int32_t hi" },
      { from: "4.19", do: "s_time_t timeout", compat: "uint32_t lo, uint32_t hi" },
    ],
    rows: [{ from: "4.12", row: "compat do compat do -" }],
    legacyArgs: { x86: [1, 2] },
  },
  {
    name: "update_va_mapping_otherdomain",
    number: 22,
    summary:
      "update_va_mapping in the caller's page tables, mapping a frame owned by another domain.",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "unsigned long va, uint64_t val64, unsigned long flags, domid_t domid",
        compat: "unsigned int va, uint32_t lo, uint32_t hi, unsigned int flags, domid_t domid",
      },
    ],
    rows: [{ from: "4.12", row: "compat do - - -", config: PV }],
    legacyArgs: { x86: [4, 5] },
  },
  {
    name: "iret",
    number: 23,
    summary: "Return from a PV guest's exception frame (x86 only).",
    status: "active",
    prototypes: [{ from: "4.12", do: "", compat: "" }],
    rows: [
      { from: "4.12", row: "compat do - - -", config: PV },
      { from: "4.17", row: "compat:1 do:1 - - -", config: PV },
    ],
    // No entry in the old hypercall_args_table, so its counts were the array's zero fill.
    legacyArgs: { x86: [0, 0] },
  },
  {
    name: "set_segment_base",
    number: 25,
    summary: "Set the FS/GS bases or the user GS selector of a 64-bit PV guest (x86/64 only).",
    status: "active",
    prototypes: [{ from: "4.12", do: "unsigned int which, unsigned long base" }],
    rows: [
      { from: "4.12", row: "do do - - -", config: PV },
      { from: "4.17", row: "do:2 do:2 - - -", config: PV },
    ],
    // The old compat count was 0: a pv32 guest got no argument registers poisoned.
    legacyArgs: { x86: [2, 0] },
  },
  {
    name: "mmuext_op",
    number: 26,
    summary: "Extended PV MMU operations: pin tables, new base pointer, TLB flushes (MMUEXT_*).",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "mmuext_op_t *uops, unsigned int count, unsigned int *pdone, unsigned int foreigndom",
        compat: "void *arg, unsigned int count, uint *pdone, unsigned int foreigndom",
      },
    ],
    rows: [
      { from: "4.12", row: "compat do compat do -", config: PV },
      { from: "4.17", row: "compat:2 do:2 compat do -", config: PV },
    ],
    legacyArgs: { x86: [4, 4] },
  },
  {
    name: "nmi_op",
    number: 28,
    summary: "Register or unregister a PV guest's NMI callback.",
    status: "active",
    prototypes: [
      { from: "4.12", do: "unsigned int cmd, void *arg", compat: "unsigned int cmd, void *arg" },
    ],
    rows: [{ from: "4.12", row: "compat do - - -", config: PV }],
    legacyArgs: { x86: [2, 2] },
  },
  {
    name: "callback_op",
    number: 30,
    summary: "Register or unregister PV callbacks by type (CALLBACKOP_*).",
    status: "active",
    prototypes: [
      { from: "4.12", do: "int cmd, const void *arg", compat: "int cmd, const void *arg" },
    ],
    rows: [{ from: "4.12", row: "compat do - - -", config: PV }],
    legacyArgs: { x86: [2, 2] },
  },
  {
    name: "xenoprof_op",
    number: 31,
    summary: "Xen oprofile profiling (XENOPROF_*); dropped in Xen 4.22.",
    status: "retired",
    prototypes: [{ from: "4.12", do: "int op, void *arg", compat: "int op, void *arg" }],
    rows: [
      { from: "4.12", row: "compat do - - -", config: "CONFIG_XENOPROF" },
      { from: "4.22", row: "- - - - -" },
    ],
    legacyArgs: { x86: [2, 2] },
  },
  {
    name: "kexec_op",
    number: 37,
    summary: "Load, unload and execute kexec and kdump images (KEXEC_CMD_*).",
    status: "active",
    prototypes: [
      { from: "4.12", do: "unsigned long op, void *uarg", compat: "unsigned int op, void *uarg" },
    ],
    rows: [{ from: "4.12", row: "compat do - - -", config: "CONFIG_KEXEC" }],
    legacyArgs: { x86: [2, 2] },
  },
  {
    name: "tmem_op",
    number: 38,
    summary: "Transcendent memory; removed after 4.12 (its row has no handler since).",
    status: "retired",
    // do_tmem_op(XEN_GUEST_HANDLE_PARAM(tmem_op_t) uops), xen/hypercall.h at 4.12.
    prototypes: [{ from: "4.12", do: "tmem_op_t *uops" }],
    rows: [
      { from: "4.12", row: "do do do do -", config: "CONFIG_TMEM" },
      { from: "4.13", row: "- - - - -" },
    ],
    legacyArgs: { x86: [1, 1] },
  },
  {
    name: "xenpmu_op",
    number: 40,
    summary: "Virtual PMU (performance counter) operations (XENPMU_*).",
    status: "active",
    prototypes: [{ from: "4.12", do: "unsigned int op, xen_pmu_params_t *arg" }],
    rows: [
      { from: "4.12", row: "do do do do -" },
      { from: "4.17", row: "do do do do -", config: "CONFIG_X86" },
    ],
    legacyArgs: { x86: [2, 2] },
  },
  {
    name: "mca",
    number: 48,
    aliases: ["arch_0"],
    summary: "x86 machine-check architecture operations (XEN_MC_*), on arch_0.",
    status: "active",
    prototypes: [{ from: "4.12", do: "xen_mc_t *u_xen_mc" }],
    rows: [{ from: "4.12", row: "do do - - -", config: PV }],
    legacyArgs: { x86: [1, 1] },
  },
  {
    name: "paging_domctl_cont",
    number: 49,
    aliases: ["arch_1"],
    summary: "Xen-internal continuation of a paging domctl, on arch_1 (x86).",
    status: "internal",
    prototypes: [{ from: "4.12", do: "xen_domctl_t *u_domctl" }],
    rows: [
      { from: "4.12", row: "do do do do -" },
      { from: "4.15", row: "do do do do -", config: SHIM },
      {
        from: "4.21",
        row: "do do do do -",
        config: "CONFIG_X86 && CONFIG_PAGING && !CONFIG_PV_SHIM_EXCLUSIVE",
      },
    ],
    legacyArgs: { x86: [1, 1] },
  },
  ...[2, 3, 4, 5, 6, 7].map((n): HypercallSource => ({
    name: `arch_${n}`,
    number: 48 + n,
    summary: "Architecture-specific hypercall number that no architecture uses.",
    status: "reserved",
    prototypes: [],
    rows: [],
  })),
];
