/**
 * x86's time and runstate areas and get_physid (xen/arch/x86/domain.c: do_vcpu_op,
 * xen/arch/x86/x86_64/domain.c: compat_vcpu_op, xen/common/domain.c: map_guest_area): each
 * failing check by its id, and the bytes a guest reads in the areas it registered.
 */
import { describe, expect, it } from "vitest";
import { A, expectCheck, vcpuWorld, type VcpuOpResult } from "./vcpu_op.testing.js";
import { ENOSYS, ENXIO } from "../machine/errno.js";
import { Xen } from "../xen.js";
import { TestGuest } from "./test-guest.testing.js";

const VCPUOP_register_runstate_memory_area = 5;
const VCPUOP_get_physid = 12;
const VCPUOP_register_vcpu_time_memory_area = 13;
const VCPUOP_register_runstate_phys_area = 14;
const VCPUOP_register_vcpu_time_phys_area = 15;
/** Address 0 is a hole in every guest. */
const HOLE = 0;

/** Write a uint64_t at A (the area's address or handle). */
function putU64(w: ReturnType<typeof vcpuWorld>, value: bigint): void {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, value, true);
  w.g.domain.memory.write(A, b);
}

const CLOCK = { stime: 5_000n, tsc: 77n, tscHz: 1_000_000_000n, tscStable: false };

describe("VCPUOP_register_vcpu_time_memory_area", () => {
  it("-EFAULT for a handle it cannot read or one in Xen's part of a PV guest's space", () => {
    for (const mode of ["pv64", "hvm64", "pv32"] as const) {
      const w = vcpuWorld(mode);
      expectCheck(
        w.op(VCPUOP_register_vcpu_time_memory_area, 0, HOLE),
        "vcpu_op.register_vcpu_time_memory_area.copy_in",
      );
    }
    const pv = vcpuWorld("pv64");
    putU64(pv, 0xffff_8000_0000_0000n); // Xen's own range: __addr_ok refuses it
    expectCheck(
      pv.op(VCPUOP_register_vcpu_time_memory_area, 0),
      "vcpu_op.register_vcpu_time_memory_area.handle",
    );
    const hvm = vcpuWorld("hvm64");
    putU64(hvm, 0xffff_8000_0000_0000n); // paging_mode_external: any handle is okay
    expect(hvm.op(VCPUOP_register_vcpu_time_memory_area, 0).rc).toBe(0);
    const pv32 = vcpuWorld("pv32");
    putU64(pv32, 0xf580_0000n - 31n); // the record would end at HYPERVISOR_COMPAT_VIRT_START
    expectCheck(
      pv32.op(VCPUOP_register_vcpu_time_memory_area, 0),
      "vcpu_op.register_vcpu_time_memory_area.handle",
    );
    putU64(pv32, 0xf580_0000n - 32n);
    expect(pv32.op(VCPUOP_register_vcpu_time_memory_area, 0).rc).not.toBe(-14);
  });

  it("32-bit guests before the compat wiring (4.15.4, 4.16.3, 4.17): -ENOSYS", () => {
    for (const [release, rc] of [
      ["4.16.2", -ENOSYS],
      ["4.16.3", 0],
      ["4.15.3", -ENOSYS],
      ["4.15.4", 0],
      ["4.12.0", -ENOSYS],
    ] as const) {
      const w = vcpuWorld("pv32", { release });
      putU64(w, 0x3000n);
      expect(w.op(VCPUOP_register_vcpu_time_memory_area, 0).rc, release).toBe(rc);
      expect(
        vcpuWorld("pv64", { release }).op(VCPUOP_register_vcpu_time_memory_area, 0, HOLE).rc,
      ).toBe(-14);
    }
  });

  it("writes the forced update there with the primary's version, and every later one", () => {
    const xen = new Xen({ arch: "x86_64", clock: CLOCK });
    xen.createDomain({ id: 1, mode: "pv64" });
    const g = new TestGuest(xen, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, 0x3000n, true);
    g.domain.memory.write(A, b);
    expect(g.call(24, [VCPUOP_register_vcpu_time_memory_area, 0, A])).toBe(0);
    // vcpu_info's version was 2 from the first schedule; the forced update makes both 4.
    expect(g.get(0x3000, "vcpu_time_info_t")).toMatchObject({
      version: 4n,
      system_time: 5_000n,
      tsc_timestamp: 77n,
      tsc_to_system_mul: 0x8000_0000n,
      tsc_shift: 1n,
      flags: 0n,
    });
    expect(g.call(24, [VCPUOP_register_vcpu_time_memory_area, 0, A])).toBe(0);
    expect(g.get(0x3000, "vcpu_time_info_t").version).toBe(6n);
  });
});

