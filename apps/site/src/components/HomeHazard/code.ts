/**
 * The thread's hazard as a live example: an AArch32 guest on arm64 Xen registers an Argo ring;
 * the toolstack left a top half in x3, the guest's write of r3 keeps it, and only from 4.17
 * (entry.S zeroes top halves) does Xen see npages = 1.
 */
export const HAZARD_CODE = `// Register a one-page Argo ring from an AArch32 guest, on Xen 4.16 and 4.17.
const call = (release) => {
  const xen = new abi.Xen({ arch: "arm64", release, cmdline: "argo=1" });
  xen.createDomain({ id: 0, mode: "aarch64" });
  xen.createDomain({ id: 1, mode: "aarch32" });
  // The toolstack loads a vCPU context with a 64-bit value in x3.
  xen.setVcpuContext(1, 0, { x3: 0xffffffff00000000n });
  const mem = xen.domain(1).memory;
  // xen_argo_register_ring_t { aport 1, partner_id 0, pad 0, len 4032 } and one gfn, 0x10.
  mem.write(0x1000, Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0, 0xc0, 0x0f, 0, 0));
  mem.write(0x2000, Uint8Array.of(0x10, 0, 0, 0, 0, 0, 0, 0));
  // The guest: r12 = argo_op, r0 = register_ring, r1/r2 = handles, r3 = npages, r4 = flags.
  const regs = { r12: 39n, r0: 1n, r1: 0x1000n, r2: 0x2000n, r3: 1n, r4: 0n };
  for (const [name, value] of Object.entries(regs)) xen.writeRegister(1, 0, name, value);
  xen.execute(1, 0);
  return {
    release,
    ret: abi.withErrno(xen.result(1, 0)),
    x3: "0x" + xen.readRegister(1, 0, "x3").toString(16),
  };
};
return [call("4.16"), call("4.17")];`;

export const HAZARD_EXPECT = [
  { release: "4.16", ret: "-22 (-EINVAL)", x3: "0xffffffff00000001" },
  { release: "4.17", ret: "0", x3: "0x1" },
];
