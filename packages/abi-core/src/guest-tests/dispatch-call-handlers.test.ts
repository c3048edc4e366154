/**
 * What the trap entries do between reading the registers and the handler: before 4.17 the
 * table lookup (arm/traps.c, x86/pv/hypercall.c: `nr >= ARRAY_SIZE(table) || !table[nr]` is
 * -ENOSYS with no clobber), from 4.17 the generated switch; and the casts call_handlers makes,
 * which give the handler its parameters and nothing beyond them.
 */
import { describe, expect, it } from "vitest";
import type { HypercallHandler } from "../machine/call.js";
import type { TraceEvent } from "../machine/trace.js";
import type { HypercallModelRecord } from "../hypercalls/index.js";
import { hcall, machine, reg } from "./machine.testing.js";

const DEADBEEF = 0xdeadbeefn;
const handlers = (trace: readonly TraceEvent[] | null) =>
  (trace ?? []).filter((e) => e.kind === "handler");

describe("the pre-4.17 table lookup", () => {
  it("a hole inside arm_hypercall_table (mmu_update, 1) is -ENOSYS with nothing poisoned", () => {
    const xen = machine("aarch64", { debug: true, release: "4.16", trace: true });
    const r = hcall(xen, { x16: 1, x0: 0, x1: 1, x2: 2 });
    expect(xen.result(1, 0)).toBe(-38n);
    expect([reg(xen, "x1"), reg(xen, "x2"), reg(xen, "x16")]).toEqual([1n, 2n, 1n]);
    expect(handlers(r.trace)).toEqual([
      {
        kind: "handler",
        name: "(none)",
        nargs: 0,
        modelled: true,
        note: "not in the hypercall table: -ENOSYS, no clobber (Xen <= 4.16)",
      },
    ]);
    // The same call on 4.17 goes through the generated switch: its default poisons nothing
    // either, but says so differently.
    const xen17 = machine("aarch64", { debug: true, release: "4.17", trace: true });
    const r17 = hcall(xen17, { x16: 1, x0: 0, x1: 1 });
    expect(handlers(r17.trace)[0]).toMatchObject({ note: "no handler for this number: -ENOSYS" });
  });

  it("number 0 is a table entry like any other (set_trap_table on x86 PV)", () => {
    const xen = machine("pv64", { release: "4.16", trace: true });
    const r = hcall(xen, { rax: 0, rdi: 0 });
    expect(handlers(r.trace)).toEqual([
      expect.objectContaining({ name: "do_set_trap_table", modelled: false }),
    ]);
  });

  it("a number past the table on 4.16 leaves the arguments alone; from 4.17 too on -ENOSYS", () => {
    for (const release of ["4.16", "4.17"] as const) {
      const xen = machine("aarch64", { debug: true, release });
      hcall(xen, { x16: 4000, x0: 0, x1: 1 });
      expect(xen.result(1, 0), release).toBe(-38n);
      expect(reg(xen, "x1"), release).toBe(1n);
    }
    const xen = machine("aarch64", { debug: true, release: "4.16" });
    hcall(xen, { x16: 17, x0: 0, x1: 1 });
    expect(reg(xen, "x1")).toBe(DEADBEEF);
  });
});

describe("call_handlers' casts", () => {
  /** A made-up hypercall of one `unsigned int` parameter that keeps what it was given. */
  function oneParam() {
    const seen: { lo: number[]; hi: number[] } = { lo: [], hi: [] };
    const do_one_op: HypercallHandler = (call) => {
      seen.lo = [...call.argLo];
      seen.hi = [...call.argHi];
      return 0;
    };
    const record: HypercallModelRecord = {
      name: "one_op",
      checks: [],
      subops: [],
      handlers: { do_one_op },
      table: {
        name: "one_op",
        number: 43,
        summary: "One unsigned int (made up for a test).",
        status: "active",
        prototypes: [{ from: "4.12", do: "unsigned int cmd" }],
        rows: [{ from: "4.12", row: "- do - do do" }],
      },
    };
    return { seen, record };
  }

  it("gives the handler its parameters cast to their types, and zeroes the rest", () => {
    const { seen, record } = oneParam();
    const xen = machine("pv64", { records: [record] });
    // A five-parameter call first (argo_op, 39: narrowed whether or not Argo is on), so the
    // machine's argument arrays hold five values when one_op comes.
    hcall(xen, { rax: 39, rdi: 1, rsi: 2, rdx: 3, r10: 4, r8: 5 });
    hcall(xen, {
      rax: 43,
      rdi: 0x1_0000_0005n,
      rsi: 0xaaaa_bbbb_cccc_ddddn,
      rdx: 7,
      r10: 8,
      r8: 9,
    });
    expect(xen.result(1, 0)).toBe(0n);
    expect(seen.lo).toEqual([5, 0, 0, 0, 0]);
    expect(seen.hi).toEqual([0, 0, 0, 0, 0]);
  });
});
