/**
 * The registry of hypercall records: what dispatch (the handler of each table cell), the
 * guidelines data (YAML placeholders, sub-op checks), the CLI, the coverage report and the
 * tests read about each modelled hypercall.
 *
 * How to add a hypercall: write its handler and `src/hypercalls/<name>/record.ts` beside it (a
 * HypercallRecord: sub-ops with their header names and numbers, the checks each makes in Xen's
 * order with stable ids and errnos, written with `checkMaker` from record.ts, and `handlers` by
 * the C function Xen calls), and add the record to RECORDS below. Make the handler report each failing check through `failCheck` /
 * `passCheck` (machine/trace.ts) with the check's id. The number, prototypes and table rows
 * come from `table/` by name; a hypercall Xen's table lacks brings its own row in `table`.
 * Nothing else needs changing: `makeRegistry` validates the record when the module loads.
 */
import type { HypercallHandler } from "../machine/call.js";
import {
  HYPERCALLS,
  deriveHypercall,
  hypercallByName,
  type HypercallRecord as TableHypercall,
} from "../table/hypercalls.js";
import { ARGO_OP_RECORD } from "./argo_op/record.js";
import { CONSOLE_IO_RECORD } from "./console_io/record.js";
import { DEPRECATED_RECORDS } from "./deprecated-records.js";
import { MULTICALL_RECORD } from "./multicall/record.js";
import type { CheckRecord, HypercallRecord, SubopRecord } from "./record.js";
import { SMCCC_CHECKS } from "./psci/record.js";
import { SCHED_OP_RECORD } from "./sched_op/record.js";
import { XEN_VERSION_RECORD } from "./xen_version/record.js";
import { MEMORY_OP_RECORD } from "./memory_op/record.js";
import { VCPU_OP_RECORD } from "./vcpu_op/record.js";
import { EVENT_CHANNEL_OP_RECORD } from "./event_channel_op/record.js";
import { GRANT_TABLE_OP_RECORD } from "./grant_table_op/record.js";
import { HVM_OP_RECORD } from "./hvm_op/record.js";

/** Every hypercall the machine models, in number order. multicall's handlers live in dispatch/. */
export const RECORDS: readonly HypercallRecord[] = [
  MEMORY_OP_RECORD,
  MULTICALL_RECORD,
  VCPU_OP_RECORD,
  SCHED_OP_RECORD,
  CONSOLE_IO_RECORD,
  GRANT_TABLE_OP_RECORD,
  HVM_OP_RECORD,
  XEN_VERSION_RECORD,
  EVENT_CHANNEL_OP_RECORD,
  ARGO_OP_RECORD,
  ...DEPRECATED_RECORDS,
];

/** One check with where it sits: the hypercall, and the sub-op unless it is an entry check. */
export interface CheckRef {
  readonly hypercall: string;
  /** The sub-op's header name; undefined for the hypercall's own checks (`<name>.entry.*`). */
  readonly subop: string | undefined;
  readonly check: CheckRecord;
}

export interface Registry {
  readonly records: readonly HypercallRecord[];
  /** Xen's table, plus the rows of records for hypercalls Xen lacks, in number order. */
  readonly hypercalls: readonly TableHypercall[];
  /** Whether some record brings its own table row (dispatch then builds its own tables). */
  readonly hasOwnRows: boolean;
  /** Model handlers by C function name (`do_argo_op`). */
  readonly handlers: Readonly<Record<string, HypercallHandler>>;
  /**
   * Every check of every record, hypercall by hypercall, each in Xen's order; then PSCI's and
   * SMCCC's over `hvc #0` (hypercall `psci`, not in the table: psci/record.ts).
   */
  readonly checks: readonly CheckRef[];
  record(name: string): HypercallRecord | undefined;
  /** The table's hypercall by name or alias (records' own rows included). */
  hypercall(name: string): TableHypercall | undefined;
  check(id: string): CheckRef | undefined;
  /**
   * The fact a YAML placeholder names, or undefined: `argo_op.number` (39),
   * `argo_op.register_ring.name` (`XEN_ARGO_OP_register_ring`), `argo_op.register_ring.number`
   * (1), `argo_op.register_ring.npages_max.errno` (`EINVAL`), `argo_op.unknown_subop.errno`.
   */
  fact(path: string): string | number | undefined;
}

/** A sub-op's short name: its header name without the record's prefix (`register_ring`). */
export function subopKey(record: HypercallRecord, subop: SubopRecord): string {
  const p = record.subopPrefix ?? "";
  return subop.name.startsWith(p) ? subop.name.slice(p.length) : subop.name;
}

const RESERVED_CHECK_NAMES: readonly string[] = ["name", "number", "errno"];

