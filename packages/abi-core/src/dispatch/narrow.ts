/**
 * How Xen narrows a register to a handler parameter. The generated call_handlers_* macros
 * (gen_hypercall.awk over hypercall-defs.c) cast each register_t / unsigned long argument to
 * the prototype's C type: `(unsigned int)(a1)` drops the top half silently, a guest handle
 * `{ _p(a2) }` keeps the whole Xen word. A C compiler does the cutting; here it is explicit
 * so the trace can show it.
 */
import { findCType } from "../abi/ctypes.js";
import {
  MODE_INFO,
  xenBits,
  type GuestMode,
  type GuestModeInfo,
  type XenArch,
} from "../abi/modes.js";

/** What a cast to the parameter's C type does to a Xen-word value. */
export const enum Narrow {
  /** Pointer / guest handle / unsigned long / long: the whole Xen word. */
  Word = 0,
  /** unsigned int, uint32_t: low 32 bits, top half dropped. */
  U32 = 1,
  /** int, int32_t: low 32 bits as signed. */
  S32 = 2,
  /** uint16_t, domid_t. */
  U16 = 3,
  /** uint8_t. */
  U8 = 4,
  /** uint64_t, int64_t, s_time_t: 64 bits (a 32-bit Xen zero-extends its 32-bit register). */
  U64 = 5,
}

const BY_TYPE: Readonly<Record<string, Narrow>> = {
  "unsigned int": Narrow.U32,
  uint32_t: Narrow.U32,
  int: Narrow.S32,
  int32_t: Narrow.S32,
  uint16_t: Narrow.U16,
  domid_t: Narrow.U16,
  uint8_t: Narrow.U8,
  "unsigned long": Narrow.Word,
  long: Narrow.Word,
  xen_ulong_t: Narrow.Word,
  uint64_t: Narrow.U64,
  int64_t: Narrow.U64,
  s_time_t: Narrow.U64,
  seg_desc_t: Narrow.U64,
};

/** Classify a hypercall-defs.c parameter type. Pointers (`void *`, `T *`) are guest handles. */
export function narrowOf(ctype: string): Narrow {
  const k = findNarrow(ctype);
  if (k === undefined) throw new Error(`no narrowing rule for C type '${ctype}'`);
  return k;
}

/**
 * narrowOf, or undefined for a type nobody knows. Types beyond the table above (typedefs of
 * fixed-width types such as evtchn_port_t) narrow as their size in Xen's own 64-bit ABI.
 */
export function findNarrow(ctype: string): Narrow | undefined {
  if (ctype.includes("*")) return Narrow.Word;
  const t = ctype.replace(/^const\s+/, "").trim();
  const k = BY_TYPE[t];
  if (k !== undefined) return k;
  const info = findCType(t, "aarch64");
  if (info === undefined) return undefined;
  if (info.kind !== "int") return Narrow.Word;
  if (info.size === 8) return Narrow.U64;
  if (info.size === 4) return info.signed ? Narrow.S32 : Narrow.U32;
  return info.size === 2 ? Narrow.U16 : Narrow.U8;
}

/** Describe a narrowing for the trace ("truncated to 32 bits", "full 64-bit word"). */
export function describeNarrow(k: Narrow, xenBits: 32 | 64, changed: boolean): string {
  switch (k) {
    case Narrow.Word:
      return `full ${xenBits}-bit word (guest handle or unsigned long)`;
    case Narrow.U64:
      return "64-bit value";
    case Narrow.U32:
      return changed ? "truncated to 32 bits (top half dropped silently)" : "32 bits";
    case Narrow.S32:
      return changed
        ? "truncated to 32 bits, signed (top half dropped silently)"
        : "32 bits, signed";
    case Narrow.U16:
      return changed ? "truncated to 16 bits" : "16 bits";
    case Narrow.U8:
      return changed ? "truncated to 8 bits" : "8 bits";
  }
}

/**
 * Apply narrowing kind `k` to (lo, hi) and store into out[i]. Returns whether bits were lost.
 * Hot path: no allocation.
 */
export function applyNarrow(
  k: Narrow,
  lo: number,
  hi: number,
  outLo: Uint32Array,
  outHi: Uint32Array,
  i: number,
): boolean {
  switch (k) {
    case Narrow.Word:
    case Narrow.U64:
      outLo[i] = lo;
      outHi[i] = hi;
      return false;
    case Narrow.U32:
      outLo[i] = lo;
      outHi[i] = 0;
      return hi !== 0;
    case Narrow.S32:
      outLo[i] = lo;
      // (long)(int)x: sign-extend, which is what a handler storing it in a long would see.
      outHi[i] = lo & 0x80000000 ? 0xffffffff : 0;
      return hi !== outHi[i];
    case Narrow.U16:
      outLo[i] = lo & 0xffff;
      outHi[i] = 0;
      return hi !== 0 || lo > 0xffff;
    case Narrow.U8:
      outLo[i] = lo & 0xff;
      outHi[i] = 0;
      return hi !== 0 || lo > 0xff;
  }
}

/** Bits of an argument register as the entry reads it: 32 for x86 compat and arm32 Xen. */
export function argRegisterBits(info: GuestModeInfo, arch: XenArch): 32 | 64 {
  if (arch === "arm32") return 32;
  return info.family === "x86" && info.bits === 32 ? 32 : 64;
}

/** How one argument reaches its handler: the facts behind the trace's narrowing lines. */
export interface ArgReading {
  /** Bits of the register as Xen reads it (argRegisterBits). */
  readonly registerBits: 32 | 64;
  /** Bits the handler's parameter keeps (its C type inside Xen). */
  readonly paramBits: number;
  /** The parameter is a guest handle (a pointer in hypercall-defs.c). */
  readonly handle: boolean;
  /** The cast drops register bits, silently. */
  readonly drops: boolean;
}

/**
 * What the dispatcher does with an argument of C type `ctype` from a `mode` guest on `arch`
 * Xen, as data: docs and the site read this rather than re-deriving it.
 */
export function argReading(ctype: string, mode: GuestMode, arch: XenArch): ArgReading {
  const r = findArgReading(ctype, mode, arch);
  if (r === undefined) throw new Error(`no narrowing rule for C type '${ctype}'`);
  return r;
}

/** argReading, or undefined for a C type nobody knows (a proposal's invented type). */
export function findArgReading(
  ctype: string,
  mode: GuestMode,
  arch: XenArch,
): ArgReading | undefined {
  const k = findNarrow(ctype);
  if (k === undefined) return undefined;
  const registerBits = argRegisterBits(MODE_INFO[mode], arch);
  const word = xenBits(arch);
  const paramBits =
    k === Narrow.Word
      ? word
      : k === Narrow.U64
        ? 64
        : k === Narrow.U16
          ? 16
          : k === Narrow.U8
            ? 8
            : 32;
  return { registerBits, paramBits, handle: ctype.includes("*"), drops: registerBits > paramBits };
}
