/**
 * The hypercall table: every number in public/xen.h with its prototypes and, per release and
 * guest type, the handler Xen calls and how many arguments it reads and (debug) poisons.
 *
 * The data lives in common-hypercalls.ts and x86-hypercalls.ts; this file derives everything
 * else from it, so each fact is written once. Numbers 11 and 43-47 are unused in xen.h and have
 * no record.
 */
import { GUEST_TYPES } from "../abi/modes.js";
import { RELEASES, releaseAtLeast, releaseProfile, type ReleaseRef } from "../machine/release.js";
import { COMMON_HYPERCALLS } from "./common-hypercalls.js";
import type {
  CParam,
  GuestType,
  HandlerPrefix,
  HypercallRow,
  HypercallSource,
  HypercallStatus,
  Prototype,
  PrototypeSet,
  Release,
  TableCell,
} from "./types.js";
import { X86_HYPERCALLS } from "./x86-hypercalls.js";

/** `NR_hypercalls` (xen/include/xen/hypercall.h): numbers 0..63 exist. */
export const NR_HYPERCALLS = 64;

const PREFIXES: readonly HandlerPrefix[] = ["do", "compat", "hvm", "dep", "do_arm"];

/**
 * hypercall-defs.c `rettype:` lines: compat and do_arm handlers return int, the rest the
 * default long.
 */
const RETTYPE: Readonly<Record<HandlerPrefix, Prototype["rettype"]>> = {
  do: "long",
  compat: "int",
  hvm: "long",
  dep: "long",
  do_arm: "int",
};

/** A hypercall with everything the table knows about it. */
export interface HypercallRecord {
  readonly name: string;
  readonly number: number;
  readonly aliases: readonly string[];
  readonly summary: string;
  readonly status: HypercallStatus;
  /**
   * Guard of the newest row that has a handler (as of 4.22, or the last release that had one);
   * undefined when unguarded or never dispatched.
   */
  readonly config: string | undefined;
  /** First and last releases in which some guest type has a handler; undefined if none. */
  readonly firstRelease: Release | undefined;
  readonly lastRelease: Release | undefined;
  /** Which Xen families dispatch it in any release. */
  readonly families: readonly ("x86" | "arm")[];
  readonly source: HypercallSource;
}

/**
 * Split a hypercall-defs.c parameter list into name and type, keeping the spelling:
 * `void *arg1` -> { name: "arg1", type: "void *" }.
 */
export function parseParams(text: string): readonly CParam[] {
  if (text.trim() === "") return [];
  return text.split(",").map((raw) => {
    const p = raw.trim().replace(/\s+/g, " ");
    const m = /^(.*?)\s*(\*?)\s*([A-Za-z_][A-Za-z0-9_]*)$/.exec(p);
    if (!m || m[1] === "") throw new Error(`bad parameter "${raw}"`);
    const base = m[1] as string;
    return { name: m[3] as string, type: m[2] ? `${base} *` : base };
  });
}

/**
 * Parse a row string into its five cells, in hypercall-defs.c column order
 * (`pv32 pv64 hvm32 hvm64 arm`).
 */
export function parseRow(row: string): Readonly<Record<GuestType, TableCell | undefined>> {
  const cols = row.trim().split(/\s+/);
  if (cols.length !== GUEST_TYPES.length) throw new Error(`row "${row}" needs 5 cells`);
  const out: Partial<Record<GuestType, TableCell | undefined>> = {};
  GUEST_TYPES.forEach((g, i) => {
    const text = cols[i] as string;
    if (text === "-") {
      out[g] = undefined;
      return;
    }
    const [prefix, prio] = text.split(":");
    if (!PREFIXES.includes(prefix as HandlerPrefix)) throw new Error(`bad prefix in "${row}"`);
    out[g] =
      prio === undefined
        ? { prefix: prefix as HandlerPrefix }
        : { prefix: prefix as HandlerPrefix, priority: Number(prio) };
  });
  return out as Record<GuestType, TableCell | undefined>;
}

/** The element of a `from`-ordered list in effect at a release. */
function spanAt<T extends { readonly from: ReleaseRef }>(
  list: readonly T[],
  r: ReleaseRef,
): T | undefined {
  let hit: T | undefined;
  for (const item of list) if (releaseAtLeast(r, item.from)) hit = item;
  return hit;
}

// eslint-disable-next-line no-restricted-syntax -- memo of a pure function of its key, shared safely
const rowCache = new Map<string, Readonly<Record<GuestType, TableCell | undefined>>>();
function parsedRow(row: HypercallRow) {
  let cells = rowCache.get(row.row);
  if (!cells) rowCache.set(row.row, (cells = parseRow(row.row)));
  return cells;
}

