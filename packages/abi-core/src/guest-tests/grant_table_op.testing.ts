/**
 * Test helper for grant_table_op: two guests on one machine with tracing on, struct helpers
 * through the layout engine, and an assertion that a call failed the named check.
 */
import { expect } from "vitest";
import type { GuestMode, XenArch } from "../abi/modes.js";
import type { XsmModule } from "../xsm/hooks.js";
import { ERRNO_NAMES } from "../machine/errno.js";
import type { TraceEvent } from "../machine/trace.js";
import { Xen } from "../xen.js";
import { REGISTRY } from "../hypercalls/registry.js";
import { TestGuest } from "./test-guest.testing.js";
import { GNTST_NAMES } from "../hypercalls/grant_table_op/constants.js";

export const GNTTAB = 20;
export const MEMORY_OP = 12;

export interface GrantWorld {
  readonly xen: Xen;
  readonly g1: TestGuest;
  readonly g2: TestGuest;
  /** Check ids the last call recorded. */
  checks(): string[];
  /** The check events of the last call's trace. */
  events(): TraceEvent[];
  /** grant_table_op(cmd, uop, count) from guest g; the result. */
  op(g: TestGuest, cmd: number, uop: number, count: number): number;
  /** Whether the last call reported unmodelled (and what). */
  unmodelled(): string | null;
}

export function grantWorld(
  mode1: GuestMode = "aarch64",
  arch: XenArch = "arm64",
  opts: { mode2?: GuestMode; xsm?: XsmModule; release?: string; preemptBudget?: number } = {},
): GrantWorld {
  const xen = new Xen({
    arch,
    trace: true,
    ...(opts.xsm !== undefined ? { xsm: opts.xsm } : {}),
    ...(opts.release !== undefined ? { release: opts.release as never } : {}),
    ...(opts.preemptBudget !== undefined ? { preemptBudget: opts.preemptBudget } : {}),
  });
  xen.createDomain({ id: 1, mode: mode1, memory: 1 << 20 });
  xen.createDomain({ id: 2, mode: opts.mode2 ?? mode1, memory: 1 << 20 });
  let last: string[] = [];
  let events: TraceEvent[] = [];
  let um: string | null = null;
  return {
    xen,
    g1: new TestGuest(xen, 1),
    g2: new TestGuest(xen, 2),
    checks: () => last,
    events: () => events,
    unmodelled: () => um,
    op(g, cmd, uop, count) {
      const info = g.domain.info;
      xen.writeRegister(g.id, 0, info.numberReg, BigInt(GNTTAB));
      [cmd, uop, count].forEach((a, i) => xen.writeRegister(g.id, 0, info.argRegs[i]!, BigInt(a)));
      const res = xen.execute(g.id, 0);
      events = (res.trace ?? []).filter((e) => e.kind === "check");
      last = events.flatMap((e) => (e.kind === "check" ? [e.id] : []));
      um = res.unmodelled;
      return Number(xen.result(g.id, 0));
    },
  };
}

/**
 * The call's outcome (a -errno result, or a GNTST_* status) is what check `id`'s record
 * says, and the trace names that check.
 */
export function expectCheck(w: GrantWorld, outcome: number, id: string): void {
  const ref = REGISTRY.check(id);
  expect(ref, `no record has check ${id}`).toBeDefined();
  const name = ref!.check.errno;
  const got = name.startsWith("GNTST_") ? GNTST_NAMES[outcome] : ERRNO_NAMES[-outcome];
  expect(got, id).toBe(name);
  expect(w.checks().at(-1), "the trace's last check").toBe(id);
}
