import type { GuestType, XenArch } from "../abi/modes.js";
import type { HypercallHandler } from "../machine/call.js";
import type { ReleaseRef } from "../machine/release.js";
import { buildDispatchTable, dispatchTable } from "../table/dispatch-table.js";
import type { DispatchEntry } from "../table/types.js";
import type { Registry } from "../hypercalls/registry.js";
import type { NarrowTrace } from "../machine/trace-log.js";
import { narrowOf, type Narrow } from "./narrow.js";

/** A dispatch entry bound to its model handler, with each parameter's narrowing precomputed. */
export interface BoundEntry {
  readonly entry: DispatchEntry;
  /** null: the machine does not model this handler (the trace says so). */
  readonly fn: HypercallHandler | null;
  /** Narrowing per prototype parameter. */
  readonly narrow: readonly Narrow[];
  readonly nparams: number;
  /** Each parameter's narrowing as the trace names it, made on first traced call (per machine). */
  readonly traces: (NarrowTrace | undefined)[];
}

export type BoundTable = readonly (BoundEntry | undefined)[];

/**
 * call_handlers_<guestType> as data: for every number, the handler and how its arguments
 * narrow. Handlers come from the registry's records; `extra` adds those that live above the
 * handler layer (multicall), bound to one machine, so each machine binds its own table
 * (DispatchContext caches it).
 */
export function boundTable(
  release: ReleaseRef,
  arch: XenArch,
  guestType: GuestType,
  extra: Readonly<Record<string, HypercallHandler>>,
  registry: Registry,
): BoundTable {
  const table = registry.hasOwnRows
    ? buildDispatchTable(release, arch, guestType, registry.hypercalls)
    : dispatchTable(release, arch, guestType);
  const handlers = registry.handlers;
  return table.map((entry) => {
    if (entry === undefined) return undefined;
    const fn = extra[entry.handler] ?? handlers[entry.handler] ?? null;
    const narrow = entry.prototype.params.map((p) => narrowOf(p.type));
    return { entry, fn, narrow, nparams: narrow.length, traces: [] };
  });
}

/** The table of a build that lacks `off` (a Kconfig option left out): those cells are empty. */
export function withoutHandlers(table: BoundTable, off: ReadonlySet<string>): BoundTable {
  if (off.size === 0) return table;
  return table.map((e) => (e !== undefined && off.has(e.entry.handler) ? undefined : e));
}
