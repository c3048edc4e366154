/**
 * Structured trace of one dispatch, for the site and `--json`: what Xen read, how it narrowed
 * each argument, which handler ran, what it returned and what the debug build poisoned.
 * Values are lower-case hex strings at full register width so the trace is plain JSON.
 */
export type TraceEvent =
  | { kind: "entry"; mode: string; instruction: string; imm?: number; regs: Record<string, string> }
  | { kind: "zero-top-halves"; registers: string; reason: string }
  | { kind: "trap"; action: "hypercall" | "smccc" | "undef"; reason: string }
  | { kind: "number"; register: string; value: string; name?: string }
  | {
      kind: "narrow";
      index: number;
      register: string;
      param: string;
      ctype: string;
      raw: string;
      value: string;
      how: string;
    }
  | { kind: "handler"; name: string; nargs: number; modelled: boolean; note?: string }
  | { kind: "note"; text: string }
  | { kind: "result"; register: string; value: string; errno?: string }
  | { kind: "poison"; register: string; value: string }
  | { kind: "continuation"; op: number; pc: string }
  | { kind: "fault"; fault: "undef" | "domain_crash"; reason: string };

/** Where trace events go: an array while tracing, null when off (no allocation then). */
export type TraceSink = TraceEvent[] | null;

export function hex(lo: number, hi: number, bits: 32 | 64): string {
  const l = (lo >>> 0).toString(16).padStart(8, "0");
  return bits === 32 ? `0x${l}` : `0x${(hi >>> 0).toString(16).padStart(8, "0")}${l}`;
}
