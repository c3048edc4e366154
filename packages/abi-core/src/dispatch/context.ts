import type { HypercallCall, HypercallHandler } from "../machine/call.js";
import type { Domain } from "../machine/domain.js";
import type { XenState } from "../machine/state.js";
import type { GuestMode } from "../abi/modes.js";
import { legacyTableSize } from "../table/dispatch-table.js";
import { REGISTRY, type Registry } from "../hypercalls/registry.js";
import { boundTable, withoutHandlers, type BoundTable } from "./bound-table.js";
import { handlersOff } from "../machine/config.js";

/** Fault a guest instruction ended in. */
export const enum Fault {
  None = 0,
  Undef = 1,
  DomainCrash = 2,
}

/**
 * Per-machine scratch the dispatcher reuses for every call, so dispatch allocates nothing:
 * the raw argument registers, the handler-facing call object, and the bound tables.
 */
export class DispatchContext {
  readonly rawLo = new Uint32Array(5);
  readonly rawHi = new Uint32Array(5);
  readonly nargs = new Uint8Array(1);
  /** hypercall_args[] of a multicall entry's call: kept apart from the multicall's own. */
  readonly entryNargs = new Uint8Array(1);
  /** One multicall_entry being read or written back (at most 8 words of 8 bytes). */
  readonly entryBuf = new Uint8Array(64);
  readonly entryView = new DataView(this.entryBuf.buffer);
  /** What a debug build writes over a multicall entry it has run. */
  readonly debugCorrupt = new Uint8Array(64).fill(0xaa);
  /** Whether the last dispatch reached call_handlers (a pre-4.17 table miss returns unpoisoned). */
  reachedHandler = false;
  readonly call: HypercallCall;
  private readonly tables = new Map<string, BoundTable>();
  private readonly legacySizes = new Map<string, number>();
  private lastMode: GuestMode | null = null;
  private lastTable: BoundTable | null = null;

  constructor(
    readonly xen: XenState,
    private readonly extraHandlers: Readonly<Record<string, HypercallHandler>>,
    /** The hypercall records whose handlers this machine dispatches to. */
    readonly registry: Registry = REGISTRY,
  ) {
    this.call = {
      xen,
      domain: undefined as unknown as Domain,
      vcpu: undefined as unknown as Domain["vcpus"][number],
      op: 0,
      argLo: new Uint32Array(5),
      argHi: new Uint32Array(5),
      work: 0,
      unmodelled: null,
    };
  }

  /** The bound dispatch table for a domain's guest type in this machine's release. */
  tableFor(d: Domain): BoundTable {
    // A domain's mode never changes: calls from the same mode as last time skip the Map.
    if (d.mode === this.lastMode) return this.lastTable!;
    const gt = d.info.guestType;
    let t = this.tables.get(gt);
    if (t === undefined) {
      t = withoutHandlers(
        boundTable(this.xen.release, this.xen.arch, gt, this.extraHandlers, this.registry),
        handlersOff(this.xen.config ?? {}),
      );
      this.tables.set(gt, t);
    }
    this.lastMode = d.mode;
    this.lastTable = t;
    return t;
  }

  /**
   * ARRAY_SIZE of the pre-4.17 table a domain's guest type dispatched through. A 4.17+ machine
   * with generatedDispatch switched off (the release matrix's what-if) has no such table: its
   * own table's extent stands in.
   */
  legacySizeFor(d: Domain): number {
    const gt = d.info.guestType;
    let n = this.legacySizes.get(gt);
    if (n === undefined) {
      n =
        legacyTableSize(this.xen.release, gt) ??
        this.tableFor(d).findLastIndex((e) => e !== undefined) + 1;
      this.legacySizes.set(gt, n);
    }
    return n;
  }
}
