/**
 * Number forms of the scenario format (spec "Numbers"): a JSON integer in the safe range, or a
 * string holding a decimal, a negative decimal or a hex number. Values are BigInt here because a
 * register holds 64 bits; this is tooling, not the dispatcher's hot path.
 */

const DECIMAL = /^-?[0-9]+$/;
const HEX = /^0[xX][0-9a-fA-F]+$/;

/** Why a value is not a number of the format, or its value. */
export type NumberParse = { ok: true; value: bigint } | { ok: false; reason: string };

/** Parse one number form. `value` is what the JSON/YAML loader produced. */
export function parseNumberForm(value: unknown): NumberParse {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) return { ok: false, reason: `${value} is not an integer` };
    if (!Number.isSafeInteger(value))
      return {
        ok: false,
        reason: `${value} is outside the safe integer range; write it as a string`,
      };
    return { ok: true, value: BigInt(value) };
  }
  if (typeof value === "bigint") {
    // The loader hands integers over as BigInt so an unsafe literal is caught, not rounded.
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER))
      return {
        ok: false,
        reason: `${value} is outside the safe integer range; write it as a string`,
      };
    return { ok: true, value };
  }
  if (typeof value === "string") {
    const s = value.trim();
    if (DECIMAL.test(s) || HEX.test(s)) return { ok: true, value: BigInt(s) };
    return {
      ok: false,
      reason: `${JSON.stringify(value)} is not a number (decimal, -decimal or 0x hex)`,
    };
  }
  return { ok: false, reason: `expected a number, got ${describe(value)}` };
}

/**
 * The unsigned value of `v` at `bits` width: a negative value is two's complement at that
 * width (spec: "A negative value written into or compared with a register"). Undefined when
 * it does not fit.
 */
export function toUnsigned(v: bigint, bits: number): bigint | undefined {
  const limit = 1n << BigInt(bits);
  if (v >= 0n) return v < limit ? v : undefined;
  return v >= -(limit >> 1n) ? limit + v : undefined;
}

/** The signed reading of an unsigned `bits`-wide value. */
export function toSigned(u: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, u);
}

/** `0x` + lower-case hex, zero-padded to the full width of `bits`. */
export function hexAt(u: bigint, bits: number): string {
  return `0x${BigInt.asUintN(bits, u)
    .toString(16)
    .padStart(bits / 4, "0")}`;
}

/** A short description of a loaded value's type, for messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${JSON.stringify(value)}`;
  if (typeof value === "bigint") return `${value}`;
  return `${typeof value} ${String(value)}`;
}
