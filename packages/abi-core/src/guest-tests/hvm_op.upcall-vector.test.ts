import { describe, expect, it } from "vitest";
import type { GuestMode, XenArch } from "../abi/modes.js";
import { ERRNO_NAMES } from "../machine/errno.js";
import { RELEASES, type Release } from "../machine/release.js";
import { Xen } from "../xen.js";
import { REGISTRY } from "../hypercalls/registry.js";
import { TestGuest } from "./test-guest.testing.js";

const HVM_OP = 34;
const SET_EVTCHN_UPCALL_VECTOR = 23;
const A = 0x2000;
/** HYPERVISOR_CALLBACK_VECTOR, the vector Linux's xen_set_upcall_vector asks for. */
const LINUX_VECTOR = 0xf3;

/** Domain 1 in `mode` with two vCPUs, on `arch` Xen. */
function world(mode: GuestMode, arch: XenArch = "x86_64", release?: Release) {
  const xen = new Xen({ arch, trace: true, ...(release ? { release } : {}) });
  xen.createDomain({ id: 1, mode, memory: 1 << 20, vcpus: 2 });
  const g = new TestGuest(xen, 1);
  const d = xen.domain(1);
  let last: { id: string } | undefined;
  const raw = (arg: number) => {
    const info = d.info;
    xen.writeRegister(1, 0, info.numberReg, BigInt(HVM_OP));
    xen.writeRegister(1, 0, info.argRegs[0]!, BigInt(SET_EVTCHN_UPCALL_VECTOR));
    xen.writeRegister(1, 0, info.argRegs[1]!, BigInt(arg));
    const res = xen.execute(1, 0);
    expect(res.unmodelled).toBeNull();
    last = (res.trace ?? []).filter((e) => e.kind === "check").at(-1) as { id: string };
    return Number(xen.result(1, 0));
  };
  const set = (vcpu: number, vector: number) => {
    g.put(A, "xen_hvm_evtchn_upcall_vector_t", { vcpu, vector });
    return raw(A);
  };
  const vectors = () => d.vcpus.map((v) => v.evtchnUpcallVector);
  return { raw, set, vectors, last: () => last };
}

/** rc is check `id`'s errno (as the record says) and the trace names that check last. */
function expectCheck(w: ReturnType<typeof world>, rc: number, id: string): void {
  const ref = REGISTRY.check(id);
  expect(ref, `no record has check ${id}`).toBeDefined();
  expect(ERRNO_NAMES[-rc], id).toBe(ref!.check.errno);
  expect(w.last()?.id, id).toBe(id);
}

describe("HVMOP_set_evtchn_upcall_vector (x86: hvmop_set_evtchn_upcall_vector)", () => {
  it("stores each vCPU's vector, as Linux sets it per vCPU", () => {
    for (const mode of ["hvm64", "hvm32"] as const) {
      const w = world(mode);
      expect(w.vectors()).toEqual([0, 0]);
      expect(w.set(0, LINUX_VECTOR), mode).toBe(0);
      expect(w.vectors()).toEqual([LINUX_VECTOR, 0]);
      expect(w.set(1, 0x10), mode).toBe(0); // 0x10 is the lowest vector accepted
      expect(w.vectors()).toEqual([LINUX_VECTOR, 0x10]);
      expect(w.set(1, LINUX_VECTOR), mode).toBe(0); // and it may change
      expect(w.vectors()).toEqual([LINUX_VECTOR, LINUX_VECTOR]);
    }
  });

  it("reports each check in Xen's order; a refusal stores nothing", () => {
    const w = world("hvm64");
    expectCheck(w, w.raw(0), "hvm_op.set_evtchn_upcall_vector.copy_in");
    expectCheck(w, w.set(0, 0x0f), "hvm_op.set_evtchn_upcall_vector.vector");
    expectCheck(w, w.set(7, 0x0f), "hvm_op.set_evtchn_upcall_vector.vector"); // the vector before the vCPU
    expectCheck(w, w.set(2, LINUX_VECTOR), "hvm_op.set_evtchn_upcall_vector.vcpu"); // max_vcpus is 2
    expectCheck(w, w.set(0xffff_ffff, LINUX_VECTOR), "hvm_op.set_evtchn_upcall_vector.vcpu");
    expect(w.vectors()).toEqual([0, 0]);
  });

  it("a PV caller is -EINVAL before Xen reads the struct", () => {
    for (const mode of ["pv64", "pv32"] as const) {
      const w = world(mode);
      expectCheck(w, w.raw(0), "hvm_op.set_evtchn_upcall_vector.not_hvm");
      expectCheck(w, w.set(0, LINUX_VECTOR), "hvm_op.set_evtchn_upcall_vector.not_hvm");
      expect(w.vectors()).toEqual([0, 0]);
    }
  });

  it("the same in every release 4.12-4.22 (4.19 changed only Xen's log message)", () => {
    for (const release of RELEASES) {
      const w = world("hvm64", "x86_64", release);
      expect(w.set(1, LINUX_VECTOR), release).toBe(0);
      expect(w.set(0, 0x0f), release).toBe(-22);
      expect(w.set(2, LINUX_VECTOR), release).toBe(-2);
      expect(w.vectors(), release).toEqual([0, LINUX_VECTOR]);
    }
  });

  it("Arm's do_hvm_op has no such case: -ENOSYS", () => {
    for (const arch of ["arm64", "arm32"] as const) {
      const w = world(arch === "arm64" ? "aarch64" : "aarch32", arch);
      expectCheck(w, w.set(0, LINUX_VECTOR), "hvm_op.entry.unknown_op");
      expect(w.vectors()).toEqual([0, 0]);
    }
  });
});
