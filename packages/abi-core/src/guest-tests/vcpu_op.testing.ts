/**
 * Test helper for vcpu_op: one guest on a traced machine issuing vcpu_op(cmd, vcpu, arg) from
 * vCPU 0, and an assertion that a call failed the named check with its record's errno.
 */
import { expect } from "vitest";
import type { GuestMode, XenArch } from "../abi/modes.js";
import { ERRNO_NAMES } from "../machine/errno.js";
import { REGISTRY } from "../hypercalls/registry.js";
import { Xen } from "../xen.js";
import { TestGuest } from "./test-guest.testing.js";

export const VCPU_OP = 24;
/** Where the tests put a sub-op's struct. */
export const A = 0x2000;

export interface VcpuOpResult {
  readonly rc: number;
  /** The last check the trace recorded. */
  readonly check: string | undefined;
  readonly um: string | null;
  /** How many times Xen preempted the call and it was re-executed. */
  readonly continuations: number;
}

export interface VcpuWorld {
  readonly xen: Xen;
  readonly g: TestGuest;
  /** vcpu_op(cmd, vcpu, arg) on vCPU 0. */
  op(cmd: number, vcpu: number, arg?: number): VcpuOpResult;
}

export function vcpuWorld(
  mode: GuestMode,
  opts: {
    release?: string;
    vcpus?: number;
    arch?: XenArch;
    memory?: number;
    preemptBudget?: number;
    debug?: boolean;
  } = {},
): VcpuWorld {
  const xen = new Xen({
    arch: opts.arch ?? (mode === "aarch64" || mode === "aarch32" ? "arm64" : "x86_64"),
    trace: true,
    ...(opts.debug !== undefined ? { debug: opts.debug } : {}),
    ...(opts.preemptBudget !== undefined ? { preemptBudget: opts.preemptBudget } : {}),
    ...(opts.release !== undefined ? { release: opts.release as never } : {}),
  });
  xen.createDomain({
    id: 1,
    mode,
    vcpus: opts.vcpus ?? 2,
    ...(opts.memory !== undefined ? { memory: opts.memory } : {}),
  });
  const g = new TestGuest(xen, 1);
  return {
    xen,
    g,
    op(cmd, vcpu, arg = A) {
      const info = g.domain.info;
      xen.writeRegister(1, 0, info.numberReg, BigInt(VCPU_OP));
      [cmd, vcpu, arg].forEach((a, i) => xen.writeRegister(1, 0, info.argRegs[i]!, BigInt(a)));
      const res = xen.execute(1, 0);
      const checks = (res.trace ?? []).flatMap((e) => (e.kind === "check" ? [e.id] : []));
      const rc = Number(xen.result(1, 0));
      return { rc, check: checks.at(-1), um: res.unmodelled, continuations: res.continuations };
    },
  };
}

/** The call failed check `id` with the errno its record gives. */
export function expectCheck(r: VcpuOpResult, id: string): void {
  const ref = REGISTRY.check(id);
  expect(ref, `no record has check ${id}`).toBeDefined();
  expect(ERRNO_NAMES[-r.rc], id).toBe(ref!.check.errno);
  expect(r.check, "the trace's last check").toBe(id);
}

/** The 8-byte page-table entry (or descriptor) at `slot` of the guest's `frame`. */
export function pteAt(w: VcpuWorld, frame: number, slot: number): bigint {
  const b = w.g.domain.memory.readBytes(frame * 4096 + slot * 8, 8)!;
  return new DataView(b.buffer, b.byteOffset).getBigUint64(0, true);
}

/** Writes `e` as the 8-byte entry at `slot` of the guest's `frame`. */
export function putPte(w: VcpuWorld, frame: number, slot: number, e: bigint): void {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, e, true);
  w.g.domain.memory.write(frame * 4096 + slot * 8, b);
}
