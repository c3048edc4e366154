/**
 * Behaviour the machine models that differs between Xen releases, each with the commit that
 * introduced it and the first tag of every branch that carries it, backports included. A
 * reader can check every entry in a clone of xen-project/xen:
 *
 *     git log -1 <commit>                 # the change
 *     git tag --contains <commit>         # its first RELEASE-* tag on master
 *     git log stable-4.N --grep '<subject>' -F --format='%h %s'   # a backport
 *     git tag --contains <backport>       # its first RELEASE-4.N.* tag
 *
 * `packages/abi-core/scripts/check-release-differences.sh MIRROR` runs those commands for
 * every entry. Release differences in the hypercall table (rows, prototypes, structs) are
 * per line: they come with header changes that Xen does not backport.
 */
import type { GuestMode } from "../abi/modes.js";
import type { Release } from "./release.js";

export interface ReleaseCommit {
  /** Commit id in xen-project/xen (the first 10 hex digits, as Xen's Fixes: tags write them). */
  readonly commit: string;
  /** The branch it is on: "master" or "stable-4.N" (a backport). */
  readonly branch: string;
  /** The commit's subject line. */
  readonly subject: string;
  /** The first RELEASE-* tag that contains it, without the prefix. */
  readonly firstTag: Release;
}

export interface ReleaseDifference {
  /** The ReleaseProfile flag that switches it. */
  readonly id: ReleaseDifferenceId;
  /** What changes, in one sentence, as of the releases that carry it. */
  readonly summary: string;
  /** Architectures whose behaviour it changes. */
  readonly arches: readonly ("arm64" | "arm32" | "x86_64")[];
  /** The master commits and every backport. */
  readonly commits: readonly ReleaseCommit[];
  /**
   * The first tag of every branch that carries it (`firstTag` of each commit, one per line):
   * a release has it when its own line is listed and it is that tag or later, or when its
   * line is newer than every listed one.
   */
  readonly firstTags: readonly Release[];
  /** Example scenarios (examples/scenarios/NAME.yaml) whose results it changes. */
  readonly scenarios: readonly string[];
  /** Hypercalls whose own behaviour it changes (their pages say since/until), by name. */
  readonly hypercalls: readonly string[];
  /** Guest modes whose entry or exit path it changes (their ABI pages say since/until). */
  readonly modes: readonly GuestMode[];
}

export type ReleaseDifferenceId =
  | "armZeroAarch32TopHalves"
  | "generatedDispatch"
  | "argoSendvEagain"
  | "argoSendvZeroExtends"
  | "physmapBatchRes0"
  | "acquireResourceCallerCheck"
  | "gnttabCopyPinnedCheck"
  | "vcpuInfoAlignCheck"
  | "evtchn2lLimitPerShinfo";

