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
