/**
 * Hypercalls Arm dispatches (or did), and the x86 rows of the same numbers.
 *
 * Facts: public/xen.h (numbers); xen/include/hypercall-defs.c at RELEASE-4.17.0 ... 4.22.0
 * (prototypes, table rows, guards); before 4.17 xen/arch/arm/traps.c arm_hypercall_table,
 * xen/arch/x86/pv/hypercall.c pv_hypercall_table, xen/arch/x86/hvm/hypercall.c
 * hvm_hypercall_table and xen/arch/x86/hypercall.c hypercall_args_table.
 *
 * Prototypes `from: "4.12"` are the 4.17 hypercall-defs.c declarations: 4.12-4.16 had no such
 * file, so the first one stands in for them unless a set says otherwise.
 */
import type { HypercallSource } from "./types.js";

const SHIM = "!CONFIG_PV_SHIM_EXCLUSIVE";

export const COMMON_HYPERCALLS: readonly HypercallSource[] = [
  {
    name: "sched_op_compat",
    number: 6,
    summary: "Scheduler operations in the pre-0x00030101 form; superseded by sched_op.",
    status: "deprecated",
    prototypes: [
      { from: "4.12", do: "int cmd, unsigned long arg", dep: "int cmd, unsigned long arg" },
    ],
    rows: [{ from: "4.12", row: "do do - - dep", config: "CONFIG_PV || CONFIG_ARM" }],
    legacyArgs: { x86: [2, 2], arm: 2 },
  },
  {
    name: "platform_op",
    number: 7,
    aliases: ["dom0_op"],
    summary: "Control-domain platform operations: time, microcode, power, CPU hotplug (XENPF_*).",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "xen_platform_op_t *u_xenpf_op",
        compat: "compat_platform_op_t *u_xenpf_op",
      },
    ],
    rows: [
      { from: "4.12", row: "compat do compat do do" },
      { from: "4.15", row: "compat do compat do do", config: SHIM },
    ],
    legacyArgs: { x86: [1, 1], arm: 1 },
  },
  {
    name: "memory_op",
    number: 12,
    summary: "Memory reservations, the physmap and memory maps (XENMEM_*).",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "unsigned long cmd, void *arg",
        hvm: "unsigned long cmd, void *arg",
        compat: "unsigned int cmd, void *arg",
      },
    ],
    rows: [{ from: "4.12", row: "compat do hvm hvm do" }],
    legacyArgs: { x86: [2, 2], arm: 2 },
  },
  {
    name: "multicall",
    number: 13,
    summary: "Issue a batch of hypercalls with one trap.",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "multicall_entry_t *call_list, unsigned int nr_calls",
        compat: "multicall_entry_compat_t *call_list, uint32_t nr_calls",
      },
      {
        from: "4.20",
        do: "multicall_entry_t *call_list, unsigned long nr_calls",
        compat: "multicall_entry_compat_t *call_list, unsigned long nr_calls",
      },
    ],
    rows: [
      // HVM guests gained multicall in 4.16 (hvm_hypercall_table COMPAT_CALL(multicall)).
      { from: "4.12", row: "compat do - - do" },
      { from: "4.16", row: "compat do compat do do" },
      { from: "4.17", row: "compat:2 do:2 compat do do" },
    ],
    legacyArgs: { x86: [2, 2], arm: 2 },
  },
  {
    name: "event_channel_op_compat",
    number: 16,
    summary: "Event-channel operations in the pre-0x00030202 form; superseded by event_channel_op.",
    status: "deprecated",
    prototypes: [{ from: "4.12", do: "evtchn_op_t *uop", dep: "evtchn_op_t *uop" }],
    rows: [{ from: "4.12", row: "do do - - dep", config: "CONFIG_PV || CONFIG_ARM" }],
    legacyArgs: { x86: [1, 1], arm: 1 },
  },
  {
    name: "xen_version",
    number: 17,
    summary: "Xen's version, capabilities, features and build details (XENVER_*).",
    status: "active",
    prototypes: [{ from: "4.12", do: "int cmd, void *arg", compat: "int cmd, void *arg" }],
    rows: [
      { from: "4.12", row: "compat do compat do do" },
      // 4.18's table calls do_xen_version for every guest type.
      { from: "4.18", row: "do do do do do" },
    ],
    legacyArgs: { x86: [2, 2], arm: 2 },
  },
  {
    name: "console_io",
    number: 18,
    summary: "Read from and write to Xen's console (CONSOLEIO_*).",
    status: "active",
    prototypes: [{ from: "4.12", do: "unsigned int cmd, unsigned int count, char *buffer" }],
    rows: [{ from: "4.12", row: "do do do do do" }],
    legacyArgs: { x86: [3, 3], arm: 3 },
  },
  {
    name: "physdev_op_compat",
    number: 19,
    summary: "Physical-device operations in the pre-0x00030202 form; superseded by physdev_op.",
    status: "deprecated",
    prototypes: [
      {
        from: "4.12",
        do: "physdev_op_t *uop",
        dep: "physdev_op_t *uop",
        compat: "physdev_op_compat_t *uop",
      },
    ],
    rows: [{ from: "4.12", row: "compat do - - dep", config: "CONFIG_PV || CONFIG_ARM" }],
    legacyArgs: { x86: [1, 1], arm: 1 },
  },
  {
    name: "grant_table_op",
    number: 20,
    summary: "Grant tables: set up, map, unmap, copy and version (GNTTABOP_*).",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "unsigned int cmd, void *uop, unsigned int count",
        hvm: "unsigned int cmd, void *uop, unsigned int count",
        compat: "unsigned int cmd, void *uop, unsigned int count",
      },
    ],
    rows: [
      { from: "4.12", row: "compat do hvm hvm do" },
      { from: "4.13", row: "compat do hvm hvm do", config: "CONFIG_GRANT_TABLE" },
    ],
    legacyArgs: { x86: [3, 3], arm: 3 },
  },
  {
    name: "vm_assist",
    number: 21,
    summary: "Enable or disable a VM assist (VMASST_*).",
    status: "active",
    prototypes: [
      // compat_vm_assist (xen/hypercall.h) went when 4.14 made pv32 call do_vm_assist.
      {
        from: "4.12",
        do: "unsigned int cmd, unsigned int type",
        compat: "unsigned int cmd, unsigned int type",
      },
      { from: "4.14", do: "unsigned int cmd, unsigned int type" },
    ],
    rows: [
      // 4.12-4.13 pv32 called compat_vm_assist; HVM had no entry until 4.14.
      { from: "4.12", row: "compat do - - do" },
      { from: "4.14", row: "do do do do do" },
    ],
    legacyArgs: { x86: [2, 2], arm: 2 },
  },
  {
    name: "vcpu_op",
    number: 24,
    summary: "Per-vCPU operations: up/down, timers, runstate and vcpu_info areas (VCPUOP_*).",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "int cmd, unsigned int vcpuid, void *arg",
        compat: "int cmd, unsigned int vcpuid, void *arg",
        // Arm's filter in front of do_vcpu_op (asm-arm/hypercall.h, 4.12-4.16).
        do_arm: "int cmd, unsigned int vcpuid, void *arg",
        rettype: { do_arm: "long" },
      },
      {
        from: "4.17",
        do: "int cmd, unsigned int vcpuid, void *arg",
        compat: "int cmd, unsigned int vcpuid, void *arg",
      },
    ],
    rows: [
      { from: "4.12", row: "compat do compat do do_arm" },
      { from: "4.17", row: "compat do compat:1 do:1 do" },
    ],
    legacyArgs: { x86: [3, 3], arm: 3 },
  },
  {
    name: "xsm_op",
    number: 27,
    summary: "Security-module (XSM/FLASK) operations.",
    status: "active",
    // Guarded by CONFIG_XSM only after 4.22 (hypercall-defs.c at HEAD).
    prototypes: [{ from: "4.12", do: "void *op", compat: "void *op" }],
    rows: [
      // hvm32 called do_xsm_op until 4.16 made it COMPAT_CALL(xsm_op).
      { from: "4.12", row: "compat do do do do" },
      { from: "4.16", row: "compat do compat do do" },
    ],
    legacyArgs: { x86: [1, 1], arm: 1 },
  },
  {
    name: "sched_op",
    number: 29,
    summary: "Scheduler operations: yield, block, shutdown, poll (SCHEDOP_*).",
    status: "active",
    prototypes: [{ from: "4.12", do: "int cmd, void *arg", compat: "int cmd, void *arg" }],
    rows: [{ from: "4.12", row: "compat do compat do do" }],
    legacyArgs: { x86: [2, 2], arm: 2 },
  },
  {
    name: "event_channel_op",
    number: 32,
    summary: "Event channels: allocate, bind, send, close (EVTCHNOP_*).",
    status: "active",
    prototypes: [{ from: "4.12", do: "int cmd, void *arg" }],
    rows: [
      { from: "4.12", row: "do do do do do" },
      { from: "4.17", row: "do do do:1 do:1 do:1" },
    ],
    legacyArgs: { x86: [2, 2], arm: 2 },
  },
  {
    name: "physdev_op",
    number: 33,
    summary: "Physical devices: IRQs, PIRQs and PCI devices (PHYSDEVOP_*).",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "int cmd, void *arg",
        hvm: "int cmd, void *arg",
        compat: "int cmd, void *arg",
        do_arm: "int cmd, void *arg",
      },
    ],
    rows: [
      // Arm called do_physdev_op directly until 4.17 routed it through do_arm_physdev_op.
      { from: "4.12", row: "compat do hvm hvm do" },
      { from: "4.17", row: "compat do hvm hvm do_arm" },
    ],
    legacyArgs: { x86: [2, 2], arm: 2 },
  },
  {
    name: "hvm_op",
    number: 34,
    summary: "HVM operations: parameters, guest requests and more (HVMOP_*).",
    status: "active",
    prototypes: [{ from: "4.12", do: "unsigned long op, void *arg" }],
    rows: [{ from: "4.12", row: "do do do do do", config: "CONFIG_HVM" }],
    legacyArgs: { x86: [2, 2], arm: 2 },
  },
  {
    name: "sysctl",
    number: 35,
    summary: "System-wide control operations for the toolstack (XEN_SYSCTL_*).",
    status: "active",
    prototypes: [{ from: "4.12", do: "xen_sysctl_t *u_sysctl" }],
    rows: [
      { from: "4.12", row: "do do do do do" },
      { from: "4.15", row: "do do do do do", config: SHIM },
      { from: "4.21", row: "do do do do do", config: "CONFIG_SYSCTL" },
    ],
    // Arm's old table listed sysctl with 2 arguments (traps.c, 4.12-4.16).
    legacyArgs: { x86: [1, 1], arm: 2 },
  },
  {
    name: "domctl",
    number: 36,
    summary: "Per-domain control operations for the toolstack (XEN_DOMCTL_*).",
    status: "active",
    prototypes: [{ from: "4.12", do: "xen_domctl_t *u_domctl" }],
    rows: [
      { from: "4.12", row: "do do do do do" },
      { from: "4.15", row: "do do do do do", config: SHIM },
    ],
    legacyArgs: { x86: [1, 1], arm: 1 },
  },
  {
    name: "argo_op",
    number: 39,
    summary: "Argo: hypervisor-mediated messages between domains through registered rings.",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "unsigned int cmd, void *arg1, void *arg2, unsigned long arg3, unsigned long arg4",
        compat: "unsigned int cmd, void *arg1, void *arg2, unsigned long arg3, unsigned long arg4",
      },
    ],
    // Arm guests, AArch32 included, call do_argo_op, never compat_argo_op.
    rows: [{ from: "4.12", row: "compat do compat do do", config: "CONFIG_ARGO" }],
    legacyArgs: { x86: [5, 5], arm: 5 },
  },
  {
    name: "dm_op",
    number: 41,
    summary: "Device-model operations on a target domain, for ioreq servers (XEN_DMOP_*).",
    status: "active",
    prototypes: [
      {
        from: "4.12",
        do: "domid_t domid, unsigned int nr_bufs, xen_dm_op_buf_t *bufs",
        compat: "domid_t domid, unsigned int nr_bufs, void *bufs",
      },
    ],
    rows: [
      { from: "4.12", row: "compat do compat do -", config: "CONFIG_HVM" },
      {
        from: "4.15",
        row: "compat do compat do do",
        config: "CONFIG_HVM (x86), CONFIG_IOREQ_SERVER (Arm)",
      },
      { from: "4.17", row: "compat do compat do do", config: "CONFIG_IOREQ_SERVER" },
    ],
    legacyArgs: { x86: [3, 3], arm: 3 },
  },
  {
    name: "hypfs_op",
    number: 42,
    summary: "Read and write Xen's hypervisor filesystem (XEN_HYPFS_OP_*).",
    status: "active",
    prototypes: [
      {
        from: "4.14",
        do: "unsigned int cmd, const char *arg1, unsigned long arg2, void *arg3, unsigned long arg4",
      },
    ],
    rows: [{ from: "4.14", row: "do do do do do", config: "CONFIG_HYPFS" }],
    legacyArgs: { x86: [5, 5], arm: 5 },
  },
];
