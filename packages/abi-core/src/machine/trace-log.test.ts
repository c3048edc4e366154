import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GUEST_MODES, registersFor, type GuestMode, type XenArch } from "../abi/modes.js";
import { errnoName } from "./errno.js";
import { hex, type TraceEvent } from "./trace.js";
import { TraceLog, TraceSpan, ValueKind, type NarrowTrace } from "./trace-log.js";

/**
 * The readable reference: each recorder call builds its TraceEvent at once, as the
 * dispatcher did before events were kept as numbers. TraceLog must format to exactly this.
 */
class EventList {
  readonly events: TraceEvent[] = [];
  push(e: TraceEvent): void {
    this.events.push(e);
  }
  value(kind: ValueKind, register: string, lo: number, hi: number, bits: 32 | 64, ret: number) {
    const value = hex(lo, hi, bits);
    const name = ["number", "result", "poison"][kind] as "number" | "result" | "poison";
    const errno = kind === ValueKind.Result ? errnoName(ret) : undefined;
    this.events.push(
      errno === undefined
        ? { kind: name, register, value }
        : { kind: "result", register, value, errno },
    );
  }
  entry(mode: GuestMode, arch: XenArch, instruction: string, imm: number, words: Uint32Array) {
    const regs: Record<string, string> = {};
    for (const d of registersFor(mode, arch))
      regs[d.name] = hex(words[d.slot * 2]!, d.bits === 64 ? words[d.slot * 2 + 1]! : 0, d.bits);
    this.events.push(
      imm >= 0
        ? { kind: "entry", mode, instruction, imm, regs }
        : { kind: "entry", mode, instruction, regs },
    );
  }
  narrow(
    t: NarrowTrace,
    rawLo: number,
    rawHi: number,
    lo: number,
    hi: number,
    bits: 32 | 64,
    lost: boolean,
  ) {
    this.events.push({
      kind: "narrow",
      index: t.index,
      register: t.register,
      param: t.param,
      ctype: t.ctype,
      raw: hex(rawLo, rawHi, bits),
      value: hex(lo, hi, bits),
      how: t.describe(t.narrow as never, bits, lost),
    });
  }
  handler(name: string, nargs: number, modelled: boolean, note: string | undefined) {
    this.events.push(
      note === undefined
        ? { kind: "handler", name, nargs, modelled }
        : { kind: "handler", name, nargs, modelled, note },
    );
  }
}

type Recorder = Pick<TraceLog, "push" | "value" | "entry" | "narrow" | "handler">;
type Op = (r: Recorder) => void;

const u32 = fc.nat({ max: 0xffffffff });
const bits = fc.constantFrom<32 | 64>(32, 64);
const describe2 = (n: never, b: 32 | 64, lost: boolean) => `${String(n)}/${b}/${lost}`;
const narrowTrace: fc.Arbitrary<NarrowTrace> = fc.record({
  index: fc.integer({ min: 1, max: 5 }),
  register: fc.constantFrom("x0", "r1", "rdi", "ebx"),
  param: fc.constantFrom("cmd", "arg"),
  ctype: fc.constantFrom("unsigned int", "void *"),
  narrow: fc.integer({ min: 0, max: 5 }),
  describe: fc.constant(describe2),
});
const archOf = (m: GuestMode): XenArch => (m.startsWith("aarch") ? "arm64" : "x86_64");

const op: fc.Arbitrary<Op> = fc.oneof(
  fc
    .tuple(
      fc.integer({ min: 0, max: 2 }),
      fc.constantFrom("x0", "r12"),
      u32,
      u32,
      bits,
      fc.oneof(fc.integer({ min: -200, max: 5 }), fc.constant(2 ** 40), fc.constant(-(2 ** 40))),
    )
    .map(
      ([k, reg, lo, hi, b, ret]): Op =>
        (r) =>
          r.value(k as ValueKind, reg, lo, hi, b, ret),
    ),
  fc
    .tuple(
      fc.constantFrom(...GUEST_MODES),
      fc.integer({ min: -1, max: 0xffff }),
      fc.uint32Array({ minLength: 64, maxLength: 64 }),
    )
    .map(
      ([mode, imm, words]): Op =>
        (r) =>
          r.entry(mode, archOf(mode), `insn ${imm}`, imm, words),
    ),
  fc.tuple(narrowTrace, u32, u32, u32, u32, bits, fc.boolean()).map(
    ([t, a, b, c, d, bb, lost]): Op =>
      (r) =>
        r.narrow(t, a, b, c, d, bb, lost),
  ),
  fc
    .tuple(
      fc.constantFrom("do_xen_version", "(none)"),
      fc.integer({ min: 0, max: 5 }),
      fc.boolean(),
      fc.option(fc.constantFrom("a note"), { nil: undefined }),
    )
    .map(
      ([n, k, m, note]): Op =>
        (r) =>
          r.handler(n, k, m, note),
    ),
  fc.constantFrom<Op>(
    (r) => r.push({ kind: "note", text: "hi" }),
    (r) => r.push({ kind: "check", id: "a.b", errno: "EINVAL" }),
  ),
);

describe("TraceLog", () => {
  it("formats every call's events exactly as the readable event list builds them", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(op, { maxLength: 40 }), { minLength: 1, maxLength: 8 }),
        fc.boolean(),
        (calls, keep) => {
          const log = new TraceLog(keep);
          const spans: [TraceSpan, TraceEvent[]][] = [];
          for (const call of calls) {
            log.begin();
            const from = log.wordCount;
            const fromRef = log.refCount;
            const ref = new EventList();
            for (const o of call) {
              o(log);
              o(ref);
            }
            const span = new TraceSpan(log, from, log.wordCount, fromRef);
            expect(span.format()).toEqual(ref.events);
            spans.push([span, ref.events]);
          }
          // Kept: every call's span still reads back after later calls (and the log's growth).
          if (keep) for (const [span, events] of spans) expect(span.format()).toEqual(events);
          else expect(log.events()).toEqual(spans.at(-1)![1]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("starts each call afresh unless it keeps traces", () => {
    const fresh = new TraceLog();
    fresh.push({ kind: "note", text: "one" });
    fresh.begin();
    fresh.push({ kind: "note", text: "two" });
    expect(fresh.events()).toEqual([{ kind: "note", text: "two" }]);
    const kept = new TraceLog(true);
    kept.push({ kind: "note", text: "one" });
    kept.begin();
    kept.push({ kind: "note", text: "two" });
    expect(kept.events()).toHaveLength(2);
  });
});
