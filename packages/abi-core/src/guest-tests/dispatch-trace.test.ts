/**
 * What the trace says about the handler a number reaches: none (-ENOSYS), one the machine does
 * not model (no result), or a modelled one with its argument count.
 */
import { describe, expect, it } from "vitest";
import type { TraceEvent } from "../machine/trace.js";
import { hcall, machine } from "./machine.testing.js";

const handlers = (trace: readonly TraceEvent[] | null) =>
  (trace ?? []).filter((e) => e.kind === "handler");

describe("the dispatcher's handler event", () => {
  it("names a modelled handler with its argument count", () => {
    const xen = machine("aarch64", { trace: true });
    const r = hcall(xen, { x16: 17, x0: 0, x1: 0 });
    expect(handlers(r.trace)).toEqual([
      { kind: "handler", name: "do_xen_version", nargs: 2, modelled: true },
    ]);
  });

  it("says a number with no handler is -ENOSYS", () => {
    const xen = machine("aarch64", { trace: true });
    const r = hcall(xen, { x16: 63 });
    expect(handlers(r.trace)).toEqual([
      {
        kind: "handler",
        name: "(none)",
        nargs: 0,
        modelled: true,
        note: "no handler for this number: -ENOSYS",
      },
    ]);
    expect(xen.readRegister(1, 0, "x0")).toBe(2n ** 64n - 38n);
  });

  it("says an unmodelled handler reports no result", () => {
    const xen = machine("pv64", { trace: true });
    const r = hcall(xen, { rax: 0, rdi: 0 });
    const h = handlers(r.trace);
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({
      modelled: false,
      note: "not modelled by the reference machine: no result is reported",
    });
  });
});

describe("call_handlers' trace of the arguments and of an unmodelled sub-op", () => {
  const narrowed = (trace: readonly TraceEvent[] | null) =>
    (trace ?? []).flatMap((e) => (e.kind === "narrow" ? [e.register] : []));
  const notes = (trace: readonly TraceEvent[] | null) =>
    (trace ?? []).flatMap((e) => (e.kind === "note" ? [e.text] : []));

  it("names each argument by its register, and a multicall entry's by its args[] slot", () => {
    const xen = machine("aarch64", { trace: true });
    expect(narrowed(hcall(xen, { x16: 17, x0: 0, x1: 0 }).trace)).toEqual(["x0", "x1"]);
    // One multicall_entry_t at 0x2000: op 17 (xen_version), args 0 and 0.
    xen.domain(1).memory.write(0x2000, new Uint8Array([17, 0, 0, 0, 0, 0, 0, 0]));
    // The multicall's own arguments, then its entry's, through the same table.
    expect(narrowed(hcall(xen, { x16: 13, x0: 0x2000, x1: 1 }).trace)).toEqual([
      "x0",
      "x1",
      "args[0]",
      "args[1]",
    ]);
    expect(narrowed(hcall(xen, { x16: 17, x0: 0, x1: 0 }).trace)).toEqual(["x0", "x1"]);
  });

  it("notes a sub-op the machine does not model, and nothing for one it does", () => {
    const xen = machine("aarch64", { trace: true });
    // EVTCHNOP_bind_pirq: do_event_channel_op is modelled, its PIRQ sub-op is not.
    expect(notes(hcall(xen, { x16: 32, x0: 2, x1: 0x2000 }).trace)).toEqual([
      "unmodelled: event_channel_op/2",
    ]);
    expect(notes(hcall(xen, { x16: 17, x0: 0, x1: 0 }).trace)).toEqual([]);
  });
});
