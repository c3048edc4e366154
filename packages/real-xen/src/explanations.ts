/**
 * Why a known difference between the machine and real Xen is what it is. Each rule matches
 * differences by scenario file, step label or what differs; the docs page lists each
 * difference under its rule's text, and any difference no rule matches as unexplained.
 * Differences that are the machine's fault are also written up for the handlers' lane.
 */
export interface Difference {
  readonly file: string;
  readonly label: string;
  readonly what: string;
  /** `4.17 arm64-release` */
  readonly build: string;
}

export interface Explanation {
  readonly id: string;
  readonly match: (d: Difference) => boolean;
  readonly text: string;
}

export const EXPLANATIONS: readonly Explanation[] = [
  {
    id: "preemption point",
    match: (d) =>
      /preempted|multicall\(list, \d\)|the five entries/.test(d.label) && !/ret:/.test(d.what),
    text:
      "Where Xen preempts a long hypercall is its choice: real Xen preempts only when a softirq " +
      "is pending (hypercall_preempt_check), which depends on timing: mostly the call completed " +
      "in one go and its argument registers kept the values the guest passed, and once (a " +
      "multicall on a busy machine) it was preempted after its first entry, leaving x1 = 1 " +
      "entry left, where the machine ran both at once. The machine preempts after a " +
      "fixed budget of work (4 units) so continuations are visible and deterministic; its " +
      "registers show the continuation's rewritten arguments (count left, buffer or entry list " +
      "advanced). Both are behaviours Xen may show; results agree.",
  },
  {
    id: "smccc: ARCH_WORKAROUND_1 depends on the CPU",
    match: (d) => /SMCCC_ARCH_FEATURES/.test(d.label),
    text:
      "SMCCC_ARCH_FEATURES(SMCCC_ARCH_WORKAROUND_1) answers 0 when the physical CPU needs " +
      "Xen's branch-predictor hardening (Cortex-A57, as QEMU emulates it here) and NOT_SUPPORTED " +
      "otherwise (xen/arch/arm/vsmc.c). The machine answers as for a CPU without the erratum.",
  },
  {
    id: "platform_parameters: a compat guest's struct is 4 bytes",
    match: (d) => /pv32/.test(d.file) && /platform_parameters\.virt_start/.test(d.label),
    text:
      "A 32-bit PV guest's xen_platform_parameters holds one 32-bit virt_start, so Xen writes 4 " +
      "bytes (xen/common/kernel.c: do_xen_version; compat/kernel.c before 4.18); the probe " +
      "reads 8, and bytes 4-7 are what " +
      "XENVER_changeset left there just before: the build's own changeset string, which differs " +
      "from the machine's (see the changeset difference).",
  },
  {
    id: "x86: Xen writes the vCPU's time into a vcpu_info it moves",
    match: (d) =>
      /bringup-(pv64|hvm64)/.test(d.file) &&
      /new vcpu_info/.test(d.label) &&
      /bytes differ from offset (3[2-9]|[4-5]\d|6[0-3])$/.test(d.what),
    text:
      "After register_vcpu_info moves a vCPU's vcpu_info, x86 Xen refreshes its vcpu_time_info " +
      "(bytes 32-63 of a 64-bit guest's vcpu_info: version, tsc_timestamp, system_time, the TSC " +
      "scale and flags) from the host's clock (xen/common/domain.c: map_guest_area, or " +
      "xen/common/domain.c: map_vcpu_info in 4.17, calls force_update_vcpu_system_time; " +
      "xen/arch/x86/time.c: " +
      "__update_vcpu_system_time). Real Xen's values are the host's TSC, its calibration and " +
      "the uptime, and the version counts the updates since boot: different on every boot. The " +
      "machine writes the same record from its own clock (XenState.clock: NOW() 0, a 1 GHz " +
      "TSC), version 4 after the first schedule's 2; both versions are even. Arm's " +
      "update_vcpu_system_time writes nothing, so arm64 agrees.",
  },
  {
    id: "x86: HVMOP_get_time is the host's uptime",
    match: (d) =>
      /hvm-op-(guest-ops|pv)/.test(d.file) &&
      /NOW\(\)/.test(d.label) &&
      /^bytes differ from offset [0-7]$/.test(d.what),
    text:
      "HVMOP_get_time writes NOW(), Xen's system time in nanoseconds since boot " +
      "(xen/arch/x86/hvm/hvm.c do_hvm_op): real Xen's is the uptime of that boot, different " +
      "every time; the machine's clock stands at system time 0 (XenState.clock). The call's " +
      "result agrees.",
  },
];