function validate(r: HypercallRecord, seenIds: Set<string>, fail: (m: string) => never): void {
  const numbers = new Set<number>();
  const keys = new Set<string>();
  const checkIn = (c: CheckRecord, segment: string): void => {
    const parts = c.id.split(".");
    if (parts.length !== 3 || parts[0] !== r.name || parts[1] !== segment)
      fail(`check id '${c.id}' must be '${r.name}.${segment}.<what>'`);
    if (!/^[a-z0-9_]+$/.test(parts[2]!) || RESERVED_CHECK_NAMES.includes(parts[2]!))
      fail(`check id '${c.id}': '${parts[2]}' is not a lower snake case name of its own`);
    if (seenIds.has(c.id)) fail(`check id '${c.id}' is used twice`);
    seenIds.add(c.id);
  };
  for (const c of r.checks) checkIn(c, "entry");
  for (const s of r.subops) {
    if (r.subopPrefix !== undefined && !s.name.startsWith(r.subopPrefix))
      fail(`sub-op '${s.name}' does not start with ${r.subopPrefix}`);
    const key = subopKey(r, s);
    if (key === "entry" || key === "number" || key === "name" || keys.has(key))
      fail(`sub-op '${s.name}' of ${r.name}: its short name '${key}' is taken`);
    if (!Number.isInteger(s.number) || numbers.has(s.number))
      fail(`sub-op '${s.name}' of ${r.name}: number ${s.number} is not a fresh integer`);
    keys.add(key);
    numbers.add(s.number);
    for (const c of s.checks) checkIn(c, key);
  }
}

/**
 * A registry over `records`. Throws (a programming error, caught by every test) when a record
 * does not join the table, repeats a name, number, handler or check id, or names a check
 * outside its hypercall and sub-op.
 */
export function makeRegistry(records: readonly HypercallRecord[]): Registry {
  const fail = (m: string): never => {
    throw new Error(`hypercall records: ${m}`);
  };
  const byName = new Map<string, HypercallRecord>();
  const handlers: Record<string, HypercallHandler> = {};
  const own: TableHypercall[] = [];
  const seenIds = new Set<string>();
  for (const r of records) {
    if (byName.has(r.name)) fail(`${r.name} has two records`);
    byName.set(r.name, r);
    const inTable = hypercallByName(r.name);
    if (r.table !== undefined) {
      if (r.table.name !== r.name) fail(`${r.name}'s table row is named ${r.table.name}`);
      if (inTable !== undefined) fail(`${r.name} is in Xen's table; drop its own row`);
      if (
        HYPERCALLS.some((h) => h.number === r.table!.number) ||
        own.some((h) => h.number === r.table!.number)
      )
        fail(`${r.name}'s number ${r.table.number} is taken`);
      own.push(deriveHypercall(r.table));
    } else if (inTable === undefined || inTable.name !== r.name)
      fail(`${r.name} is not a hypercall in the table (give its row in \`table\`)`);
    for (const [fn, h] of Object.entries(r.handlers)) {
      if (fn in handlers) fail(`handler ${fn} is in two records`);
      handlers[fn] = h;
    }
    validate(r, seenIds, fail);
  }
  const hypercalls =
    own.length === 0 ? HYPERCALLS : [...HYPERCALLS, ...own].sort((a, b) => a.number - b.number);
  const checks: CheckRef[] = [];
  const checkById = new Map<string, CheckRef>();
  for (const r of records) {
    for (const check of r.checks) checks.push({ hypercall: r.name, subop: undefined, check });
    for (const s of r.subops)
      for (const check of s.checks) checks.push({ hypercall: r.name, subop: s.name, check });
  }
  for (const { subop, check } of SMCCC_CHECKS) {
    if (!check.id.startsWith("psci.") || seenIds.has(check.id))
      fail(`check id '${check.id}' must be a fresh 'psci.<function>.<what>'`);
    seenIds.add(check.id);
    checks.push({ hypercall: "psci", subop, check });
  }
  for (const c of checks) checkById.set(c.check.id, c);
  const hypercall = (name: string): TableHypercall | undefined =>
    hypercallByName(name) ?? own.find((h) => h.name === name || h.aliases.includes(name));

  const fact = (path: string): string | number | undefined => {
    const [hc, a, b, c, ...rest] = path.split(".");
    if (hc === undefined || rest.length > 0) return undefined;
    const r = byName.get(hc);
    const h = hypercall(hc);
    if (a === "number" && b === undefined) return h?.number;
    if (a === "name" && b === undefined) return h?.name;
    if (r === undefined || a === undefined) return undefined;
    if (a === "unknown_subop" && b === "errno" && c === undefined) return r.unknownSubop;
    if (c === "errno") return checkById.get(`${hc}.${a}.${b}`)?.check.errno;
    if (c !== undefined) return undefined;
    const s = r.subops.find((x) => subopKey(r, x) === a);
    if (s === undefined) return undefined;
    if (b === "name") return s.name;
    if (b === "number") return s.number;
    return undefined;
  };

  return Object.freeze({
    records: Object.freeze([...records]),
    hypercalls,
    hasOwnRows: own.length > 0,
    handlers: Object.freeze(handlers),
    checks: Object.freeze(checks),
    record: (name: string) => byName.get(name),
    hypercall,
    check: (id: string) => checkById.get(id),
    fact,
  });
}

/** The registry of the modelled hypercalls. */
export const REGISTRY: Registry = makeRegistry(RECORDS);

/**
 * REGISTRY with more records (a made-up or proposed hypercall, in a test or an experiment);
 * a record named like one already there replaces it.
 */
export function registryWith(extra: readonly HypercallRecord[]): Registry {
  if (extra.length === 0) return REGISTRY;
  const names = new Set(extra.map((r) => r.name));
  return makeRegistry([...RECORDS.filter((r) => !names.has(r.name)), ...extra]);
}
