import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import { EBUSY, EFAULT, EINVAL, ENOENT, ENXIO } from "../machine/errno.js";
import { TestGuest } from "./test-guest.testing.js";
import { vcpuEventState } from "../hypercalls/event_channel_op/two-level.js";

const A = 0x2000;

describe("vcpu_op", () => {
  it("register_vcpu_info: copies the legacy vcpu_info, sets every selector bit, -EBUSY the second time (4.18+)", () => {
    const xen = new Xen();
    xen.createDomain({ id: 1, mode: "aarch64", vcpus: 2 });
    const g = new TestGuest(xen, 1);
    const d = xen.domain(1);
    g.put(A, "vcpu_register_vcpu_info_t", { mfn: 0x81, offset: 0x40 });
    expect(g.call(24, [10, 0, A])).toBe(0);
    const vi = g.get(0x81040, "vcpu_info_t");
    expect(vi.evtchn_upcall_pending).toBe(1n);
    expect(vi.evtchn_pending_sel).toBe((1n << 64n) - 1n);
    expect(vcpuEventState(d, d.vcpus[0]!).upcallPending).toBe(1);
    expect(g.call(24, [10, 0, A])).toBe(-EBUSY);
    // vCPU 1 had no vcpu_info (Arm has one legacy slot): a zeroed one, then the bits.
    g.put(A, "vcpu_register_vcpu_info_t", { mfn: 0x82, offset: 0xffc });
    expect(g.call(24, [10, 1, A])).toBe(-ENXIO); // crosses the page
    g.put(A, "vcpu_register_vcpu_info_t", { mfn: 0x82, offset: 4 });
    expect(g.call(24, [10, 1, A])).toBe(-ENXIO); // misaligned for xen_ulong_t
    g.put(A, "vcpu_register_vcpu_info_t", { mfn: 0, offset: 0 });
    expect(g.call(24, [10, 1, A])).toBe(-EINVAL); // frame 0 is not RAM
    expect(g.call(24, [10, 1, 0])).toBe(-EFAULT);
    expect(g.call(24, [10, 2, A])).toBe(-ENOENT);
  });

  it("a PV vCPU starts with upcalls masked (the domain builder's), which register_vcpu_info copies", () => {
    for (const [mode, masked] of [
      ["pv64", 1n],
      ["pv32", 1n],
      ["hvm64", 0n],
    ] as const) {
      const xen = new Xen({ arch: "x86_64" });
      xen.createDomain({ id: 1, mode });
      const g = new TestGuest(xen, 1);
      g.put(A, "vcpu_register_vcpu_info_t", { mfn: 0x81, offset: 0x40 });
      expect(g.call(24, [10, 0, A]), mode).toBe(0);
      expect(g.get(0x81040, "vcpu_info_t").evtchn_upcall_mask, mode).toBe(masked);
    }
  });

  it("4.17's map_vcpu_info: -EINVAL (not -EBUSY) when already registered", () => {
    const xen = new Xen({ release: "4.17" });
    xen.createDomain({ id: 1, mode: "aarch64" });
    const g = new TestGuest(xen, 1);
    g.put(A, "vcpu_register_vcpu_info_t", { mfn: 0x81, offset: 0 });
    expect(g.call(24, [10, 0, A])).toBe(0);
    expect(g.call(24, [10, 0, A])).toBe(-EINVAL);
  });

  it("Arm runs only register_vcpu_info and register_runstate_memory_area", () => {
    const xen = new Xen();
    xen.createDomain({ id: 1, mode: "aarch64" });
    const g = new TestGuest(xen, 1);
    expect(g.call(24, [3, 0, 0])).toBe(-EINVAL); // is_up
    g.put(A, "vcpu_runstate_info_t", { state: 7, state_entry_time: 9 });
    xen.domain(1).memory.write(0x3000, new Uint8Array([0x00, 0x20, 0, 0, 0, 0, 0, 0])); // handle 0x2000
    expect(g.call(24, [5, 0, 0x3000])).toBe(0);
    expect(g.get(A, "vcpu_runstate_info_t")).toMatchObject({ state: 0n, state_entry_time: 0n });
  });

  it("x86: is_up, up of a never-initialised vCPU, down, timers with model time", () => {
    const xen = new Xen({ arch: "x86_64" });
    xen.createDomain({ id: 1, mode: "hvm64", vcpus: 2 });
    const g = new TestGuest(xen, 1);
    expect(g.call(24, [3, 0, 0])).toBe(1);
    expect(g.call(24, [3, 1, 0])).toBe(0);
    expect(g.call(24, [1, 1, 0])).toBe(-EINVAL);
    g.put(A, "vcpu_set_periodic_timer_t", { period_ns: 999_999 });
    expect(g.call(24, [6, 0, A])).toBe(-EINVAL); // below 1 ms
    g.put(A, "vcpu_set_periodic_timer_t", { period_ns: 10_000_000 });
    expect(g.call(24, [6, 0, A])).toBe(0);
    expect(xen.domain(1).vcpus[0]!.timers.periodicNs).toBe(10_000_000n);
    expect(g.call(24, [8, 1, A])).toBe(-EINVAL); // singleshot only for the calling vCPU
    g.put(A, "vcpu_set_singleshot_timer_t", { timeout_abs_ns: 5, flags: 1 });
    expect(g.call(24, [8, 0, A])).toBe(0); // model time 0: the future
    expect(g.call(24, [2, 0, 0])).toBe(0); // last vCPU down: the domain powers off
    expect(xen.domain(1).shutdownReason).toBe(0);
  });
});