export const RELEASE_DIFFERENCES: readonly ReleaseDifference[] = Object.freeze([
  {
    id: "armZeroAarch32TopHalves",
    summary:
      "arm64 Xen zeroes the top 32 bits of x0-x30 on every entry from an AArch32 guest " +
      "(xen/arch/arm/arm64/entry.S: clobber_gp_top_halves)",
    arches: ["arm64"],
    commits: [
      {
        commit: "32365f3476",
        branch: "master",
        subject: "xen/arm64: Zero the top 32 bits of gp registers on entry...",
        firstTag: "4.17.0",
      },
      {
        commit: "04c7cc2b79",
        branch: "stable-4.16",
        subject: "xen/arm64: Zero the top 32 bits of gp registers on entry...",
        firstTag: "4.16.1",
      },
    ],
    firstTags: ["4.16.1", "4.17.0"],
    scenarios: ["aarch32-upper-bits-4.16", "aarch32-upper-bits-4.17"],
    hypercalls: [],
    modes: ["aarch32"],
  },
  {
    id: "generatedDispatch",
    summary:
      "hypercalls dispatch through the generated call_handlers_* macros: an unknown number is " +
      "-ENOSYS from the switch, argument counts come from the prototypes, and a debug build " +
      "no longer poisons argument registers when the result is -ENOSYS",
    arches: ["arm64", "arm32", "x86_64"],
    commits: [
      {
        commit: "eca1f00d02",
        branch: "master",
        subject: "xen: generate hypercall interface related code",
        firstTag: "4.17.0",
      },
      {
        commit: "8523851dbc",
        branch: "master",
        subject: "xen/x86: call hypercall handlers via generated macro",
        firstTag: "4.17.0",
      },
      {
        commit: "39fc5f5c02",
        branch: "master",
        subject: "xen/arm: call hypercall handlers via generated macro",
        firstTag: "4.17.0",
      },
    ],
    firstTags: ["4.17.0"],
    scenarios: ["debug-poison-enosys-x86", "debug-poison-arm64"],
    hypercalls: [],
    modes: ["aarch64", "aarch32", "pv64", "pv32", "hvm64", "hvm32"],
  },
  {
    id: "argoSendvEagain",
    summary:
      "Argo sendv reports -EAGAIN on a full ring (and the pending length it registers is the " +
      "message's) instead of passing on ringbuf_insert's result",
    arches: ["arm64", "arm32", "x86_64"],
    commits: [
      {
        commit: "480800c769",
        branch: "master",
        subject: "argo: warn sendv() caller when ring is full",
        firstTag: "4.13.0",
      },
      {
        commit: "8966a3e9ab",
        branch: "master",
        subject: "argo: correctly report pending message length",
        firstTag: "4.13.0",
      },
      {
        commit: "478a0ecb1a",
        branch: "stable-4.12",
        subject: "argo: warn sendv() caller when ring is full",
        firstTag: "4.12.1",
      },
      {
        commit: "46262b87eb",
        branch: "stable-4.12",
        subject: "argo: correctly report pending message length",
        firstTag: "4.12.1",
      },
    ],
    firstTags: ["4.12.1", "4.13.0"],
    scenarios: ["argo-sendv-full-ring-4.12"],
    hypercalls: ["argo_op"],
    modes: [],
  },
  {
    id: "argoSendvZeroExtends",
    summary:
      "Argo sendv ends with `return (ret < 0) ? ret : len` where len became `unsigned int` " +
      "(xen/common/argo.c: sendv): an error found after the XSM send hook (no Argo state, no " +
      "ring, a bad iov, a full ring) converts to unsigned int, so a 64-bit Xen returns it " +
      "zero-extended (-EINVAL reaches x0/rax as 0x00000000ffffffea); 4.12.0's unsigned long " +
      "len kept the sign. Still so in 4.22 and on master",
    arches: ["arm64", "x86_64"],
    commits: [
      {
        commit: "8966a3e9ab",
        branch: "master",
        subject: "argo: correctly report pending message length",
        firstTag: "4.13.0",
      },
      {
        commit: "46262b87eb",
        branch: "stable-4.12",
        subject: "argo: correctly report pending message length",
        firstTag: "4.12.1",
      },
    ],
    firstTags: ["4.12.1", "4.13.0"],
    scenarios: ["argo-sendv-errors"],
    hypercalls: ["argo_op"],
    modes: [],
  },
  {
    id: "physmapBatchRes0",
    summary:
      "XENMEM_add_to_physmap_batch refuses XENMAPSPACE_dev_mmio with u.res0 set (-EOPNOTSUPP) " +
      "before its first entry, and passes u.foreign_domid on only for XENMAPSPACE_gmfn_foreign " +
      "(xenmem_add_to_physmap_batch in common/memory.c; XSA-346)",
    arches: ["arm64", "arm32", "x86_64"],
    commits: [
      {
        commit: "5777a3742d",
        branch: "master",
        subject: "IOMMU: hold page ref until after deferred TLB flush",
        firstTag: "4.15.0",
      },
      {
        commit: "b402e2a14b",
        branch: "stable-4.12",
        subject: "IOMMU: hold page ref until after deferred TLB flush",
        firstTag: "4.12.4",
      },
      {
        commit: "745652fec9",
        branch: "stable-4.13",
        subject: "IOMMU: hold page ref until after deferred TLB flush",
        firstTag: "4.13.2",
      },
      {
        commit: "94c157f2e3",
        branch: "stable-4.14",
        subject: "IOMMU: hold page ref until after deferred TLB flush",
        firstTag: "4.14.1",
      },
    ],
    firstTags: ["4.12.4", "4.13.2", "4.14.1", "4.15.0"],
    scenarios: [],
    hypercalls: ["memory_op"],
    modes: [],
  },
  {
    id: "acquireResourceCallerCheck",
    summary:
      "XENMEM_acquire_resource refuses a translated caller other than the hardware domain " +
      "(-EACCES) before reading its struct, on every architecture; from 4.15 the check is " +
      "arch_acquire_resource_check, which Arm answers true (acquire_resource in common/memory.c)",
    arches: ["arm64", "arm32", "x86_64"],
    commits: [
      {
        commit: "42317dede5",
        branch: "master",
        subject: "xen/memory: Don't skip the RCU unlock path in acquire_resource()",
        firstTag: "4.15.0",
      },
      {
        commit: "8b8fff26f5",
        branch: "stable-4.12",
        subject: "xen/memory: Don't skip the RCU unlock path in acquire_resource()",
        firstTag: "4.12.4",
      },
      {
        commit: "286b3539b7",
        branch: "stable-4.13",
        subject: "xen/memory: Don't skip the RCU unlock path in acquire_resource()",
        firstTag: "4.13.2",
      },
      {
        commit: "5eab5f0543",
        branch: "stable-4.14",
        subject: "xen/memory: Don't skip the RCU unlock path in acquire_resource()",
        firstTag: "4.14.1",
      },
    ],
    firstTags: ["4.12.4", "4.13.2", "4.14.1", "4.15.0"],
    scenarios: [],
    hypercalls: ["memory_op"],
    modes: [],
  },
  {
    id: "gnttabCopyPinnedCheck",
    summary:
      "GNTTABOP_copy into (or from) a grant that is pinned already checks that its entry still " +
      "names the pinned frame, and the same sub-page, else GNTST_general_error; before, the copy " +
      "went to the pinned frame",
    arches: ["arm64", "arm32", "x86_64"],
    commits: [
      {
        commit: "49f1cd9478",
        branch: "stable-4.17",
        subject: "gnttab: check values against active entry when copying an already-pinned one",
        firstTag: "4.17.7",
      },
      {
        commit: "82b09c158e",
        branch: "stable-4.18",
        subject: "gnttab: check values against active entry when copying an already-pinned one",
        firstTag: "4.18.6",
      },
      {
        commit: "7dfed62794",
        branch: "stable-4.19",
        subject: "gnttab: check values against active entry when copying an already-pinned one",
        firstTag: "4.19.6",
      },
      {
        commit: "42093dac70",
        branch: "stable-4.20",
        subject: "gnttab: check values against active entry when copying an already-pinned one",
        firstTag: "4.20.4",
      },
      {
        commit: "14558d435f",
        branch: "stable-4.21",
        subject: "gnttab: check values against active entry when copying an already-pinned one",
        firstTag: "4.21.2",
      },
      {
        commit: "52239dd76f",
        branch: "stable-4.22",
        subject: "gnttab: check values against active entry when copying an already-pinned one",
        firstTag: "4.22.0",
      },
    ],
    firstTags: ["4.17.7", "4.18.6", "4.19.6", "4.20.4", "4.21.2", "4.22.0"],
    scenarios: [],
    hypercalls: ["grant_table_op"],
    modes: [],
  },
  {
    id: "vcpuInfoAlignCheck",
    summary:
      "VCPUOP_register_vcpu_info refuses an offset that is not aligned for the vcpu_info " +
      "(alignof(vcpu_info_t), or of the compat one with a 32-bit shared_info), after the " +
      "page-crossing check and before the already-registered one; map_vcpu_info answers " +
      "-EINVAL until 4.15, -ENXIO from 4.16 (xen/common/domain.c: map_vcpu_info; XSA-327)",
    arches: ["arm64", "arm32", "x86_64"],
    commits: [
      {
        commit: "3fdc211b01",
        branch: "master",
        subject: "xen: Check the alignment of the offset pased via VCPUOP_register_vcpu_info",
        firstTag: "4.14.0",
      },
      {
        commit: "19e0bbb4eb",
        branch: "stable-4.12",
        subject: "xen: Check the alignment of the offset pased via VCPUOP_register_vcpu_info",
        firstTag: "4.12.4",
      },
      {
        commit: "378321bb1f",
        branch: "stable-4.13",
        subject: "xen: Check the alignment of the offset pased via VCPUOP_register_vcpu_info",
        firstTag: "4.13.2",
      },
    ],
    firstTags: ["4.12.4", "4.13.2", "4.14.0"],
    scenarios: ["vcpu-info-offset-4.15"],
    hypercalls: ["vcpu_op"],
    modes: [],
  },
  {
    id: "evtchn2lLimitPerShinfo",
    summary:
      "The 2-level event-channel limit follows has_32bit_shinfo (max_evtchns(d): 1024 ports " +
      "for a 32-bit x86 guest, 4096 otherwise) instead of d->max_evtchns, which " +
      "evtchn_2l_init fixed at 4096 for every guest at domain creation, before a PV guest " +
      "switched to 32 bits or an HVM guest latched its shared_info size (x86 only: Arm's word " +
      "is always 64 bits); SCHEDOP_poll asks port_is_valid instead of comparing with " +
      "d->max_evtchns, on every architecture (XSA-342)",
    arches: ["arm64", "arm32", "x86_64"],
    commits: [
      {
        commit: "62bcdc4edb",
        branch: "master",
        subject: "evtchn/x86: enforce correct upper limit for 32-bit guests",
        firstTag: "4.15.0",
      },
      {
        commit: "b8c9776986",
        branch: "stable-4.12",
        subject: "evtchn/x86: enforce correct upper limit for 32-bit guests",
        firstTag: "4.12.4",
      },
      {
        commit: "e1364e05f9",
        branch: "stable-4.13",
        subject: "evtchn/x86: enforce correct upper limit for 32-bit guests",
        firstTag: "4.13.2",
      },
      {
        commit: "b8c2efbe7b",
        branch: "stable-4.14",
        subject: "evtchn/x86: enforce correct upper limit for 32-bit guests",
        firstTag: "4.14.1",
      },
    ],
    firstTags: ["4.12.4", "4.13.2", "4.14.1", "4.15.0"],
    scenarios: ["evtchn-limit-pre-xsa342", "evtchn-limit-xsa342"],
    hypercalls: ["event_channel_op", "sched_op"],
    modes: [],
  },
] satisfies ReleaseDifference[]);

/** The difference with this id. */
export function releaseDifference(id: ReleaseDifferenceId): ReleaseDifference {
  return RELEASE_DIFFERENCES.find((d) => d.id === id)!;
}
