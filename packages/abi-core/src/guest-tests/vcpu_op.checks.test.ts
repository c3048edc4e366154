/**
 * vcpu_op's checks, each made to fail once: the trace names the record's check id, the result
 * register holds its errno (xen/common/domain.c: common_vcpu_op, map_guest_area, map_vcpu_info
 * before 4.18; xen/arch/arm/domain.c: do_vcpu_op). Two suites: one reads the result through
 * machine.testing's expectCheck, the other through vcpu_op.testing's vcpuWorld.
 */
import { describe, expect, it } from "vitest";
import { Xen, type XenOptions } from "../xen.js";
import type { GuestMode } from "../abi/modes.js";
import { expectCheck } from "./machine.testing.js";
import { TestGuest } from "./test-guest.testing.js";
import { A, VCPU_OP, expectCheck as expectOpCheck, vcpuWorld } from "./vcpu_op.testing.js";

/** Address 0 is a hole in every guest: copy_from_guest and copy_to_guest fault. */
const HOLE = 0;

function guest(mode: GuestMode, opts: XenOptions = {}) {
  const xen = new Xen({
    arch: mode.startsWith("aarch") ? "arm64" : "x86_64",
    trace: true,
    ...opts,
  });
  xen.createDomain({ id: 1, mode, vcpus: 2 });
  return { xen, g: new TestGuest(xen, 1) };
}

const VCPUOP_up = 1;
const VCPUOP_is_up = 3;
const VCPUOP_get_runstate_info = 4;
const VCPUOP_register_runstate_memory_area = 5;
const VCPUOP_set_periodic_timer = 6;
const VCPUOP_set_singleshot_timer = 8;
const VCPUOP_stop_singleshot_timer = 9;
const VCPUOP_register_vcpu_info = 10;

