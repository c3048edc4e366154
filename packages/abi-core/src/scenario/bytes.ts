/** Byte strings of the scenario format: hex, an even number of digits, whitespace allowed. */

const HEX_DIGITS = /^[0-9a-fA-F]*$/;

/** Parse a byte string, or return why it is not one. */
export function parseByteString(s: string): Uint8Array | string {
  const digits = s.replace(/\s+/g, "");
  if (!HEX_DIGITS.test(digits)) return `${JSON.stringify(s)} is not hex bytes`;
  if (digits.length % 2 !== 0)
    return `odd number of hex digits (${digits.length}) in ${JSON.stringify(s)}`;
  const out = new Uint8Array(digits.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(digits.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Lower-case hex in groups of four bytes (`"01000000 0100"`), the way the examples write them. */
export function formatBytes(b: Uint8Array): string {
  let out = "";
  for (let i = 0; i < b.length; i++) {
    if (i > 0 && i % 4 === 0) out += " ";
    out += b[i]!.toString(16).padStart(2, "0");
  }
  return out;
}

/** Index of the first byte where `a` and `b` differ, or -1 when equal. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
