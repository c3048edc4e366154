import { describe, expect, it } from "vitest";
import type { GuestMode, XenArch } from "../abi/modes.js";
import { RELEASES, type Release } from "../machine/release.js";
import { expectHvmCheck, hvmOpWorld } from "./hvm_op.testing.js";

const SET_EVTCHN_UPCALL_VECTOR = 23;
const A = 0x2000;
/** HYPERVISOR_CALLBACK_VECTOR, the vector Linux's xen_set_upcall_vector asks for. */
const LINUX_VECTOR = 0xf3;

/** Domain 1 in `mode` with two vCPUs, on `arch` Xen. */
function world(mode: GuestMode, arch: XenArch = "x86_64", release?: Release) {
  const w = hvmOpWorld(mode, { arch, ...(release ? { release } : {}), ids: [1], vcpus: 2 });
  // Every call here must run: none may answer unmodelled.
  const raw = (arg: number) => {
    const rc = w.raw(w.g, SET_EVTCHN_UPCALL_VECTOR, arg);
    expect(w.unmodelled()).toBeNull();
    return rc;
  };
  const set = (vcpu: number, vector: number) => {
    w.g.put(A, "xen_hvm_evtchn_upcall_vector_t", { vcpu, vector });
    return raw(A);
  };
  const vectors = () => w.g.domain.vcpus.map((v) => v.evtchnUpcallVector);
  return { ...w, raw, set, vectors };
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
    expectHvmCheck(w, w.raw(0), "hvm_op.set_evtchn_upcall_vector.copy_in");
    expectHvmCheck(w, w.set(0, 0x0f), "hvm_op.set_evtchn_upcall_vector.vector");
    expectHvmCheck(w, w.set(7, 0x0f), "hvm_op.set_evtchn_upcall_vector.vector"); // the vector before the vCPU
    expectHvmCheck(w, w.set(2, LINUX_VECTOR), "hvm_op.set_evtchn_upcall_vector.vcpu"); // max_vcpus is 2
    expectHvmCheck(w, w.set(0xffff_ffff, LINUX_VECTOR), "hvm_op.set_evtchn_upcall_vector.vcpu");
    expect(w.vectors()).toEqual([0, 0]);
  });

  it("a PV caller is -EINVAL before Xen reads the struct", () => {
    for (const mode of ["pv64", "pv32"] as const) {
      const w = world(mode);
      expectHvmCheck(w, w.raw(0), "hvm_op.set_evtchn_upcall_vector.not_hvm");
      expectHvmCheck(w, w.set(0, LINUX_VECTOR), "hvm_op.set_evtchn_upcall_vector.not_hvm");
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
      expectHvmCheck(w, w.set(0, LINUX_VECTOR), "hvm_op.entry.unknown_op");
      expect(w.vectors()).toEqual([0, 0]);
    }
  });
});
