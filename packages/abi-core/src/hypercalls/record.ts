/**
 * The record of one hypercall: the facts its handler, the dispatcher, the docs, the CLI, the
 * site, the real-Xen harness and the tests all read. Each modelled hypercall keeps its record
 * in `src/hypercalls/<name>/record.ts`, beside its handler; `hypercalls/registry.ts` collects
 * them. Numbers, prototypes and table rows stay in `table/` (HypercallSource) and are joined
 * by name.
 */
import type { XenArch } from "../abi/modes.js";
import type { HypercallHandler } from "../machine/call.js";
import type { ReleaseRef } from "../machine/release.js";
import type { HypercallSource } from "../table/types.js";

/**
 * One check a handler makes, in Xen's order. `id` is stable (`argo_op.register_ring.npages_max`):
 * the trace records it when the check fails, and tests, docs and the coverage report name it.
 */
export interface CheckRecord {
  /** `<hypercall>.<sub-op without prefix, or "entry">.<what>`, lower snake case. */
  readonly id: string;
  /**
   * What the guest gets when the check fails: an errno name (`EINVAL`), or a named non-errno
   * result (`PSCI_NOT_SUPPORTED`, `GNTST_bad_domain`, `domain_crash`).
   */
  readonly errno: string;
  /** Where Xen makes the check: `xen/common/argo.c: register_ring`. */
  readonly xen: string;
  /** One line: what fails it. */
  readonly when: string;
  /** First release (as Xen tags it) that makes the check; absent: every modelled release. */
  readonly since?: ReleaseRef;
  /** Last release that makes it. */
  readonly until?: ReleaseRef;
  /** Only on these Xen architectures; absent: all. */
  readonly arch?: readonly XenArch[];
  /**
   * Why the model cannot make this check fail (an allocation failure, a state the model never
   * has). The coverage report lists such checks but does not ask a test for them.
   */
  readonly untestable?: string;
}

/** What a check may add to its id, errno, citation and condition. */
export type CheckExtra = Partial<Pick<CheckRecord, "since" | "until" | "arch" | "untestable">>;

/**
 * Writes one CheckRecord: `c("register_ring.flags", "EINVAL", "register_ring", "flags has ...")`.
 * `id` is without the hypercall's name; `where` is the Xen function, in the record's file, or
 * a whole citation (`xen/arch/arm/domain.c: do_vcpu_op`) when the check sits elsewhere.
 */
export type CheckMaker = (
  id: string,
  errno: string,
  where: string,
  when: string,
  extra?: CheckExtra,
) => CheckRecord;

/**
 * The one helper every record writes its checks with: `const c = checkMaker("argo_op",
 * "xen/common/argo.c")`. Ids become `<hypercall>.<id>`, citations `<file>: <function>`.
 */
export function checkMaker(hypercall: string, file: string): CheckMaker {
  return (id, errno, where, when, extra = {}) => ({
    id: `${hypercall}.${id}`,
    errno,
    xen: where.includes(": ") ? where : `${file}: ${where}`,
    when,
    ...extra,
  });
}

/** How an argument or struct field is interpreted, for relocation and documentation. */
export type ArgKind =
  "value" | "subop" | "count" | "flags" | "handle" | "gfn" | "domid" | "port" | "vcpu";

export interface SubopRecord {
  /** Exactly as the public header defines it (`XEN_ARGO_OP_register_ring`, `XENVER_version`). */
  readonly name: string;
  readonly number: number;
  /** Whether the machine runs it; a sub-op that is not reports `unmodelled`, never an errno. */
  readonly modelled: boolean;
  /** Argument kinds, arguments 1-5 of the hypercall (index 0 = arg 1). */
  readonly args?: readonly ArgKind[];
  /** Structs it reads or writes, by the layout engine's names. */
  readonly structs?: readonly string[];
  /** In Xen's order. */
  readonly checks: readonly CheckRecord[];
  readonly since?: ReleaseRef;
  readonly until?: ReleaseRef;
}

export interface HypercallRecord {
  /** As in the table (`argo_op`): joins HypercallSource. */
  readonly name: string;
  /** The #define family of sub-ops (`XEN_ARGO_OP_`); absent when the hypercall has none. */
  readonly subopPrefix?: string;
  /** Which argument (0-based) carries the sub-op. */
  readonly subopArg?: number;
  /** What an unknown sub-op returns (errno name). */
  readonly unknownSubop?: string;
  /** Argument kinds of the hypercall itself (index 0 = arg 1), when no sub-op refines them. */
  readonly args?: readonly ArgKind[];
  /** Checks made before the sub-op is dispatched, in Xen's order. */
  readonly checks: readonly CheckRecord[];
  readonly subops: readonly SubopRecord[];
  /** Model handlers by the C function Xen calls (`do_argo_op`, `compat_argo_op`). */
  readonly handlers: Readonly<Record<string, HypercallHandler>>;
  /**
   * The table row of a hypercall Xen's table does not have (a made-up or proposed one). A real
   * hypercall leaves this out: its number, prototypes and rows come from `table/` by name.
   */
  readonly table?: HypercallSource;
}
