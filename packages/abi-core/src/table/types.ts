import type { GuestType } from "../abi/modes.js";
import type { Release } from "../machine/release.js";

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
