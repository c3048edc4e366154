/**
 * How Xen narrows a register to a handler parameter. The generated call_handlers_* macros
 * (gen_hypercall.awk over hypercall-defs.c) cast each register_t / unsigned long argument to
 * the prototype's C type: `(unsigned int)(a1)` drops the top half silently, a guest handle
 * `{ _p(a2) }` keeps the whole Xen word. A C compiler does the cutting; here it is explicit
 * so the trace can show it.
 */

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
  if (ctype.includes("*")) return Narrow.Word;
  const k = BY_TYPE[ctype.replace(/^const\s+/, "").trim()];
  if (k === undefined) throw new Error(`no narrowing rule for C type '${ctype}'`);
  return k;
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