describe("vcpu_op reports each failing check by its id", () => {
  it("entry: a vCPU the caller does not have, on x86 and Arm, before the sub-op is looked at", () => {
    for (const mode of ["hvm64", "pv32", "aarch64"] as const) {
      const { xen, g } = guest(mode);
      expectCheck(xen, g.exec(VCPU_OP, [VCPUOP_is_up, 2, 0]), "vcpu_op.entry.vcpuid");
      expectCheck(xen, g.exec(VCPU_OP, [99, 0xffffffff, 0]), "vcpu_op.entry.vcpuid");
    }
  });

  it("entry: Arm's do_vcpu_op refuses every sub-op but its two with -EINVAL, not -ENOSYS", () => {
    const { xen, g } = guest("aarch64");
    for (const cmd of [VCPUOP_up, VCPUOP_is_up, VCPUOP_set_periodic_timer, 99])
      expectCheck(xen, g.exec(VCPU_OP, [cmd, 0, 0]), "vcpu_op.entry.arm_subset");
  });

  it("x86 common_vcpu_op: up, runstate, timers", () => {
    const { xen, g } = guest("hvm64");
    expectCheck(xen, g.exec(VCPU_OP, [VCPUOP_up, 1, 0]), "vcpu_op.up.not_initialised");
    expectCheck(
      xen,
      g.exec(VCPU_OP, [VCPUOP_get_runstate_info, 0, HOLE]),
      "vcpu_op.get_runstate_info.copy_out",
    );
    expectCheck(
      xen,
      g.exec(VCPU_OP, [VCPUOP_register_runstate_memory_area, 0, HOLE]),
      "vcpu_op.register_runstate_memory_area.copy_in",
    );
    const periodic = (period_ns: bigint) => {
      g.put(A, "vcpu_set_periodic_timer_t", { period_ns });
      return g.exec(VCPU_OP, [VCPUOP_set_periodic_timer, 0, A]);
    };
    expectCheck(
      xen,
      g.exec(VCPU_OP, [VCPUOP_set_periodic_timer, 0, HOLE]),
      "vcpu_op.set_periodic_timer.copy_in",
    );
    expectCheck(xen, periodic(999_999n), "vcpu_op.set_periodic_timer.period_min");
    expect((periodic(1_000_000n), xen.result(1, 0))).toBe(0n); // MILLISECS(1) itself is fine
    expect((periodic((1n << 62n) - 1n), xen.result(1, 0))).toBe(0n); // STIME_DELTA_MAX too
    expectCheck(xen, periodic(1n << 62n), "vcpu_op.set_periodic_timer.period_max");
    // The singleshot timer is the calling vCPU's own: asked before the struct is read.
    expectCheck(
      xen,
      g.exec(VCPU_OP, [VCPUOP_set_singleshot_timer, 1, HOLE]),
      "vcpu_op.set_singleshot_timer.other_vcpu",
    );
    expectCheck(
      xen,
      g.exec(VCPU_OP, [VCPUOP_set_singleshot_timer, 0, HOLE]),
      "vcpu_op.set_singleshot_timer.copy_in",
    );
    expectCheck(
      xen,
      g.exec(VCPU_OP, [VCPUOP_stop_singleshot_timer, 1, 0]),
      "vcpu_op.stop_singleshot_timer.other_vcpu",
    );
  });

  it("register_vcpu_info (4.18+): copy_in, gaddr, registered, then map_guest_area's order", () => {
    const { xen, g } = guest("aarch64");
    const register = (vcpu: number, mfn: bigint, offset: number) => {
      g.put(A, "vcpu_register_vcpu_info_t", { mfn, offset });
      return g.exec(VCPU_OP, [VCPUOP_register_vcpu_info, vcpu, A]);
    };
    expectCheck(
      xen,
      g.exec(VCPU_OP, [VCPUOP_register_vcpu_info, 0, HOLE]),
      "vcpu_op.register_vcpu_info.copy_in",
    );
    // mfn << PAGE_SHIFT loses mfn's top bits: the gaddr no longer names mfn.
    expectCheck(xen, register(1, 1n << 52n, 0), "vcpu_op.register_vcpu_info.gaddr");
    // offset 0x1000 is already the next frame.
    expectCheck(xen, register(1, 0x82n, 0x1000), "vcpu_op.register_vcpu_info.gaddr");
    expectCheck(xen, register(1, 0x82n, 0xffc), "vcpu_op.register_vcpu_info.crosses_page");
    expectCheck(xen, register(1, 0x82n, 4), "vcpu_op.register_vcpu_info.misaligned");
    // A frame far beyond the guest's RAM (but a valid gaddr) is checked only after the rest.
    expectCheck(xen, register(1, 1n << 40n, 0xffc), "vcpu_op.register_vcpu_info.crosses_page");
    expectCheck(xen, register(1, 1n << 40n, 0), "vcpu_op.register_vcpu_info.not_ram");
    expectCheck(xen, register(1, 0n, 0), "vcpu_op.register_vcpu_info.not_ram"); // frame 0 is a hole
    expect((register(0, 0x81n, 0), xen.result(1, 0))).toBe(0n);
    // Registered: -EBUSY comes before map_guest_area's checks.
    expectCheck(xen, register(0, 0x81n, 0xffc), "vcpu_op.register_vcpu_info.registered");
  });

  it("register_vcpu_info (4.17's map_vcpu_info): offset checks, then -EINVAL when registered", () => {
    const { xen, g } = guest("aarch64", { release: "4.17" });
    const register = (mfn: bigint, offset: number) => {
      g.put(A, "vcpu_register_vcpu_info_t", { mfn, offset });
      return g.exec(VCPU_OP, [VCPUOP_register_vcpu_info, 0, A]);
    };
    expectCheck(xen, register(1n << 40n, 0xffc), "vcpu_op.register_vcpu_info.crosses_page");
    expectCheck(xen, register(1n << 40n, 4), "vcpu_op.register_vcpu_info.misaligned");
    expectCheck(xen, register(1n << 40n, 0), "vcpu_op.register_vcpu_info.not_ram");
    expect((register(0x81n, 0), xen.result(1, 0))).toBe(0n);
    expectCheck(xen, register(0n, 4), "vcpu_op.register_vcpu_info.misaligned");
    expectCheck(xen, register(0n, 0), "vcpu_op.register_vcpu_info.registered_old");
  });
});

/** An address whose struct runs off the end of the guest's 1 MiB. */
const OFF_END = 0x10_0000 - 4;