/** Where running a domU's scenario as dom0 shows what only dom0 is. */
export const EXPLANATIONS_DOM0: readonly Explanation[] = [
  {
    id: "dom0: a PV guest maps its own memory",
    match: (d) =>
      /bringup-pv64/.test(d.file) && /unmapped frame faults|a new, zeroed page/.test(d.label),
    text:
      "A PV guest's page tables are its own: XENMEM_decrease_reservation takes the frame from " +
      "the domain (1 extent done on both sides) but the guest's mapping keeps it alive, so Xen's " +
      "copy through that address still succeeds (here it reads the old evtchn_send_t, and " +
      "EVTCHNOP_send answers -EINVAL for its port) and the bytes read there afterwards are the " +
      "old ones; XENMEM_populate_physmap hands back a machine frame the guest has to map itself " +
      "(xen/common/memory.c). The scenario's model, where a frame given back is unmapped, is a " +
      "translated guest's.",
  },
  {
    id: "dom0: dom0 on Arm is direct-mapped",
    match: (d) => /bringup-aarch(64|32)/.test(d.file) && /a new, zeroed page/.test(d.label),
    text:
      "Arm's dom0 is direct-mapped (guest frame = machine frame): XENMEM_populate_physmap maps " +
      "the very frame the gfn names back into it (xen/common/memory.c populate_physmap, " +
      "is_domain_direct_mapped), with the contents it had, where a domU gets a fresh, scrubbed " +
      "page. Results agree; only the bytes read back differ.",
  },
  {
    id: "dom0: machphys_mapping's max_mfn is the host's last frame",
    match: (d) =>
      /memory-op-toolstack-ops-x86/.test(d.file) &&
      /machphys_mapping/.test(d.label) &&
      /^bytes differ from offset 16$/.test(d.what),
    text:
      "For the hardware domain, on a host without memory hot-plug, XENMEM_machphys_mapping's " +
      "max_mfn is max_page - 1, the host's last RAM frame (xen/arch/x86/mm.c arch_memory_op): " +
      "0x1ffde under QEMU's 512 MiB here. The machine's host has 4 GiB (max_page 0x100000), so " +
      "its dom0 reads 0xfffff. A domU reads MACH2PHYS_NR_ENTRIES - 1 (0x7ffffffff) on both; " +
      "the M2P window (v_start, v_end) agrees.",
  },
  {
    id: "dom0: a PV guest's GDT and page-table frames are machine frames it maps writable",
    match: (d) =>
      /vcpu-initialise-pv(64|32)/.test(d.file) &&
      /fixed up before the refusal|now succeeds|of vCPU 1 succeeds|slot 258|VCPUOP_up of vCPU 1|writable mapping of a GDT frame|stay adjusted|four-level table succeeds|as validated|slot 9 was cleared|Xen's now/.test(
        d.label,
      ),
    text:
      "VCPUOP_initialise takes each GDT frame as a descriptor page and the CR3 frame as a page " +
      "table (xen/arch/x86/pv/descriptor-tables.c pv_set_gdt, xen/arch/x86/domain.c " +
      "arch_set_info_guest). For a PV guest the frame numbers in vcpu_guest_context_t are " +
      "machine frames, which the harness does not relocate into the test guest's window, and the " +
      "window's own frames are mapped writable by dom0's page tables, so they hold a writable " +
      "type that keeps them from taking another (xen/arch/x86/mm.c _get_page_type): real Xen " +
      "refuses every such context (-EINVAL) and never writes the fix-ups, the root table's Xen " +
      "slots or cleared entries, or the entries' adjustments, nor reaches the four-level table's " +
      "L1 (-EBUSY in the machine); a pv32 dom0 meets the same. " +
      "The machine's PV frames start unmapped and untyped (docs: Guest memory), so its guest " +
      "can hand a frame over as a GDT or page table without remapping it read-only first.",
  },
];

/** What only two real domains (a dom0less boot, `file#dom0less`) show. */
export const EXPLANATIONS_DOM0LESS: readonly Explanation[] = [
  {
    id: "dom0less: a dom0less domU may write to the console",
    match: (d) =>
      /#dom0less$/.test(d.file) &&
      /CONSOLEIO_write|may not write/.test(d.label) &&
      /real 0/.test(d.what),
    text:
      "Xen marks every domU it builds at boot from the device tree a console domain " +
      "(xen/arch/arm/domain_build.c create_domUs in 4.17, " +
      "xen/arch/arm/dom0less-build.c create_domUs in 4.20: " +
      "`d->is_console = true`), and XSM's console_io hook lets a console domain write " +
      "(xen/include/xsm/dummy.h xsm_console_io). The scenario's domU is a toolstack's, which is " +
      "not one, so a release build refuses it (-EPERM). A difference of the dom0less boot, not " +
      "of the machine.",
  },
  {
    id: "memory: a page given back is not scrubbed",
    match: (d) => /#dom0less$/.test(d.file) && /a new, zeroed page/.test(d.label),
    text:
      "A live domain's freed pages go back to the heap unscrubbed (xen/common/page_alloc.c " +
      "free_domheap_pages scrubs only a dying domain's, or with scrub_domheap), and " +
      "XENMEM_populate_physmap right after XENMEM_decrease_reservation gets the same page back, " +
      "with what the domain had written there. The machine hands out a zeroed page.",
  },
];

