import { REGISTER_SLOTS } from "../abi/modes.js";

/**
 * A vCPU's general-purpose registers, each backed at 64 bits as Xen's `cpu_user_regs` /
 * arm64 `struct cpu_user_regs` hold them. Stored as (lo, hi) 32-bit halves in one typed array
 * so the dispatcher's hot path needs no BigInt and no allocation.
 */
export class RegisterFile {
  /** [lo0, hi0, lo1, hi1, ...]; slot i is words 2i and 2i+1. */
  readonly words = new Uint32Array(REGISTER_SLOTS * 2);

  lo(slot: number): number {
    return this.words[slot * 2]!;
  }

  hi(slot: number): number {
    return this.words[slot * 2 + 1]!;
  }

  set(slot: number, lo: number, hi: number): void {
    this.words[slot * 2] = lo;
    this.words[slot * 2 + 1] = hi;
  }

  setLo(slot: number, lo: number): void {
    this.words[slot * 2] = lo;
  }

  /** Store a safe integer (a long result, an address) as its 64-bit two's complement. */
  setNumber(slot: number, n: number): void {
    this.set(slot, n >>> 0, hiWord(n));
  }

  setHi(slot: number, hi: number): void {
    this.words[slot * 2 + 1] = hi;
  }

  /** The slot as an unsigned 64-bit BigInt (for tools and tests, not the hot path). */
  get64(slot: number): bigint {
    return (BigInt(this.hi(slot)) << 32n) | BigInt(this.lo(slot));
  }

  /** Set the slot from an unsigned or signed BigInt, taken modulo 2^64. */
  set64(slot: number, v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.set(slot, Number(u & 0xffffffffn), Number(u >> 32n));
  }

  clear(): void {
    this.words.fill(0);
  }

  copyFrom(other: RegisterFile): void {
    this.words.set(other.words);
  }
}

/**
 * High 32 bits of a safe integer's 64-bit two's complement: a negative long (an errno)
 * sign-extends, as `(register_t)ret` does in Xen.
 */
export function hiWord(n: number): number {
  return Math.floor(n / 0x100000000) >>> 0;
}
