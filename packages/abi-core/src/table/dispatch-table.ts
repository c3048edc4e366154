/**
 * Resolve the hypercall table into what a dispatcher needs: for a release, Xen architecture
 * and guest type, a dense array indexed by hypercall number.
 *
 * From 4.17 Xen dispatches through the generated `call_handlers_<guest>` switch, so any number
 * without a cell is -ENOSYS. Before, it indexed fixed arrays (arm_hypercall_table,
 * pv_hypercall_table, hvm_hypercall_table) whose size was one past the highest entry; a number
 * at or past that size took the `nr >= ARRAY_SIZE(...)` -ENOSYS path, a hole in the array the
 * `fn == NULL` one. legacyTableSize() gives that size.
 */
import type { XenArch } from "../abi/modes.js";
import { GUEST_TYPES } from "../abi/modes.js";
import { releaseProfile, toRelease } from "../machine/release.js";
import {
  HYPERCALLS,
  NR_HYPERCALLS,
  cellAt,
  nargsAt,
  prototypeAt,
  type HypercallRecord,
} from "./hypercalls.js";
import type { ReleaseRef } from "../machine/release.js";
import type { DispatchEntry, GuestType, HandlerPrefix } from "./types.js";

/** Guest types a Xen build dispatches: Arm Xen (arm64 or arm32) has one `arm` column. */
export function guestTypesOf(arch: XenArch): readonly GuestType[] {
  return arch === "x86_64" ? ["pv32", "pv64", "hvm32", "hvm64"] : ["arm"];
}

// eslint-disable-next-line no-restricted-syntax -- memo of a pure function of its key, shared safely
const cache = new Map<string, readonly (DispatchEntry | undefined)[]>();

/**
 * The dispatch table of a full-featured build (every CONFIG_ option on, PV_SHIM_EXCLUSIVE off):
 * length 64, entry n for hypercall n or undefined where Xen has no handler.
 *
 * `handler` is `${prefix}_${name}`. A `dep_` handler is Arm's stand-in for a hypercall deprecated
 * before Xen on Arm existed: it calls do_deprecated_hypercall (traps.c), which returns -ENOSYS;
 * before 4.17 the table pointed at do_deprecated_hypercall directly. x86's arch_1 handler
 * `do_paging_domctl_cont` was called paging_domctl_continuation before 4.17.
 *
 * Arrays are cached per key: the same call returns the same frozen array.
 */
export function dispatchTable(
  release: ReleaseRef,
  arch: XenArch,
  guestType: GuestType,
): readonly (DispatchEntry | undefined)[] {
  const key = `${toRelease(release)}/${arch}/${guestType}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const frozen = buildDispatchTable(release, arch, guestType, HYPERCALLS);
  cache.set(key, frozen);
  return frozen;
}

/**
 * dispatchTable over a given list of hypercalls (Xen's, plus rows hypercall records bring for
 * hypercalls Xen lacks); not cached.
 */
export function buildDispatchTable(
  release: ReleaseRef,
  arch: XenArch,
  guestType: GuestType,
  hypercalls: readonly HypercallRecord[],
): readonly (DispatchEntry | undefined)[] {
  if (!guestTypesOf(arch).includes(guestType)) {
    throw new Error(`${arch} Xen has no ${guestType} guests`);
  }
  const table = new Array<DispatchEntry | undefined>(NR_HYPERCALLS).fill(undefined);
  for (const h of hypercalls) {
    const cell = cellAt(h, release, guestType);
    if (!cell) continue;
    const prototype = prototypeAt(h, release, cell.prefix);
    const nargs = nargsAt(h, release, guestType);
    if (!prototype || nargs === undefined) {
      throw new Error(`${h.name}: no prototype or argument count for ${cell.prefix} in ${release}`);
    }
    table[h.number] = Object.freeze({
      number: h.number,
      name: h.name,
      prefix: cell.prefix,
      handler: `${cell.prefix}_${h.name}`,
      prototype,
      nargs,
    });
  }
  return Object.freeze(table);
}

/**
 * Size of the pre-4.17 array a guest type was dispatched through, i.e. one past its highest
 * populated number; undefined from 4.17, when the generated switch has no size. Xen checked
 * `nr >= ARRAY_SIZE(table)` before looking at the entry (arm/traps.c do_trap_hypercall,
 * x86 pv/hypercall.c, hvm/hypercall.c).
 */
export function legacyTableSize(release: ReleaseRef, guestType: GuestType): number | undefined {
  if (releaseProfile(release).generatedDispatch) return undefined;
  const arch: XenArch = guestType === "arm" ? "arm64" : "x86_64";
  const table = dispatchTable(release, arch, guestType);
  return table.findLastIndex((e) => e !== undefined) + 1;
}

/** ARRAY_SIZE(arm_hypercall_table) for 4.12-4.16 (40 until hypfs_op, 42, arrived in 4.14). */
export function armLegacyTableSize(release: ReleaseRef): number | undefined {
  return legacyTableSize(release, "arm");
}

/**
 * For the JSON export: each hypercall's handler prefix for one guest type in a release, or
 * null where there is none. Keys are names, in number order.
 */
export function availability(
  release: ReleaseRef,
  guestType: GuestType,
): Readonly<Record<string, HandlerPrefix | null>> {
  const out: Record<string, HandlerPrefix | null> = {};
  for (const h of HYPERCALLS) out[h.name] = cellAt(h, release, guestType)?.prefix ?? null;
  return out;
}

/**
 * One hypercall's prefixes across all guest types in a release, e.g. for argo_op
 * `{ pv32: "compat", pv64: "do", hvm32: "compat", hvm64: "do", arm: "do" }`.
 */
export function availabilityRow(
  release: ReleaseRef,
  name: string,
): Readonly<Record<GuestType, HandlerPrefix | null>> | undefined {
  const h = HYPERCALLS.find((r) => r.name === name || r.aliases.includes(name));
  if (!h) return undefined;
  const out = {} as Record<GuestType, HandlerPrefix | null>;
  for (const g of GUEST_TYPES) out[g] = cellAt(h, release, g)?.prefix ?? null;
  return out;
}