describe("VCPUOP_register_runstate_memory_area", () => {
  it("-EFAULT for a handle in Xen's part of a PV guest's space; a compat handle is 4 bytes", () => {
    const pv = vcpuWorld("pv64");
    putU64(pv, 0xffff_8000_0000_0000n);
    expectCheck(
      pv.op(VCPUOP_register_runstate_memory_area, 0),
      "vcpu_op.register_runstate_memory_area.handle",
    );
    const hvm = vcpuWorld("hvm64");
    putU64(hvm, 0xffff_8000_0000_0000n);
    expect(hvm.op(VCPUOP_register_runstate_memory_area, 0).rc).toBe(0);
    // 32-bit PV: the 44-byte compat record must end below HYPERVISOR_COMPAT_VIRT_START.
    const c = vcpuWorld("pv32");
    putU64(c, 0xf580_0000n - 43n);
    expectCheck(
      c.op(VCPUOP_register_runstate_memory_area, 0),
      "vcpu_op.register_runstate_memory_area.handle",
    );
    putU64(c, 0xf580_0000n - 44n);
    expect(c.op(VCPUOP_register_runstate_memory_area, 0).rc).toBe(0);
    // Only 4 bytes are read: a handle in the last 4 bytes of the guest's memory is enough.
    const end = c.g.domain.memory.size - 4;
    c.g.domain.memory.write(end, new Uint8Array([0, 0x30, 0, 0]));
    expect(c.op(VCPUOP_register_runstate_memory_area, 0, end).rc).toBe(0);
    expect(c.g.get(0x3000, "vcpu_runstate_info_t").state).toBe(0n);
    const n = vcpuWorld("pv64");
    expectCheck(
      n.op(VCPUOP_register_runstate_memory_area, 0, n.g.domain.memory.size - 4),
      "vcpu_op.register_runstate_memory_area.copy_in",
    );
  });
});

describe("VCPUOP_get_physid", () => {
  it("a domU's vCPU is not the hardware domain's: -EINVAL from 4.13; 4.12 and dom0 are the host's", () => {
    expectCheck(vcpuWorld("pv64").op(VCPUOP_get_physid, 0), "vcpu_op.get_physid.not_hwdom_pinned");
    expectCheck(vcpuWorld("hvm32").op(VCPUOP_get_physid, 1), "vcpu_op.get_physid.not_hwdom_pinned");
    expect(vcpuWorld("pv64", { release: "4.12" }).op(VCPUOP_get_physid, 0).um).toBe(
      "vcpu_op/VCPUOP_get_physid",
    );
    const xen = new Xen({ arch: "x86_64" });
    xen.createDomain({ id: 0, mode: "pv64" });
    expect(new TestGuest(xen, 0).exec(24, [VCPUOP_get_physid, 0, A]).unmodelled).toBe(
      "vcpu_op/VCPUOP_get_physid",
    );
  });
});

