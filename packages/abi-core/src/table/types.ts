import type { GuestType } from "../abi/modes.js";
import type { Release, ReleaseRef } from "../machine/release.js";

/** Handler prefixes as hypercall-defs.c names them (`do_`, `compat_`, `hvm_`, `dep_`, `do_arm_`). */
export type HandlerPrefix = "do" | "compat" | "hvm" | "dep" | "do_arm";

/** One parameter of a prototype: its name and C type exactly as hypercall-defs.c spells it. */
export interface CParam {
  readonly name: string;
  /** e.g. "unsigned int", "void *", "const void *", "unsigned long", "uint64_t". */
  readonly type: string;
}

/** A handler prototype (one per prefix family: native, compat, hvm, ...). */
export interface Prototype {
  readonly rettype: "long" | "int";
  readonly params: readonly CParam[];
}

/** One cell of the table: which handler a guest type calls. */
export interface TableCell {
  readonly prefix: HandlerPrefix;
  /** `:N` call priority in hypercall-defs.c (fast-path ordering only). */
  readonly priority?: number;
}

/** Dispatch of one hypercall number for one guest type in one release. */
export interface DispatchEntry {
  readonly number: number;
  readonly name: string;
  readonly prefix: HandlerPrefix;
  /** `${prefix}_${name}`, the C function Xen calls (dep_ -> do_deprecated_hypercall). */
  readonly handler: string;
  readonly prototype: Prototype;
  /** How many arguments Xen reads and (debug) poisons: hypercall_args_* for this entry. */
  readonly nargs: number;
}

export type { GuestType, Release };

/**
 * What a hypercall number is today: in use, a deprecated `_compat` predecessor, retired
 * (its handler is gone: tmem_op after 4.12, xenoprof_op after 4.21), Xen-internal (x86's
 * paging_domctl_cont on arch_1) or a reserved arch_N number nothing uses.
 */
export type HypercallStatus = "active" | "deprecated" | "retired" | "internal" | "reserved";

/**
 * One span of releases of a hypercall's row in the dispatch tables, starting at `from` and
 * lasting until the next row's `from`.
 */
export interface HypercallRow {
  readonly from: ReleaseRef;
  /**
   * The five cells in hypercall-defs.c's column order `pv32 pv64 hvm32 hvm64 arm`, spelled as
   * there (`compat:2 do:2 compat do do`, `-` for none). Before 4.17 the row is read off the old
   * per-arch tables (pv_hypercall_table, hvm_hypercall_table, arm_hypercall_table).
   */
  readonly row: string;
  /** The CONFIG_ expression guarding the row in this span; absent when unguarded. */
  readonly config?: string;
}

/**
 * The prototypes of a hypercall from release `from` until the next set, one parameter list per
 * prefix family, spelled as in hypercall-defs.c (`unsigned int cmd, void *arg1`).
 */
export interface PrototypeSet {
  readonly from: ReleaseRef;
  readonly do?: string;
  readonly compat?: string;
  readonly hvm?: string;
  readonly dep?: string;
  readonly do_arm?: string;
  /** Return types that differ from the per-prefix `rettype:` lines (only pre-4.17 handlers). */
  readonly rettype?: Partial<Record<HandlerPrefix, Prototype["rettype"]>>;
}

/** A hypercall as written in the table's source files. */
export interface HypercallSource {
  /** As in public/xen.h without `__HYPERVISOR_`, or Xen's arch name for an arch_N number. */
  readonly name: string;
  readonly number: number;
  /** Other names for the same number (`arch_0` for x86's `mca`). */
  readonly aliases?: readonly string[];
  /** One line: what the hypercall is for. */
  readonly summary: string;
  readonly status: HypercallStatus;
  readonly prototypes: readonly PrototypeSet[];
  /** Release spans, oldest first; none for a number no release dispatches. */
  readonly rows: readonly HypercallRow[];
  /**
   * Argument counts of the pre-4.17 tables: x86 `hypercall_args_table` {native, compat}
   * (shared by PV and HVM) and Arm `arm_hypercall_table[].nr_args`.
   */
  readonly legacyArgs?: {
    readonly x86?: readonly [native: number, compat: number];
    readonly arm?: number;
  };
}