/** What the harness does not translate yet. */
export const EXPLANATIONS_HARNESS: readonly Explanation[] = [
  {
    id: "harness: gnttab_setup_table's frame list holds real frame numbers",
    match: (d) =>
      /bringup-(pv64|aarch64|aarch32)/.test(d.file) &&
      (d.label === "" || /frame list names|machine number/.test(d.label)) &&
      /^bytes differ/.test(d.what),
    text:
      "GNTTABOP_setup_table writes the grant table's frame numbers through each op's frame_list " +
      "handle (relocated into the test guest's window like every handle). The numbers are the " +
      "real frames: a machine frame for a PV guest, the gfn Xen maps the table at for dom0 on " +
      "Arm (dom0's own grant-table region, not a domU's GUEST_GNTTAB_BASE); the machine gives " +
      "its own (0x1000 + domid * 128 on x86, GUEST_GNTTAB_BASE on Arm). Status and result agree.",
  },
];

export const EXPLANATIONS_4_20: readonly Explanation[] = [
  {
    id: "extraversion: Debian's 4.20 build is 4.20.5-pre",
    match: (d) =>
      (/extraversion$/.test(d.label) ||
        ((/sub-op 11 \(the \*2 ops/.test(d.label) || /XENVER_extraversion2/.test(d.label)) &&
          /ret: machine 2, real 6/.test(d.what))) &&
      /4\.20/.test(d.build),
    text:
      "Debian 13's package 4.20.4+63-g7abfd2bce2 is built from 63 commits past RELEASE-4.20.4 on " +
      "stable-4.20, where Xen's version already reads 4.20.5-pre: its XENVER_extraversion is " +
      '".5-pre", the machine (at 4.20.4) answers ".4"; so XENVER_extraversion2 with a NULL ' +
      "handle (the string's length) is 6 on Debian's build and 2 on the machine.",
  },
  {
    id: "xen_version: a build's changeset is its own",
    match: (d) => /sub-op 13 \(the \*2 ops/.test(d.label) && /real 0$/.test(d.what.split(";")[0]!),
    text:
      "Xen's changeset string is the source tree's state when it was built (xen/tools/scmversion, " +
      "into xen/include/xen/compile.h.in's placeholders); Debian builds from a source tarball, where it is empty, so " +
      "XENVER_changeset2 with a NULL handle answers 0. The machine's changeset stands in for a " +
      'build of the release tag, "RELEASE-4.20.4" (14 bytes).',
  },
  {
    id: "xen_version: the boot's command line is the harness's",
    match: (d) => /sub-op 14 \(the \*2 ops/.test(d.label) && /ret: machine 0,/.test(d.what),
    text:
      "XENVER_commandline2 with a NULL handle is the length of Xen's boot command line. The " +
      "harness boots real Xen with its own options (console, dom0_mem, loglvl: 86 bytes on " +
      "x86_64, 73 on arm64), while the scenario gives the machine none (`cmdline` is empty), so " +
      "the machine answers 0. A scenario that states the same `cmdline` gets the same length.",
  },
  {
    id: "multicall: nr_calls is unsigned long from 4.20",
    match: (d) =>
      /multicall count top half set|entry 0 again/.test(d.label) && /4\.20/.test(d.build),
    text:
      "Xen 4.20 declares multicall's nr_calls `unsigned long` (xen/include/hypercall-defs.c, " +
      "xen/common/multicall.c), 4.17 `unsigned int`: a count with its top half set is a count " +
      "of some 4 billion entries on 4.20. The machine, which models that, runs on through the " +
      "scenario's 1 MiB of memory, preempting every few entries, until an entry's copy faults " +
      "(-EFAULT after some 4000 continuations). Real Xen does the same through dom0's far larger " +
      "memory: on arm64 the call has not returned when the harness's 20 s limit ends the boot, " +
      "and on x86_64 dom0 crashed during the call. No result to compare.",
  },
  {
    id: "smccc: SMCCC_VERSION 1.2 from 4.20",
    match: (d) => /SMCCC_VERSION/.test(d.label),
    text:
      "Xen 4.20 reports SMCCC 1.2 (0x10002; xen/arch/arm/vsmc.c), 4.17 reports 1.1. The machine " +
      "answers 1.1 for every release.",
  },
];

export function explain(d: Difference): Explanation | undefined {
  return [
    ...EXPLANATIONS,
    ...EXPLANATIONS_DOM0LESS,
    ...EXPLANATIONS_DOM0,
    ...EXPLANATIONS_HARNESS,
    ...EXPLANATIONS_4_20,
  ].find((e) => e.match(d));
}