describe("vcpu_op checks", () => {
  it("runstate: copy_out and copy_in", () => {
    const x = vcpuWorld("hvm64");
    expectOpCheck(x.op(4, 0, OFF_END), "vcpu_op.get_runstate_info.copy_out");
    const arm = vcpuWorld("aarch64");
    expectOpCheck(arm.op(5, 0, OFF_END), "vcpu_op.register_runstate_memory_area.copy_in");
  });

  it("timers: copy_in, the period's bounds, singleshot on the calling vCPU only", () => {
    const w = vcpuWorld("hvm64");
    expectOpCheck(w.op(6, 0, OFF_END), "vcpu_op.set_periodic_timer.copy_in");
    w.g.put(A, "vcpu_set_periodic_timer_t", { period_ns: 999_999 });
    expectOpCheck(w.op(6, 0), "vcpu_op.set_periodic_timer.period_min");
    w.g.put(A, "vcpu_set_periodic_timer_t", { period_ns: 1n << 62n });
    expectOpCheck(w.op(6, 0), "vcpu_op.set_periodic_timer.period_max");
    w.g.put(A, "vcpu_set_periodic_timer_t", { period_ns: (1n << 62n) - 1n });
    expect(w.op(6, 1).rc).toBe(0); // STIME_DELTA_MAX itself, and on another vCPU
    expectOpCheck(w.op(8, 1), "vcpu_op.set_singleshot_timer.other_vcpu");
    expectOpCheck(w.op(8, 0, OFF_END), "vcpu_op.set_singleshot_timer.copy_in");
    expectOpCheck(w.op(9, 1), "vcpu_op.stop_singleshot_timer.other_vcpu");
    expect(w.op(9, 0).rc).toBe(0);
  });

  it("send_nmi: arg must be NULL; then an NMI is pending on the target vCPU (compat too)", () => {
    for (const mode of ["pv64", "hvm32"] as const) {
      const w = vcpuWorld(mode);
      expectOpCheck(w.op(11, 1, A), "vcpu_op.send_nmi.arg");
      expect(w.xen.domain(1).vcpus[1]!.nmiPending).toBe(false);
      expect(w.op(11, 1, 0).rc).toBe(0);
      expect(w.xen.domain(1).vcpus[1]!.nmiPending).toBe(true);
    }
    expectOpCheck(vcpuWorld("aarch64").op(11, 0, 0), "vcpu_op.entry.arm_subset");
  });

  it("register_vcpu_info (4.18+): gaddr, registered, crosses_page, misaligned, not_ram in that order", () => {
    const w = vcpuWorld("aarch64");
    expectOpCheck(w.op(10, 0, OFF_END), "vcpu_op.register_vcpu_info.copy_in");
    const reg = (mfn: bigint | number, offset: number, vcpu = 0) => {
      w.g.put(A, "vcpu_register_vcpu_info_t", { mfn, offset });
      return w.op(10, vcpu);
    };
    expectOpCheck(reg(1n << 52n, 0), "vcpu_op.register_vcpu_info.gaddr"); // mfn << 12 wraps
    expectOpCheck(reg(0x81, 0x1000), "vcpu_op.register_vcpu_info.gaddr"); // offset leaves the frame
    expectOpCheck(reg(0x81, 0xffc), "vcpu_op.register_vcpu_info.crosses_page");
    expectOpCheck(reg(0x81, 4), "vcpu_op.register_vcpu_info.misaligned");
    expectOpCheck(reg(0x1000, 0), "vcpu_op.register_vcpu_info.not_ram"); // past the guest's memory
    expect(reg(0x81, 0x40).rc).toBe(0);
    expectOpCheck(reg(0x1000, 4), "vcpu_op.register_vcpu_info.registered"); // before the rest
  });

  it("map_vcpu_info (4.12-4.17): the offset checks first, then registered_old, then not_ram", () => {
    const w = vcpuWorld("aarch64", { release: "4.17" });
    const reg = (mfn: number, offset: number) => {
      w.g.put(A, "vcpu_register_vcpu_info_t", { mfn, offset });
      return w.op(10, 0);
    };
    expectOpCheck(reg(0x1000, 0xffc), "vcpu_op.register_vcpu_info.crosses_page");
    expectOpCheck(reg(0x1000, 4), "vcpu_op.register_vcpu_info.misaligned");
    expectOpCheck(reg(0x1000, 0), "vcpu_op.register_vcpu_info.not_ram");
    expect(reg(0x81, 0).rc).toBe(0);
    expectOpCheck(reg(0x1000, 0), "vcpu_op.register_vcpu_info.registered_old");
  });
});

