/**
 * One multicall_entry in guest memory (xen/include/public/xen.h: struct multicall_entry; 32-bit
 * x86 guests use compat_multicall_entry, whose xen_ulong_t is 4 bytes), read and written by
 * field name through the layout engine's offsets for the caller's mode. The fast path copies
 * the entry into the dispatch context's buffer and reads (lo, hi) halves without allocating;
 * the reference path beside it says the same with readStruct/writeStruct and BigInt, and a
 * property test holds the two together (multicall-entry.test.ts).
 */
import type { Domain, MulticallState } from "../machine/domain.js";
import { hiWord } from "../machine/registers.js";
import { readStruct, writeStruct } from "../machine/structio.js";
import type { GuestMemory } from "../machine/memory.js";
import type { GuestMode } from "../abi/modes.js";
import { structOffsetsByMode } from "../table/struct-offsets.js";
import { layoutOf } from "../table/structs/index.js";

/** multicall_entry_t's fields per guest mode. `args` is xen_ulong_t args[6]. */
export const MULTICALL_ENTRY = structOffsetsByMode("multicall_entry_t", ["op", "result", "args"]);

/** Arguments in an entry (Xen passes the first hypercall_args[op] of them, at most 5). */
export const MULTICALL_ENTRY_ARGS = 6;

/** Bytes of one xen_ulong_t in a multicall_entry: 8 on Arm (both widths) and x86_64, 4 for x86 32-bit guests. */
export function multicallWordBytes(d: Domain): 4 | 8 {
  return MULTICALL_ENTRY[d.mode].len.op as 4 | 8;
}

/** The dispatch context's reusable entry buffer (DispatchContext has these). */
export interface EntryScratch {
  readonly entryBuf: Uint8Array;
  readonly entryView: DataView;
}

/**
 * copy_from_guest of the entry at `addr` into `mcs`: `op` (-1 when its top half is not zero:
 * no hypercall has such a number) and each argument's halves. False: the copy faulted.
 */
export function readMulticallEntry(
  s: EntryScratch,
  d: Domain,
  addr: number,
  mcs: MulticallState,
): boolean {
  const e = MULTICALL_ENTRY[d.mode];
  if (!d.memory.read(addr, s.entryBuf, 0, e.size)) return false;
  const v = s.entryView;
  const wide = e.len.op === 8;
  const opHi = wide ? v.getUint32(e.at.op + 4, true) : 0;
  mcs.op = opHi === 0 ? v.getUint32(e.at.op, true) : -1;
  const w = e.len.op;
  for (let i = 0, at = e.at.args; i < MULTICALL_ENTRY_ARGS; i++, at += w) {
    mcs.argLo[i] = v.getUint32(at, true);
    mcs.argHi[i] = wide ? v.getUint32(at + 4, true) : 0;
  }
  return true;
}

/** copy_to_guest of the entry's `result` (its halves; a 4-byte word takes the low half). */
export function writeMulticallResult(
  s: EntryScratch,
  d: Domain,
  addr: number,
  lo: number,
  hi: number,
): boolean {
  const e = MULTICALL_ENTRY[d.mode];
  s.entryView.setUint32(0, lo, true);
  if (e.len.result === 8) s.entryView.setUint32(4, hi, true);
  return d.memory.write(addr + e.at.result, s.entryBuf, 0, e.len.result);
}

/**
 * Write the whole entry back (op, result, args): a sub-call's continuation, in guest layout,
 * so the multicall's re-execution resumes it. False: the copy faulted.
 */
export function writeMulticallEntry(
  s: EntryScratch,
  d: Domain,
  addr: number,
  mcs: MulticallState,
): boolean {
  const e = MULTICALL_ENTRY[d.mode];
  const v = s.entryView;
  const wide = e.len.op === 8;
  const w = e.len.op;
  v.setUint32(e.at.op, mcs.op >>> 0, true);
  if (wide) v.setUint32(e.at.op + 4, 0, true);
  v.setUint32(e.at.result, mcs.result >>> 0, true);
  if (wide) v.setUint32(e.at.result + 4, hiWord(mcs.result), true);
  for (let i = 0, at = e.at.args; i < MULTICALL_ENTRY_ARGS; i++, at += w) {
    v.setUint32(at, mcs.argLo[i]!, true);
    if (wide) v.setUint32(at + 4, mcs.argHi[i]!, true);
  }
  return d.memory.write(addr, s.entryBuf, 0, e.size);
}

/** An entry as the reference path sees it: whole xen_ulong_t values. */
export interface MulticallEntryValues {
  readonly op: bigint;
  readonly result: bigint;
  readonly args: readonly bigint[];
}

/**
 * Reference path of readMulticallEntry: the entry by field name through readStruct. Plain and
 * allocating; for tests and readers, not the hot path. Undefined: the copy faulted.
 */
export function readMulticallEntryReference(options: {
  memory: GuestMemory;
  mode: GuestMode;
  addr: number;
}): MulticallEntryValues | undefined {
  const f = readStruct(options.memory, options.addr, layoutOf("multicall_entry_t", options.mode));
  if (f === undefined) return undefined;
  return {
    op: f.op as bigint,
    result: f.result as bigint,
    args: f.args as readonly bigint[],
  };
}

/** Reference path of writeMulticallEntry: the entry by field name through writeStruct. */
export function writeMulticallEntryReference(options: {
  memory: GuestMemory;
  mode: GuestMode;
  addr: number;
  entry: MulticallEntryValues;
}): boolean {
  const { memory, mode, addr, entry } = options;
  const bits = BigInt(MULTICALL_ENTRY[mode].len.op * 8);
  const word = (x: bigint) => BigInt.asUintN(Number(bits), x);
  return writeStruct(memory, addr, layoutOf("multicall_entry_t", mode), {
    op: word(entry.op),
    result: word(entry.result),
    args: entry.args.map(word),
  });
}
