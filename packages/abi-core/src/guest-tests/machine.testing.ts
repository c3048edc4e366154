import { Xen, type XenOptions } from "../xen.js";
import type { GuestMode } from "../abi/modes.js";

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
