/**
 * A scenario (already made dom0's, see dom0.ts) compiled into the test guest's step list
 * (guest/common/guest.h): registers exactly as written, top halves included; writes; reads.
 * Guest addresses are offsets into the guest's 4 MiB window: the guest adds the window's
 * address to each register or memory word that holds a handle, and turns each frame number
 * into the frame Xen expects (guest-physical on Arm, machine frame for PV) for the call only.
 */
import { layoutOf, type GuestMode, type Scenario, type ScenarioStep } from "@xen-abi/abi-core";
import { callKinds } from "./arg-kinds.js";
import type { Call } from "./state.js";
import {
  ARG_REGS,
  GUEST_MODE,
  GUEST_REGS,
  isArmGuest,
  type GuestArch,
  MAX_PATCHES,
  NUMBER_REG,
  OP,
  PATCH,
  STEPS_CAPACITY,
  STEPS_MAGIC,
  WINDOW_SIZE,
} from "./guest-abi.js";

export type { GuestArch };

export interface PlannedStep {
  readonly index: number;
  /** Registers the guest relocated into its window for this step. */
  readonly relocated: readonly string[];
}

export interface CompiledSteps {
  readonly words: readonly bigint[];
  /** Steps that run, by index. */
  readonly planned: ReadonlyMap<number, PlannedStep>;
  /** Steps that cannot run in the guest, with why. */
  readonly skipped: ReadonlyMap<number, string>;
  /** Some call (or multicall entry) may leave state in Xen a later scenario could see. */
  readonly leavesState: boolean;
}

export interface CompileOptions {
  /** Whether a call leaves state in Xen (state.ts callLeavesState for the build). */
  readonly leavesState?: (call: Call) => boolean;
  /** Words to run before step `index` (dom0less turns: SUSPEND, RESUME, WAIT). */
  readonly before?: (index: number) => readonly bigint[];
  /** Words to run after the last step, before END. */
  readonly trailing?: readonly bigint[];
}

/** A word to relocate for the call: kind, address, bytes. */
type Patch = [bigint, number, number];

/** The scenario's guest memory as its write steps left it (for multicall entries). */
class Memory {
  private readonly bytes = new Map<number, number>();
  write(addr: number, b: Uint8Array) {
    b.forEach((v, i) => this.bytes.set(addr + i, v));
  }
  /** The little-endian word of `size` bytes at `addr`. */
  word(addr: number, size = 8): bigint {
    let v = 0n;
    for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.bytes.get(addr + i) ?? 0);
    return v;
  }
}

function inWindow(addr: number, len: number): boolean {
  return addr >= 0x1000 && addr + len <= WINDOW_SIZE;
}

/** Byte offset of `field` in `struct` for the guest's mode (the layout engine's). */
function offsetOf(
  struct: string,
  field: string,
  mode: GuestMode,
): { offset: number; size: number } {
  // A dotted path (`map.buffer`) walks nested structs by their declared type.
  let layout = layoutOf(struct, mode);
  let offset = 0;
  const parts = field.split(".");
  for (const [i, part] of parts.entries()) {
    const f = layout.fields.find((x) => x.name === part);
    if (f === undefined) throw new Error(`${struct} has no field ${field}`);
    offset += f.offset;
    if (i === parts.length - 1) return { offset, size: f.elemSize };
    layout = layoutOf(f.ctype, mode);
  }
  throw new Error(`${struct} has no field ${field}`);
}

/** xen_pfn_t's size: 32 bits for a compat (pv32) guest, else 64. */
const pfnBytes = (mode: GuestMode) => (mode === "pv32" ? 4 : 8);

/**
 * The relocation patches a call needs in memory, following multicall entries one level; the
 * calls it makes (itself, then each entry's) are added to `calls`.
 */