/** The table cell a guest type has for a hypercall in a full-featured build of a release. */
export function cellAt(
  h: HypercallRecord,
  release: ReleaseRef,
  guest: GuestType,
): TableCell | undefined {
  const row = spanAt(h.source.rows, release);
  return row ? parsedRow(row)[guest] : undefined;
}

// eslint-disable-next-line no-restricted-syntax -- memo of a pure function of its key, shared safely
const protoCache = new WeakMap<PrototypeSet, Map<HandlerPrefix, Prototype>>();

/** The prototype of `${prefix}_${name}` in a release; undefined if that handler has none. */
export function prototypeAt(
  h: HypercallRecord,
  release: ReleaseRef,
  prefix: HandlerPrefix,
): Prototype | undefined {
  const set = spanAt(h.source.prototypes, release);
  const text = set?.[prefix];
  if (set === undefined || text === undefined) return undefined;
  let bySet = protoCache.get(set);
  if (!bySet) protoCache.set(set, (bySet = new Map()));
  let proto = bySet.get(prefix);
  if (!proto) {
    proto = Object.freeze({
      rettype: set.rettype?.[prefix] ?? RETTYPE[prefix],
      params: Object.freeze(parseParams(text)),
    });
    bySet.set(prefix, proto);
  }
  return proto;
}

/**
 * How many argument registers Xen reads and, in a debug build, poisons for this hypercall and
 * guest type: from 4.17 the generated `hypercall_args_<guest>` entry, which gen_hypercall.awk
 * sets to the parameter count of the prototype the cell names; before, the old tables' counts
 * (x86 hypercall_args_table native/compat, Arm nr_args). Undefined where there is no handler.
 */
export function nargsAt(
  h: HypercallRecord,
  release: ReleaseRef,
  guest: GuestType,
): number | undefined {
  const cell = cellAt(h, release, guest);
  if (!cell) return undefined;
  if (releaseProfile(release).generatedDispatch) {
    return prototypeAt(h, release, cell.prefix)?.params.length;
  }
  const legacy = h.source.legacyArgs;
  if (guest === "arm") return legacy?.arm;
  const x86 = legacy?.x86;
  if (!x86) return undefined;
  return guest === "pv64" || guest === "hvm64" ? x86[0] : x86[1];
}

/** Everything the table derives from one hypercall's source (also for a record's own row). */
export function deriveHypercall(src: HypercallSource): HypercallRecord {
  const active = RELEASES.filter((r) => {
    const row = spanAt(src.rows, r);
    return row !== undefined && GUEST_TYPES.some((g) => parsedRow(row)[g] !== undefined);
  });
  const families = new Set<"x86" | "arm">();
  for (const row of src.rows) {
    const cells = parsedRow(row);
    if (cells.arm) families.add("arm");
    if (cells.pv32 || cells.pv64 || cells.hvm32 || cells.hvm64) families.add("x86");
  }
  return Object.freeze({
    name: src.name,
    number: src.number,
    aliases: src.aliases ?? [],
    summary: src.summary,
    status: src.status,
    config: src.rows.findLast((row) => GUEST_TYPES.some((g) => parsedRow(row)[g]))?.config,
    firstRelease: active[0],
    lastRelease: active.at(-1),
    families: (["x86", "arm"] as const).filter((f) => families.has(f)),
    source: src,
  });
}

/** Every hypercall record, sorted by number. */
export const HYPERCALLS: readonly HypercallRecord[] = Object.freeze(
  [...COMMON_HYPERCALLS, ...X86_HYPERCALLS]
    .map(deriveHypercall)
    .sort((a, b) => a.number - b.number),
);

// eslint-disable-next-line no-restricted-syntax -- lookup built once at load, never changed after
const byNumber: (HypercallRecord | undefined)[] = new Array<HypercallRecord | undefined>(
  NR_HYPERCALLS,
);
// eslint-disable-next-line no-restricted-syntax -- lookup built once at load, never changed after
const byName = new Map<string, HypercallRecord>();
for (const h of HYPERCALLS) {
  if (byNumber[h.number]) throw new Error(`hypercall number ${h.number} listed twice`);
  byNumber[h.number] = h;
  for (const n of [h.name, ...h.aliases]) byName.set(n, h);
}

/** Look a hypercall up by its xen.h name or an alias (`arch_0`, `dom0_op`). */
export function hypercallByName(name: string): HypercallRecord | undefined {
  return byName.get(name);
}

/** Look a hypercall up by number; undefined for unused numbers (11, 43-47) and >= 64. */
export function hypercallByNumber(n: number): HypercallRecord | undefined {
  return Number.isInteger(n) && n >= 0 && n < NR_HYPERCALLS ? byNumber[n] : undefined;
}
