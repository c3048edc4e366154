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
    id: "sub-ops the machine does not model yet",
    match: (d) =>
      /ret: machine -38/.test(d.what) &&
      /remote_shutdown|shutdown_code|platform_parameters|build_id/.test(d.label),
    text:
      "The machine answers these sub-ops with a stand-in -ENOSYS (sched_op's remote_shutdown and " +
      "shutdown_code, xen_version's platform_parameters and build_id); real Xen runs them " +
      "(xen/common/sched/core.c do_sched_op, xen/common/kernel.c do_xen_version). Once the " +
      "machine reports them `unmodelled`, the harness skips them instead.",
  },
  {
    id: "platform_parameters written only on real Xen",
    match: (d) => /platform_parameters\.virt_start/.test(d.label),
    text:
      "Follows from the sub-op above: real Xen wrote HYPERVISOR_VIRT_START there, the machine " +
      "wrote nothing.",
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
    match: (d) => /bringup-aarch64/.test(d.file) && /a new, zeroed page/.test(d.label),
    text:
      "Arm's dom0 is direct-mapped (guest frame = machine frame): XENMEM_populate_physmap maps " +
      "the very frame the gfn names back into it (xen/common/memory.c populate_physmap, " +
      "is_domain_direct_mapped), with the contents it had, where a domU gets a fresh, scrubbed " +
      "page. Results agree; only the bytes read back differ.",
  },
];

/** What the harness does not translate yet. */
export const EXPLANATIONS_HARNESS: readonly Explanation[] = [
  {
    id: "harness: gnttab_setup_table's frame list is not relocated",
    match: (d) =>
      /bringup-(pv64|aarch64)/.test(d.file) &&
      (d.label === "" || /frame list names|machine number/.test(d.label)) &&
      /^bytes differ/.test(d.what),
    text:
      "GNTTABOP_setup_table writes frame numbers through the frame_list handle inside " +
      "gnttab_setup_table_t, which the harness does not relocate into the test guest's window " +
      "yet (packages/real-xen/src/arg-kinds.ts has no entry for it): real Xen's copy to the " +
      "scenario's raw address fails and the status field (offset 8) reads an error, and the frame " +
      "list then holds nothing. Even relocated, the numbers would be the real frames (dom0's gfn " +
      "on Arm, a machine frame on PV), which differ from the scenario's by the window's place.",
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
      "into xen/include/xen/compile.h); Debian builds from a source tarball, where it is empty, so " +
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
    ...EXPLANATIONS_DOM0,
    ...EXPLANATIONS_HARNESS,
    ...EXPLANATIONS_4_20,
  ].find((e) => e.match(d));
}