function patchesFor(
  nr: bigint,
  args: readonly bigint[],
  mem: Memory,
  mode: GuestMode,
  out: Patch[],
  calls: Call[],
) {
  calls.push({ nr, args });
  const kinds = callKinds(nr, args[0] ?? 0n);
  const word = pfnBytes(mode);
  for (const m of kinds?.memory ?? []) {
    let base = Number(args[m.pointerArg] ?? 0n);
    let count = m.countArg === undefined ? 1 : Number(args[m.countArg] ?? 0n);
    if (m.via !== undefined) {
      if (!inWindow(base, 1)) continue;
      const h = offsetOf(m.via.struct, m.via.handle, mode);
      const c = offsetOf(m.via.struct, m.via.count, mode);
      const struct = base;
      base = Number(mem.word(struct + h.offset, h.size));
      count = Number(mem.word(struct + c.offset, c.size));
    }
    if (!inWindow(base, 1) || count > MAX_PATCHES) continue;
    const elemSize =
      m.struct !== undefined
        ? layoutOf(m.struct, mode).size
        : m.elem === "xen_pfn_t"
          ? word
          : (m.elem ?? 8);
    const at0 =
      m.struct !== undefined && m.field !== undefined
        ? offsetOf(m.struct, m.field, mode)
        : undefined;
    const kind = m.kind === "gfn" ? PATCH.gfn : PATCH.handle;
    for (let i = 0; i < count; i++) {
      const at = base + i * elemSize;
      if (m.nested === true && m.struct !== undefined) {
        const op = offsetOf(m.struct, "op", mode);
        const a = offsetOf(m.struct, "args", mode);
        const sub = Array.from({ length: 6 }, (_, j) =>
          mem.word(at + a.offset + a.size * j, a.size),
        );
        const subNr = mem.word(at + op.offset, op.size);
        callKinds(subNr, sub[0] ?? 0n)?.args.forEach((k, j) => {
          if (k === "handle") out.push([PATCH.handle, at + a.offset + a.size * j, a.size]);
        });
        patchesFor(subNr, sub, mem, mode, out, calls);
      } else out.push([kind, at + (at0?.offset ?? 0), at0?.size ?? elemSize]);
    }
  }
}

/**
 * Why a call cannot be judged on real Xen because it reaches the end of the scenario's memory
 * (undefined when it does not): past it the scenario's domain has nothing, so Xen's copy
 * faults, while the test guest's window goes on, so the same copy succeeds. A handle within
 * 64 bytes of the end counts (a struct straddling the end), and so does a frame past it.
 */
function reachesPastMemory(
  handles: readonly bigint[],
  patched: readonly (readonly [bigint, bigint])[],
  memory: number,
): string | undefined {
  const end = BigInt(memory);
  const win = BigInt(WINDOW_SIZE);
  const why = `reaches the end of the scenario's ${memory}-byte memory, where the test guest's window goes on (a copy that faults for the scenario's domain succeeds here)`;
  for (const v of handles) if (v + 64n > end && v < win) return why;
  for (const [k, v] of patched) {
    if (k === PATCH.handle && v + 64n > end && v < win) return why;
    if (k === PATCH.gfn && v >= end >> 12n && v < win >> 12n) return why;
  }
  return undefined;
}

