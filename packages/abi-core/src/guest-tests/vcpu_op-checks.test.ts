/**
 * The checks of vcpu_op's other sub-ops, by id (xen/common/domain.c: common_vcpu_op,
 * map_guest_area; map_vcpu_info before 4.18): each fails with its record's errno.
 */
import { describe, expect, it } from "vitest";
import { A, expectCheck, vcpuWorld } from "./vcpu_op.testing.js";

/** An address whose struct runs off the end of the guest's 1 MiB. */
const OFF_END = 0x10_0000 - 4;

describe("vcpu_op checks", () => {
  it("runstate: copy_out and copy_in", () => {
    const x = vcpuWorld("hvm64");
    expectCheck(x.op(4, 0, OFF_END), "vcpu_op.get_runstate_info.copy_out");
    const arm = vcpuWorld("aarch64");
    expectCheck(arm.op(5, 0, OFF_END), "vcpu_op.register_runstate_memory_area.copy_in");
  });

  it("timers: copy_in, the period's bounds, singleshot on the calling vCPU only", () => {
    const w = vcpuWorld("hvm64");
    expectCheck(w.op(6, 0, OFF_END), "vcpu_op.set_periodic_timer.copy_in");
    w.g.put(A, "vcpu_set_periodic_timer_t", { period_ns: 999_999 });
    expectCheck(w.op(6, 0), "vcpu_op.set_periodic_timer.period_min");
    w.g.put(A, "vcpu_set_periodic_timer_t", { period_ns: 1n << 62n });
    expectCheck(w.op(6, 0), "vcpu_op.set_periodic_timer.period_max");
    w.g.put(A, "vcpu_set_periodic_timer_t", { period_ns: (1n << 62n) - 1n });
    expect(w.op(6, 1).rc).toBe(0); // STIME_DELTA_MAX itself, and on another vCPU
    expectCheck(w.op(8, 1), "vcpu_op.set_singleshot_timer.other_vcpu");
    expectCheck(w.op(8, 0, OFF_END), "vcpu_op.set_singleshot_timer.copy_in");
    expectCheck(w.op(9, 1), "vcpu_op.stop_singleshot_timer.other_vcpu");
    expect(w.op(9, 0).rc).toBe(0);
  });

  it("send_nmi: arg must be NULL; then an NMI is pending on the target vCPU (compat too)", () => {
    for (const mode of ["pv64", "hvm32"] as const) {
      const w = vcpuWorld(mode);
      expectCheck(w.op(11, 1, A), "vcpu_op.send_nmi.arg");
      expect(w.xen.domain(1).vcpus[1]!.nmiPending).toBe(false);
      expect(w.op(11, 1, 0).rc).toBe(0);
      expect(w.xen.domain(1).vcpus[1]!.nmiPending).toBe(true);
    }
    expectCheck(vcpuWorld("aarch64").op(11, 0, 0), "vcpu_op.entry.arm_subset");
  });

  it("register_vcpu_info (4.18+): gaddr, registered, crosses_page, misaligned, not_ram in that order", () => {
    const w = vcpuWorld("aarch64");
    expectCheck(w.op(10, 0, OFF_END), "vcpu_op.register_vcpu_info.copy_in");
    const reg = (mfn: bigint | number, offset: number, vcpu = 0) => {
      w.g.put(A, "vcpu_register_vcpu_info_t", { mfn, offset });
      return w.op(10, vcpu);
    };
    expectCheck(reg(1n << 52n, 0), "vcpu_op.register_vcpu_info.gaddr"); // mfn << 12 wraps
    expectCheck(reg(0x81, 0x1000), "vcpu_op.register_vcpu_info.gaddr"); // offset leaves the frame
    expectCheck(reg(0x81, 0xffc), "vcpu_op.register_vcpu_info.crosses_page");
    expectCheck(reg(0x81, 4), "vcpu_op.register_vcpu_info.misaligned");
    expectCheck(reg(0x1000, 0), "vcpu_op.register_vcpu_info.not_ram"); // past the guest's memory
    expect(reg(0x81, 0x40).rc).toBe(0);
    expectCheck(reg(0x1000, 4), "vcpu_op.register_vcpu_info.registered"); // before the rest
  });

  it("map_vcpu_info (4.12-4.17): the offset checks first, then registered_old, then not_ram", () => {
    const w = vcpuWorld("aarch64", { release: "4.17" });
    const reg = (mfn: number, offset: number) => {
      w.g.put(A, "vcpu_register_vcpu_info_t", { mfn, offset });
      return w.op(10, 0);
    };
    expectCheck(reg(0x1000, 0xffc), "vcpu_op.register_vcpu_info.crosses_page");
    expectCheck(reg(0x1000, 4), "vcpu_op.register_vcpu_info.misaligned");
    expectCheck(reg(0x1000, 0), "vcpu_op.register_vcpu_info.not_ram");
    expect(reg(0x81, 0).rc).toBe(0);
    expectCheck(reg(0x1000, 0), "vcpu_op.register_vcpu_info.registered_old");
  });
});
