/**
 * hvm_op tests' machine: domains in one mode, a guest issuing hvm_op(op, arg) from vCPU 0 by
 * its registers, and what the call traced and reported unmodelled.
 */
import { expect } from "vitest";
import type { GuestMode, XenArch } from "../abi/modes.js";
import { ERRNO_NAMES } from "../machine/errno.js";
import type { Release } from "../machine/release.js";
import type { TraceEvent } from "../machine/trace.js";
import { REGISTRY } from "../hypercalls/registry.js";
import type { XsmModule } from "../xsm/index.js";
import { Xen } from "../xen.js";
import { TestGuest } from "./test-guest.testing.js";

export const HVM_OP = 34;

export interface HvmOpWorldOptions {
  readonly arch?: XenArch;
  readonly release?: Release;
  readonly xsm?: XsmModule;
  readonly cmdline?: string;
  readonly stime?: bigint;
  /** The domains to create, 1 MiB each. Default: 0 (control), 1 and 2. */
  readonly ids?: readonly number[];
  readonly vcpus?: number;
}

/** Domains `o.ids` in `mode`; `g` is domain 1, `g2` domain 2, `dom0` domain 0. */
export function hvmOpWorld(mode: GuestMode, o: HvmOpWorldOptions = {}) {
  const xen = new Xen({
    arch: o.arch ?? "x86_64",
    trace: true,
    ...(o.release ? { release: o.release } : {}),
    ...(o.xsm ? { xsm: o.xsm } : {}),
    ...(o.cmdline !== undefined ? { cmdline: o.cmdline } : {}),
    ...(o.stime !== undefined ? { clock: { stime: o.stime } } : {}),
  });
  for (const id of o.ids ?? [0, 1, 2])
    xen.createDomain({ id, mode, memory: 1 << 20, ...(o.vcpus ? { vcpus: o.vcpus } : {}) });
  let events: TraceEvent[] = [];
  let um: string | null = null;
  const raw = (g: TestGuest, op: number, arg: number) => {
    const info = g.domain.info;
    xen.writeRegister(g.id, 0, info.numberReg, BigInt(HVM_OP));
    xen.writeRegister(g.id, 0, info.argRegs[0]!, BigInt(op));
    xen.writeRegister(g.id, 0, info.argRegs[1]!, BigInt(arg));
    const res = xen.execute(g.id, 0);
    events = (res.trace ?? []).filter((e) => e.kind === "check");
    um = res.unmodelled;
    return Number(xen.result(g.id, 0));
  };
  return {
    xen,
    dom0: new TestGuest(xen, 0),
    g: new TestGuest(xen, 1),
    g2: new TestGuest(xen, 2),
    raw,
    events: () => events,
    unmodelled: () => um,
  };
}

export type HvmOpWorld = ReturnType<typeof hvmOpWorld>;

/** rc is check `id`'s errno (as the record says), the trace's last check, nothing unmodelled. */
export function expectHvmCheck(
  w: Pick<HvmOpWorld, "events" | "unmodelled">,
  rc: number,
  id: string,
): void {
  const ref = REGISTRY.check(id);
  expect(ref, `no record has check ${id}`).toBeDefined();
  expect(ERRNO_NAMES[-rc], id).toBe(ref!.check.errno);
  expect(w.events().at(-1), id).toMatchObject({ kind: "check", id });
  expect(w.unmodelled(), id).toBeNull();
}