export function compileSteps(
  scenario: Scenario,
  arch: GuestArch,
  opts: CompileOptions = {},
): CompiledSteps {
  let leavesState = false;
  const memory = scenario.domains[0]?.memory ?? WINDOW_SIZE;
  const names: readonly string[] = GUEST_REGS[arch];
  const regs = new Map<string, bigint>();
  const mem = new Memory();
  const words: bigint[] = [STEPS_MAGIC];
  const planned = new Map<number, PlannedStep>();
  const skipped = new Map<number, string>();
  const bytesWords = (b: Uint8Array) => {
    for (let i = 0; i < b.length; i += 8) {
      let w = 0n;
      for (let j = Math.min(7, b.length - 1 - i); j >= 0; j--)
        w = (w << 8n) | BigInt(b[i + j] ?? 0);
      words.push(w);
    }
  };
  for (const step of scenario.steps as readonly ScenarioStep[]) {
    const idx = BigInt(step.index);
    words.push(...(opts.before?.(step.index) ?? []));
    if (step.op === "write") {
      if (!inWindow(step.addr, step.bytes.length)) {
        skipped.set(step.index, `outside the test guest's ${WINDOW_SIZE >> 20} MiB window`);
        continue;
      }
      mem.write(step.addr, step.bytes);
      words.push(OP.write, idx, BigInt(step.addr), BigInt(step.bytes.length));
      bytesWords(step.bytes);
      planned.set(step.index, { index: step.index, relocated: [] });
    } else if (step.op === "read") {
      if (!inWindow(step.addr, step.length)) {
        skipped.set(step.index, `outside the test guest's ${WINDOW_SIZE >> 20} MiB window`);
        continue;
      }
      words.push(OP.read, idx, BigInt(step.addr), BigInt(step.length));
      planned.set(step.index, { index: step.index, relocated: [] });
    } else if (step.op === "hypercall") {
      const unknown = step.regs.find((r) => !names.includes(r.name));
      if (unknown !== undefined) {
        skipped.set(step.index, `register ${unknown.name} is not the test guest's to set`);
        continue;
      }
      for (const r of step.regs) regs.set(r.name, r.value);
      const args = ARG_REGS[arch].map((r) => regs.get(r) ?? 0n);
      const imm = isArmGuest(arch) ? BigInt(step.imm ?? 0xea1) : 0n;
      // An SMCCC call (hvc #0) is no hypercall: nothing in it is relocated.
      const smccc = isArmGuest(arch) && imm === 0n;
      const nr = regs.get(NUMBER_REG[arch]) ?? 0n;
      const kinds = smccc ? undefined : callKinds(nr, args[0] ?? 0n);
      // Only the registers the step names are set: the others keep what the last call left
      // in them (a debug build's poison included), as on the machine.
      const named = new Set(step.regs.map((r) => r.name));
      const relocated = ARG_REGS[arch].filter((r, i) => {
        const v = regs.get(r) ?? 0n;
        return (
          named.has(r) && kinds?.args[i] === "handle" && v >= 0x1000n && v < BigInt(WINDOW_SIZE)
        );
      });
      const patches: Patch[] = [];
      const calls: Call[] = [];
      if (!smccc) patchesFor(nr, args, mem, GUEST_MODE[arch], patches, calls);
      else calls.push({ nr, args, imm: 0 });
      const pastEnd = reachesPastMemory(
        kinds === undefined ? [] : args.filter((_, i) => kinds.args[i] === "handle"),
        patches.map(([k, a, n]) => [k, mem.word(a, n)] as const),
        memory,
      );
      if (pastEnd !== undefined) {
        skipped.set(step.index, pastEnd);
        continue;
      }
      let set = 0n;
      let reloc = 0n;
      const values: bigint[] = [];
      names.forEach((n, i) => {
        if (!named.has(n)) return;
        set |= 1n << BigInt(i);
        values.push(regs.get(n) ?? 0n);
        if ((relocated as readonly string[]).includes(n)) reloc |= 1n << BigInt(i);
      });
      if (opts.leavesState !== undefined) {
        const [first, ...nested] = calls;
        if (first !== undefined && opts.leavesState(first)) leavesState = true;
        if (nested.some((c) => opts.leavesState?.(c) === true)) leavesState = true;
      }
      words.push(OP.hypercall, idx, imm, set, reloc, ...values, BigInt(patches.length));
      // The word's size rides in the kind's bits 8 and up (guest.h); 8 bytes is 0.
      for (const [k, a, n] of patches) words.push(k | (n === 8 ? 0n : BigInt(n) << 8n), BigInt(a));
      planned.set(step.index, { index: step.index, relocated });
    } else {
      skipped.set(step.index, `${step.op} steps do not run in the test guest`);
    }
  }
  words.push(...(opts.trailing ?? []), OP.end);
  if (words.length * 8 > STEPS_CAPACITY)
    throw new Error(
      `the step list needs ${words.length * 8} bytes; the guest holds ${STEPS_CAPACITY}`,
    );
  return { words, planned, skipped, leavesState };
}

/** The words as the little-endian bytes the guest reads. */
export function stepBytes(words: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(words.length * 8);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setBigUint64(i * 8, BigInt.asUintN(64, w), true));
  return out;
}

/**
 * Several scenarios' step lists (each as compileSteps made it) as one list for one boot: each
 * scenario after a SCENARIO op numbered from 0, which gives it zeroed registers and window.
 */
export function joinSteps(lists: readonly (readonly bigint[])[]): bigint[] {
  const words: bigint[] = [STEPS_MAGIC];
  lists.forEach((l, n) => {
    words.push(OP.scenario, BigInt(n));
    for (let i = 1; i < l.length - 1; i++) words.push(l[i] as bigint);
  });
  words.push(OP.end);
  if (words.length * 8 > STEPS_CAPACITY)
    throw new Error(
      `the step list needs ${words.length * 8} bytes; the guest holds ${STEPS_CAPACITY}`,
    );
  return words;
}