describe("the 4.18+ phys areas (map_guest_area)", () => {
  /** copy_in, crosses_page (twice: at a page's end, and wrapping at 2^64), misaligned, not_ram. */
  function failEach(cmd: number, size: number, expectFail: (r: VcpuOpResult, n: number) => void) {
    const w = vcpuWorld("pv64");
    expectFail(w.op(cmd, 0, HOLE), 0);
    putU64(w, 0x81000n + 4096n - BigInt(size) + 8n);
    expectFail(w.op(cmd, 0), 1);
    putU64(w, 0xffff_ffff_ffff_fff8n); // the last byte wraps to page 0
    expectFail(w.op(cmd, 0), 1);
    putU64(w, 0x81004n);
    expectFail(w.op(cmd, 0), 2);
    putU64(w, 0n);
    expectFail(w.op(cmd, 0), 3);
    putU64(w, 0x81000n + 4096n - BigInt(size));
    expect(w.op(cmd, 0).rc).toBe(0);
    putU64(w, 0xffff_ffff_ffff_ffffn); // ~0 unmaps
    expect(w.op(cmd, 0).rc).toBe(0);
  }

  it("register_runstate_phys_area: each check in order", () => {
    failEach(VCPUOP_register_runstate_phys_area, 48, (r, n) => {
      if (n === 0) expectCheck(r, "vcpu_op.register_runstate_phys_area.copy_in");
      if (n === 1) expectCheck(r, "vcpu_op.register_runstate_phys_area.crosses_page");
      if (n === 2) expectCheck(r, "vcpu_op.register_runstate_phys_area.misaligned");
      if (n === 3) expectCheck(r, "vcpu_op.register_runstate_phys_area.not_ram");
    });
  });

  it("register_vcpu_time_phys_area: each check in order", () => {
    failEach(VCPUOP_register_vcpu_time_phys_area, 32, (r, n) => {
      if (n === 0) expectCheck(r, "vcpu_op.register_vcpu_time_phys_area.copy_in");
      if (n === 1) expectCheck(r, "vcpu_op.register_vcpu_time_phys_area.crosses_page");
      if (n === 2) expectCheck(r, "vcpu_op.register_vcpu_time_phys_area.misaligned");
      if (n === 3) expectCheck(r, "vcpu_op.register_vcpu_time_phys_area.not_ram");
    });
  });

  it("compat sizes (a 44-byte runstate record, 4-byte alignment), -ENOSYS before 4.18, Arm's filter", () => {
    for (const [cmd, csize] of [
      [VCPUOP_register_runstate_phys_area, 44],
      [VCPUOP_register_vcpu_time_phys_area, 32],
    ] as const) {
      const c = vcpuWorld("pv32");
      putU64(c, 0x81000n + 4096n - BigInt(csize));
      expect(c.op(cmd, 0).rc, `${cmd} compat`).toBe(0);
      putU64(c, 0x81000n + 4096n - BigInt(csize) + 4n);
      expect(c.op(cmd, 0).rc, `${cmd} compat`).toBe(-ENXIO);
      expect(vcpuWorld("pv64", { release: "4.17" }).op(cmd, 0, HOLE).rc).toBe(-ENOSYS);
      expect(vcpuWorld("aarch64").op(cmd, 0, HOLE).check).toBe("vcpu_op.entry.arm_subset");
    }
  });

  it("the time area gets a record of version 0, then each update's even version", () => {
    const xen = new Xen({ arch: "x86_64", clock: CLOCK });
    xen.createDomain({ id: 1, mode: "hvm64", vcpus: 2 });
    const g = new TestGuest(xen, 1);
    const m = g.domain.memory;
    m.write(0x81000, new Uint8Array(32).fill(0xee));
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, 0x81000n, true);
    m.write(A, b);
    expect(g.call(24, [VCPUOP_register_vcpu_time_phys_area, 0, A])).toBe(0);
    expect(g.get(0x81000, "vcpu_time_info_t")).toMatchObject({
      version: 0n,
      pad0: 0n,
      system_time: 5_000n,
      tsc_timestamp: 77n,
    });
    // A forced update (register_vcpu_info) writes version 4 to vcpu_info and the area.
    g.put(0x2100, "vcpu_register_vcpu_info_t", { mfn: 0x82, offset: 0 });
    expect(g.call(24, [10, 0, 0x2100])).toBe(0);
    expect(g.get(0x81000, "vcpu_time_info_t").version).toBe(4n);
  });

  it("the runstate area: the caller's own vCPU is written (running), another's is not", () => {
    const w = vcpuWorld("hvm64");
    const m = w.g.domain.memory;
    m.write(0x81000, new Uint8Array(96).fill(0xee));
    putU64(w, 0x81000n);
    expect(w.op(VCPUOP_register_runstate_phys_area, 0).rc).toBe(0);
    expect(w.g.get(0x81000, "vcpu_runstate_info_t")).toMatchObject({
      state: 0n,
      state_entry_time: 0n,
    });
    putU64(w, 0x81040n);
    expect(w.op(VCPUOP_register_runstate_phys_area, 1).rc).toBe(0);
    expect(m.readBytes(0x81040, 4)).toEqual(new Uint8Array(4).fill(0xee));
  });
});
