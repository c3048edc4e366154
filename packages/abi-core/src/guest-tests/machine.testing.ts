import { expect } from "vitest";
import { REGISTRY } from "../hypercalls/registry.js";
import { ERRNO_NAMES } from "../machine/errno.js";
import type { TraceEvent } from "../machine/trace.js";
import { Xen, type XenOptions } from "../xen.js";
import type { GuestMode } from "../abi/modes.js";

/** A clock whose every field shows in the bytes (wc_sec needs its top half): XenOptions.clock. */
export const WIDE_CLOCK = {
  stime: 0x1122_3344_5566n,
  tsc: 0x7_0000_0001n,
  tscHz: 2_500_000_000n,
  tscStable: true,
  wcSec: 0x1_2345_6789n,
  wcNsec: 987_654_321,
};

/** A machine with one domain (id 1) of `mode`, for tests. */
export function machine(mode: GuestMode, opts: XenOptions = {}): Xen {
  const arch = opts.arch ?? (mode.startsWith("aarch") ? "arm64" : "x86_64");
  const xen = new Xen({ ...opts, arch });
  xen.createDomain({ id: 1, mode, vcpus: 2 });
  return xen;
}

/** Set registers, execute the hypercall instruction, return the fault. */
export function hcall(
  xen: Xen,
  regs: Record<string, bigint | number>,
  imm?: number,
  dom = 1,
  vcpu = 0,
) {
  for (const [name, value] of Object.entries(regs))
    xen.writeRegister(dom, vcpu, name, BigInt(value));
  const r = xen.execute(dom, vcpu, imm);
  return { fault: r.fault, continuations: r.continuations, trace: r.trace };
}

export function reg(xen: Xen, name: string, dom = 1, vcpu = 0): bigint {
  return xen.readRegister(dom, vcpu, name);
}

/** The id of the last check a traced hypercall recorded as failing, if one did. */
export function lastCheck(trace: readonly TraceEvent[] | null): string | undefined {
  const ev = trace?.findLast((e) => e.kind === "check");
  return ev?.kind === "check" ? ev.id : undefined;
}

/**
 * Assert that the traced hypercall `r` failed the check `id` (a machine built with
 * `{ trace: true }`): its record exists, the trace's last check is `id` with the record's
 * errno, and the result register holds -errno (or `ret`, for a check whose result is not an
 * errno, such as a PSCI code).
 */
export function expectCheck(
  xen: Xen,
  r: { readonly trace: readonly TraceEvent[] | null },
  id: string,
  opts: { dom?: number; vcpu?: number; ret?: bigint } = {},
): void {
  const ref = REGISTRY.check(id);
  expect(ref, `no record has check ${id}`).toBeDefined();
  const name = ref!.check.errno;
  const errno = Object.entries(ERRNO_NAMES).find(([, n]) => n === name)?.[0];
  const ret = opts.ret ?? (errno === undefined ? undefined : -BigInt(errno));
  expect(ret, `${id}: give the result of a non-errno check`).toBeDefined();
  expect(r.trace, "build the machine with { trace: true }").not.toBeNull();
  const ev = r.trace!.findLast((e) => e.kind === "check");
  expect(ev, id).toEqual({
    kind: "check",
    id,
    errno: name,
    ...(ev && "values" in ev && { values: ev.values }),
  });
  expect(xen.result(opts.dom ?? 1, opts.vcpu ?? 0), id).toBe(ret);
}