describe("register_vcpu_info before 4.18 (xen/common/domain.c: map_vcpu_info per release)", () => {
  const reg = (w: ReturnType<typeof vcpuWorld>, mfn: bigint | number, offset: number, vcpu = 0) => {
    w.g.put(A, "vcpu_register_vcpu_info_t", { mfn, offset });
    return w.op(10, vcpu);
  };

  it("4.12-4.15 refuse a page-crossing offset with -EINVAL, 4.16-4.17 with -ENXIO", () => {
    for (const release of ["4.12", "4.13.5", "4.14.6", "4.15", "4.15.7"]) {
      const w = vcpuWorld("hvm64", { release });
      expectOpCheck(reg(w, 0x81, 0xffc), "vcpu_op.register_vcpu_info.crosses_page_einval");
      // offset is uint32_t: far above the page, not wrapped.
      expectOpCheck(reg(w, 0x81, 0xffff_fff8), "vcpu_op.register_vcpu_info.crosses_page_einval");
    }
    for (const release of ["4.16", "4.17.7"]) {
      const w = vcpuWorld("hvm64", { release });
      expectOpCheck(reg(w, 0x81, 0xffc), "vcpu_op.register_vcpu_info.crosses_page");
    }
  });

  it("XSA-327: no alignment check before 4.12.4 and 4.13.2, -EINVAL up to 4.15, -ENXIO from 4.16", () => {
    // Before the fix a misaligned offset goes on to the later checks: here, no RAM at mfn.
    for (const release of ["4.12.0", "4.12.3", "4.13.0", "4.13.1"]) {
      const w = vcpuWorld("hvm64", { release });
      expectOpCheck(reg(w, 0x1000, 4), "vcpu_op.register_vcpu_info.not_ram");
      expect(reg(w, 0x81, 0x44).rc, release).toBe(0); // registered at a 4-byte offset
    }
    for (const release of ["4.12.4", "4.13.2", "4.14.0", "4.15.7"]) {
      const w = vcpuWorld("hvm64", { release });
      expectOpCheck(reg(w, 0x1000, 4), "vcpu_op.register_vcpu_info.misaligned_einval");
    }
    expectOpCheck(
      reg(vcpuWorld("hvm64", { release: "4.16" }), 0x1000, 4),
      "vcpu_op.register_vcpu_info.misaligned",
    );
  });

  it("the alignment follows has_32bit_shinfo: 4 bytes for a 32-bit PV guest, 8 otherwise", () => {
    const pv32 = vcpuWorld("pv32", { release: "4.14" });
    expectOpCheck(reg(pv32, 0x1000, 4), "vcpu_op.register_vcpu_info.not_ram");
    expectOpCheck(reg(pv32, 0x1000, 2), "vcpu_op.register_vcpu_info.misaligned_einval");
    expectOpCheck(
      reg(vcpuWorld("pv64", { release: "4.14" }), 0x1000, 4),
      "vcpu_op.register_vcpu_info.misaligned_einval",
    );
  });

  it("refuses another vCPU that is up (-EINVAL) after the registered check; 4.18+ pauses it instead", () => {
    for (const release of ["4.12", "4.17"]) {
      const w = vcpuWorld("hvm64", { release });
      expect(w.xen.setVcpuContext(1, 1, {})).toBe(0);
      expect(w.op(1, 1, 0).rc).toBe(0); // VCPUOP_up
      expectOpCheck(reg(w, 0x1000, 0, 1), "vcpu_op.register_vcpu_info.other_online");
      expectOpCheck(
        reg(w, 0x1000, 4, 1),
        release === "4.12"
          ? "vcpu_op.register_vcpu_info.other_online"
          : "vcpu_op.register_vcpu_info.misaligned",
      );
    }
    const w = vcpuWorld("hvm64", { release: "4.17" });
    expect(reg(w, 0x81, 0, 1).rc).toBe(0); // a vCPU that is down
    const now = vcpuWorld("hvm64");
    now.xen.setVcpuContext(1, 1, {});
    now.op(1, 1, 0);
    expect(reg(now, 0x81, 0, 1).rc).toBe(0);
  });

  it("an arm32 Xen keeps the gfn's low 32 bits: before 4.18 it maps that frame, from 4.18 -EINVAL", () => {
    const old = vcpuWorld("aarch32", { arch: "arm32", release: "4.17" });
    expect(reg(old, 0x1_0000_0081n, 0).rc).toBe(0);
    const arm64 = vcpuWorld("aarch32", { release: "4.17" });
    expectOpCheck(reg(arm64, 0x1_0000_0081n, 0), "vcpu_op.register_vcpu_info.not_ram");
    const now = vcpuWorld("aarch32", { arch: "arm32" });
    expectOpCheck(reg(now, 0x1_0000_0081n, 0), "vcpu_op.register_vcpu_info.gaddr");
    expectOpCheck(
      reg(vcpuWorld("aarch32"), 0x1_0000_0081n, 0),
      "vcpu_op.register_vcpu_info.not_ram",
    );
  });

  it("4.18+: a gaddr of ~0 (map_guest_area's unmap) is -EINVAL", () => {
    const w = vcpuWorld("hvm64");
    expectOpCheck(reg(w, (1n << 52n) - 1n, 0xfff), "vcpu_op.register_vcpu_info.gaddr");
  });
});
