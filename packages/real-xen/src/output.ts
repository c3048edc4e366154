/** The test guest's serial output (guest/common/guest.h "Output lines") parsed back. */

export type GuestLine =
  | { readonly kind: "H"; readonly regs: readonly bigint[] }
  | { readonly kind: "R"; readonly bytes: Uint8Array }
  | { readonly kind: "W" };

/** dom0's WAIT: how it found a dom0less domain after one of its turns (guest.h "D" line). */
export interface DomainWait {
  readonly idx: number;
  readonly domid: number;
  /** SHUTDOWN_* code: 2 suspended (its turn ended), 0 powered off (its last), 3 crashed. */
  readonly code: number;
}

export interface GuestOutput {
  /** The window's address in the guest (0n when the guest never started). */
  readonly window: bigint;
  /** Lines by scenario (its `@xa S n`; lines before any S are scenario 0), then step index. */
  readonly scenarios: ReadonlyMap<number, ReadonlyMap<number, GuestLine>>;
  /** The scenarios whose `@xa S` line was printed, in order. */
  readonly started: readonly number[];
  /** Scenario 0's lines (a boot of one scenario). */
  readonly steps: ReadonlyMap<number, GuestLine>;
  /** The guest printed END: every step ran. */
  readonly ended: boolean;
  /** A line of Xen's saying the run went wrong (dom0 crashed, Xen panicked), if any. */
  readonly trouble?: string;
  /**
   * Set when Xen crashed dom0 (xen/common/domain.c domain_crash: "Domain 0 (vcpu#N) crashed"),
   * not when Xen itself panicked: Xen's reason, the line it printed before `domain_crash
   * called from`, else the crash line.
   */
  readonly domainCrash?: string;
  /** dom0's WAIT lines, in order (a dom0less boot). */
  readonly waits: readonly DomainWait[];
}

const TROUBLE =
  /(Panic on CPU|Domain 0 crashed|Hardware Dom0 crashed|FATAL TRAP|Dom0 .*crash|@xa ERROR.*)/;

const DOMAIN_CRASH = /Domain 0 \(vcpu#\d+\) crashed|Hardware Dom0 crashed/;

/** Xen's reason for crashing dom0, or undefined when dom0 did not crash (or Xen panicked). */
function domainCrashOf(lines: readonly string[]): string | undefined {
  if (lines.some((l) => /Panic on CPU/.test(l))) return undefined;
  const at = lines.findIndex((l) => DOMAIN_CRASH.test(l));
  if (at < 0) return undefined;
  const from = lines.findIndex((l) => /domain_crash(_sync)? called from/.test(l));
  const why = from > 0 ? lines[from - 1] : undefined;
  return (why !== undefined && /^\(XEN\) d0v\d+/.test(why) ? why : (lines[at] ?? "")).trim();
}

function hexBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * The serial line with Xen's console lines taken out where they landed inside a guest line:
 * Xen prints whole lines, so a "(XEN) ..." that starts mid-line splits the guest's line in two
 * ("@xa H 0x3 0xffffffff801(XEN) ...\n2345"), and the guest's rest follows Xen's newline.
 */
function withoutInterleavedXenLines(serial: string): string {
  return serial.replace(/([^\n])\(XEN\)[^\n]*(?:\r?\n|$)/g, "$1");
}

/**
 * One dom0less domU's lines out of the serial log: Xen prints a domU's console_io text as
 * `(dN) text` (xen/drivers/char/console.c guest_console_write), and breaks a line longer
 * than its buffer into several; every guest line starts with `@xa `, so a `(dN)` line that
 * does not is the rest of the one before.
 */
export function domUSerial(serial: string, domid: number): string {
  const out: string[] = [];
  const prefix = `(d${domid}) `;
  for (const raw of serial.split(/\r?\n/)) {
    const at = raw.indexOf(prefix);
    if (at < 0) continue;
    const text = raw.slice(at + prefix.length);
    if (text.startsWith("@xa ") || out.length === 0) out.push(text);
    else out[out.length - 1] += text;
  }
  return out.join("\n");
}

/** dom0's own lines: the serial log without any domU's `(dN)` lines. */
export function dom0Serial(serial: string): string {
  return serial
    .split(/\r?\n/)
    .filter((l) => !/^(\(XEN\) )?\(d[1-9]\d*\) /.test(l))
    .join("\n");
}

export function parseGuestOutput(serial: string): GuestOutput {
  let window = 0n;
  let ended = false;
  let trouble: string | undefined;
  let current = 0;
  const started: number[] = [];
  const scenarios = new Map<number, Map<number, GuestLine>>();
  const reads = new Map<string, string>();
  const waits: DomainWait[] = [];
  const lines = (n: number) => {
    let m = scenarios.get(n);
    if (m === undefined) scenarios.set(n, (m = new Map()));
    return m;
  };
  const all = serial.split(/\r?\n/);
  for (const raw of all) {
    const t = TROUBLE.exec(raw);
    if (t !== null && trouble === undefined) trouble = raw.trim();
  }
  const domainCrash = domainCrashOf(all);
  for (const raw of withoutInterleavedXenLines(serial).split(/\r?\n/)) {
    const at = raw.lastIndexOf("@xa ");
    if (at < 0) continue;
    const parts = raw
      .slice(at + 4)
      .trim()
      .split(/\s+/);
    const [kind, a] = parts;
    const idx = Number(a);
    if (kind === "BEGIN") window = BigInt(a ?? "0");
    else if (kind === "END") ended = true;
    else if (kind === "S") {
      current = idx;
      started.push(idx);
      lines(idx);
    } else if (kind === "H") lines(current).set(idx, { kind, regs: parts.slice(2).map(BigInt) });
    else if (kind === "W") lines(current).set(idx, { kind });
    else if (kind === "D") waits.push({ idx, domid: Number(parts[2]), code: Number(parts[3]) });
    else if (kind === "R") reads.set(`${current}:${idx}`, parts[2] ?? "");
    else if (kind === "R+") {
      const key = `${current}:${idx}`;
      reads.set(key, (reads.get(key) ?? "") + (parts[2] ?? ""));
    }
  }
  for (const [key, hex] of reads) {
    const [n, i] = key.split(":").map(Number);
    lines(n ?? 0).set(i ?? 0, { kind: "R", bytes: hexBytes(hex) });
  }
  return {
    window,
    scenarios,
    started,
    steps: scenarios.get(0) ?? new Map(),
    ended,
    ...(trouble !== undefined && { trouble }),
    ...(domainCrash !== undefined && { domainCrash }),
    waits,
  };
}
