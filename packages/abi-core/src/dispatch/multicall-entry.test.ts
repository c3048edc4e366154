import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cTargetOf } from "../abi/ctypes.js";
import { GUEST_MODES } from "../abi/modes.js";
import { Domain } from "../machine/domain.js";
import { PAGE_SIZE } from "../machine/memory.js";
import { clangField, FIXTURES } from "../table/clang-layouts.testing.js";
import {
  MULTICALL_ENTRY,
  multicallWordBytes,
  readMulticallEntry,
  readMulticallEntryReference,
  writeMulticallEntry,
  writeMulticallEntryReference,
  writeMulticallResult,
  type EntryScratch,
} from "./multicall-entry.js";

const MEM = 4 * PAGE_SIZE;

function scratch(): EntryScratch {
  const entryBuf = new Uint8Array(64);
  return { entryBuf, entryView: new DataView(entryBuf.buffer) };
}

function mcs() {
  return {
    inMulticall: false,
    argLo: new Uint32Array(6),
    argHi: new Uint32Array(6),
    op: 0,
    result: 0,
  };
}

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
/** Entries anywhere in the guest, including across a page boundary and off its end. */
const addr = fc.oneof(
  fc.integer({ min: 0, max: MEM + 64 }),
  fc.integer({ min: PAGE_SIZE - 40, max: PAGE_SIZE + 8 }),
);
const mode = fc.constantFrom(...GUEST_MODES);

describe("multicall_entry by field name", () => {
  it("has clang's offsets and sizes for each mode", () => {
    for (const m of GUEST_MODES) {
      const t = cTargetOf(m);
      const e = MULTICALL_ENTRY[m];
      for (const f of ["op", "result", "args"] as const) {
        expect(e.at[f], `${m} ${f}`).toBe(clangField(t, "multicall_entry_t", f).at);
        expect(e.len[f], `${m} ${f}`).toBe(clangField(t, "multicall_entry_t", f).size);
      }
      expect(e.size).toBe(FIXTURES[t].structs["multicall_entry_t"]!.size);
    }
    // compat_multicall_entry really is half as wide: the loop above would not notice a mode
    // mapped to the wrong target if both targets agreed by chance.
    expect(MULTICALL_ENTRY.pv32.size).toBe(32);
    expect(MULTICALL_ENTRY.aarch32.size).toBe(64);
    expect(multicallWordBytes(new Domain({ id: 1, mode: "hvm32" }))).toBe(4);
    expect(multicallWordBytes(new Domain({ id: 1, mode: "aarch32" }))).toBe(8);
  });

  it("reads every word as the reference path does (fast path vs readStruct)", () => {
    fc.assert(
      fc.property(mode, addr, fc.uint8Array({ minLength: 64, maxLength: 64 }), (m, a, bytes) => {
        const d = new Domain({ id: 1, mode: m, memory: MEM });
        d.memory.write(Math.min(a, MEM - 64), bytes);
        const st = mcs();
        const ok = readMulticallEntry(scratch(), d, a, st);
        const ref = readMulticallEntryReference({ memory: d.memory, mode: m, addr: a });
        expect(ok).toBe(ref !== undefined);
        if (ref === undefined) return;
        const w = BigInt(multicallWordBytes(d) * 8);
        expect(st.op).toBe(ref.op >> 32n === 0n ? Number(ref.op) : -1);
        for (let i = 0; i < 6; i++) {
          const want = BigInt.asUintN(Number(w), ref.args[i]!);
          expect((BigInt(st.argHi[i]!) << 32n) | BigInt(st.argLo[i]!)).toBe(want);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("writes every byte as the reference path does (fast path vs writeStruct)", () => {
    fc.assert(
      fc.property(
        mode,
        addr,
        u64,
        fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
        fc.array(u64, { minLength: 6, maxLength: 6 }),
        (m, a, op, result, args) => {
          const fast = new Domain({ id: 1, mode: m, memory: MEM });
          const ref = new Domain({ id: 1, mode: m, memory: MEM });
          const st = mcs();
          st.op = Number(op & 0xffffffffn);
          st.result = result;
          args.forEach((x, i) => {
            st.argLo[i] = Number(x & 0xffffffffn);
            st.argHi[i] = multicallWordBytes(fast) === 8 ? Number(x >> 32n) : 0;
          });
          const okFast = writeMulticallEntry(scratch(), fast, a, st);
          const okRef = writeMulticallEntryReference({
            memory: ref.memory,
            mode: m,
            addr: a,
            entry: { op: BigInt(st.op), result: BigInt(result), args },
          });
          expect(okFast).toBe(okRef);
          expect(fast.memory.readBytes(0, MEM)).toEqual(ref.memory.readBytes(0, MEM));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("writes the result alone at its field, as wide as xen_ulong_t", () => {
    for (const m of GUEST_MODES) {
      const d = new Domain({ id: 1, mode: m, memory: MEM });
      const at = PAGE_SIZE + 0x100; // frame 0 is not mapped
      d.memory.write(at, new Uint8Array(64).fill(0x55));
      expect(writeMulticallResult(scratch(), d, at, 0xffffffda, 0xffffffff)).toBe(true);
      const e = readMulticallEntryReference({ memory: d.memory, mode: m, addr: at })!;
      const w = multicallWordBytes(d);
      expect(e.result).toBe(w === 8 ? 0xffffffffffffffdan : 0xffffffdan);
      expect(e.op).toBe(w === 8 ? 0x5555555555555555n : 0x55555555n);
      expect(e.args[0]).toBe(e.op);
      expect(writeMulticallResult(scratch(), d, MEM - 2, 0, 0)).toBe(false);
    }
  });
});
