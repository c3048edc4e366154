/** The test guest's serial output (guest/common/guest.h "Output lines") parsed back. */

export type GuestLine =
  | { readonly kind: "H"; readonly regs: readonly bigint[] }
  | { readonly kind: "R"; readonly bytes: Uint8Array }
  | { readonly kind: "W" };

export interface GuestOutput {
  /** The window's address in the guest (0n when the guest never started). */
  readonly window: bigint;
  readonly steps: ReadonlyMap<number, GuestLine>;
  /** The guest printed END: every step ran. */
  readonly ended: boolean;
  /** A line of Xen's saying the run went wrong (dom0 crashed, Xen panicked), if any. */
  readonly trouble?: string;
}

const TROUBLE =
  /(Panic on CPU|Domain 0 crashed|Hardware Dom0 crashed|FATAL TRAP|Dom0 .*crash|@xa ERROR.*)/;

function hexBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function parseGuestOutput(serial: string): GuestOutput {
  let window = 0n;
  let ended = false;
  let trouble: string | undefined;
  const steps = new Map<number, GuestLine>();
  const reads = new Map<number, string>();
  for (const raw of serial.split(/\r?\n/)) {
    const t = TROUBLE.exec(raw);
    if (t !== null && trouble === undefined) trouble = raw.trim();
    const at = raw.lastIndexOf("@xa ");
    if (at < 0) continue;
    const parts = raw
      .slice(at + 4)
      .trim()
      .split(/\s+/);
    const [kind, a] = parts;
    if (kind === "BEGIN") window = BigInt(a ?? "0");
    else if (kind === "END") ended = true;
    else if (kind === "H")
      steps.set(Number(a), { kind, regs: parts.slice(2).map((v) => BigInt(v)) });
    else if (kind === "W") steps.set(Number(a), { kind });
    else if (kind === "R") reads.set(Number(a), parts[2] ?? "");
    else if (kind === "R+") reads.set(Number(a), (reads.get(Number(a)) ?? "") + (parts[2] ?? ""));
  }
  for (const [i, hex] of reads) steps.set(i, { kind: "R", bytes: hexBytes(hex) });
  return { window, steps, ended, ...(trouble !== undefined && { trouble }) };
}
