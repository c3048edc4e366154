import { describe, expect, it } from "vitest";
import { hcall, machine } from "./machine.testing.js";

const SCHED = 29;

describe("sched_op (common/sched/core.c: do_sched_op)", () => {
  it("SCHEDOP_shutdown takes the low byte of the reason: (u8)0x103 is SHUTDOWN_crash (3)", () => {
    const xen = machine("aarch64");
    xen.domain(1).memory.write(0x3000, new Uint8Array([3, 1, 0, 0]));
    hcall(xen, { x16: SCHED, x0: 2, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(0n);
    expect(xen.domain(1).shutdownReason).toBe(3);
  });

  it("SCHEDOP_shutdown_code sets the code once; a later shutdown uses it", () => {
    const xen = machine("aarch64");
    xen.domain(1).memory.write(0x3000, new Uint8Array([4, 0, 0, 0]));
    hcall(xen, { x16: SCHED, x0: 5, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(0n);
    xen.domain(1).memory.write(0x3000, new Uint8Array([1, 0, 0, 0]));
    hcall(xen, { x16: SCHED, x0: 5, x1: 0x3000 });
    expect(xen.domain(1).shutdownCode).toBe(4);
    expect(xen.domain(1).shutdownReason).toBe(null);
    hcall(xen, { x16: SCHED, x0: 2, x1: 0x3000 });
    expect(xen.domain(1).shutdownReason).toBe(4);
    hcall(xen, { x16: SCHED, x0: 5, x1: 0x10000000 });
    expect(xen.result(1, 0)).toBe(-14n);
  });

  it("SCHEDOP_remote_shutdown: -ESRCH for no domain, -EPERM for a domU (XSM_DM_PRIV)", () => {
    const xen = machine("aarch64");
    xen.createDomain({ id: 2, mode: "aarch64" });
    xen.createDomain({ id: 0, mode: "aarch64" });
    // sched_remote_shutdown_t { domid_t domain_id; unsigned int reason; }
    xen.domain(1).memory.write(0x3000, new Uint8Array([9, 0, 0, 0, 0, 0, 0, 0]));
    hcall(xen, { x16: SCHED, x0: 4, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(-3n);
    xen.domain(1).memory.write(0x3000, new Uint8Array([2, 0]));
    hcall(xen, { x16: SCHED, x0: 4, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(-1n);
    xen.domain(0).memory.write(0x3000, new Uint8Array([2, 0, 0, 0, 1, 0, 0, 0]));
    hcall(xen, { x16: SCHED, x0: 4, x1: 0x3000 }, undefined, 0);
    expect(xen.result(0, 0)).toBe(0n);
    expect(xen.domain(2).shutdownReason).toBe(1);
  });

  it("SCHEDOP_watchdog: id 0 allocates 1 then 2, then -ENOSPC; id 3 -EINVAL; timeout 0 frees", () => {
    const xen = machine("aarch64");
    const wd = (id: number, timeout: number) => {
      xen.domain(1).memory.write(0x3000, new Uint8Array([id, 0, 0, 0, timeout, 0, 0, 0]));
      hcall(xen, { x16: SCHED, x0: 6, x1: 0x3000 });
      return xen.result(1, 0);
    };
    expect([wd(0, 10), wd(0, 10), wd(0, 10), wd(3, 0), wd(2, 0), wd(2, 0), wd(0, 5)]).toEqual([
      1n,
      2n,
      -28n,
      -22n,
      0n,
      -22n,
      2n,
    ]);
  });

  it("SCHEDOP_pin_override is -EPERM for a domU; SCHEDOP_poll checks nr_ports, then is unmodelled", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: SCHED, x0: 7, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(-1n);
    // sched_poll_t on aarch64: ports (8), nr_ports (4) at 8, timeout at 16
    xen.domain(1).memory.write(0x3000, new Uint8Array([0, 0x40, 0, 0, 0, 0, 0, 0, 129, 0, 0, 0]));
    hcall(xen, { x16: SCHED, x0: 3, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(-22n);
    xen.domain(1).memory.write(0x3008, new Uint8Array([1]));
    xen.writeRegister(1, 0, "x16", 29n);
    xen.writeRegister(1, 0, "x0", 3n);
    expect(xen.execute(1, 0).unmodelled).toBe("sched_op/SCHEDOP_poll");
  });

  it("an unknown sub-op is -ENOSYS", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: SCHED, x0: 8, x1: 0 });
    expect(xen.result(1, 0)).toBe(-38n);
  });
});
