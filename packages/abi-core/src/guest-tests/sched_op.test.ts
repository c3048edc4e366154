import { describe, expect, it } from "vitest";
import { expectCheck, hcall, machine } from "./machine.testing.js";
import { REGISTRY } from "../hypercalls/registry.js";

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

  it("SCHEDOP_watchdog: id 0 allocates 1 then 2, then -ENOSPC zero-extended; id 3 -EINVAL; timeout 0 frees", () => {
    const xen = machine("aarch64");
    const wd = (id: number, timeout: number) => {
      xen.domain(1).memory.write(0x3000, new Uint8Array([id, 0, 0, 0, timeout, 0, 0, 0]));
      hcall(xen, { x16: SCHED, x0: 6, x1: 0x3000 });
      return xen.result(1, 0);
    };
    // -ENOSPC comes back zero-extended: the conditional's type is unsigned int.
    expect([wd(0, 10), wd(0, 10), wd(0, 10), wd(3, 0), wd(2, 0), wd(2, 0), wd(0, 5)]).toEqual([
      1n,
      2n,
      4294967268n,
      -22n,
      0n,
      -22n,
      2n,
    ]);
  });

  it("SCHEDOP_pin_override is -EPERM for a domU; SCHEDOP_poll checks nr_ports and ports, then blocks (unmodelled)", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: SCHED, x0: 7, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(-1n);
    // sched_poll_t on aarch64: ports (8), nr_ports (4) at 8, timeout at 16
    xen.domain(1).memory.write(0x3000, new Uint8Array([0, 0x40, 0, 0, 0, 0, 0, 0, 129, 0, 0, 0]));
    hcall(xen, { x16: SCHED, x0: 3, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(-22n);
    // One port, 0 (the reserved port, which evtchn_port_poll refuses from 4.15): -EINVAL.
    xen.domain(1).memory.write(0x3008, new Uint8Array([1]));
    hcall(xen, { x16: SCHED, x0: 3, x1: 0x3000 });
    expect(xen.result(1, 0)).toBe(-22n);
    // No ports: nothing can be pending, the vCPU blocks.
    xen.domain(1).memory.write(0x3008, new Uint8Array([0]));
    xen.writeRegister(1, 0, "x16", 29n);
    xen.writeRegister(1, 0, "x0", 3n);
    expect(xen.execute(1, 0).unmodelled).toBe("sched_op/SCHEDOP_poll");
  });

  it("an unknown sub-op is -ENOSYS", () => {
    const xen = machine("aarch64");
    hcall(xen, { x16: SCHED, x0: 8, x1: 0 });
    expect(xen.result(1, 0)).toBe(-38n);
  });

  describe("reports each failing check by its record's id", () => {
    const traced = (mode: "aarch64" | "pv64" = "aarch64") => {
      const xen = machine(mode, { trace: true });
      const call = (regs: Record<string, number>, dom = 1) =>
        hcall(
          xen,
          mode === "pv64" ? { rax: SCHED, ...regs } : { x16: SCHED, ...regs },
          undefined,
          dom,
        );
      return { xen, call };
    };

    it("lists the checks in do_sched_op's order", () => {
      const ids = REGISTRY.checks.filter((c) => c.hypercall === "sched_op").map((c) => c.check.id);
      expect(ids.indexOf("sched_op.poll.copy_in")).toBeLessThan(
        ids.indexOf("sched_op.poll.nr_ports_max"),
      );
      expect(ids.indexOf("sched_op.poll.nr_ports_max")).toBeLessThan(
        ids.indexOf("sched_op.poll.ports_handle"),
      );
      expect(ids.indexOf("sched_op.pin_override.not_hardware_domain")).toBeLessThan(
        ids.indexOf("sched_op.pin_override.copy_in"),
      );
    });

    it("an unknown cmd, and each struct in unmapped frame 0", () => {
      const { xen, call } = traced();
      expectCheck(xen, call({ x0: 8, x1: 0 }), "sched_op.entry.cmd_unknown");
      expectCheck(xen, call({ x0: 2, x1: 0 }), "sched_op.shutdown.copy_in");
      expectCheck(xen, call({ x0: 3, x1: 0 }), "sched_op.poll.copy_in");
      expectCheck(xen, call({ x0: 4, x1: 0 }), "sched_op.remote_shutdown.copy_in");
      expectCheck(xen, call({ x0: 5, x1: 0 }), "sched_op.shutdown_code.copy_in");
      expectCheck(xen, call({ x0: 6, x1: 0 }), "sched_op.watchdog.copy_in");
      expect(xen.domain(1).shutdownReason).toBe(null);
    });

    it("SCHEDOP_poll: nr_ports 129, then (x86 PV) a ports handle in the hypervisor's hole", () => {
      const { xen, call } = traced();
      xen.domain(1).memory.write(0x3000, new Uint8Array([0, 0x40, 0, 0, 0, 0, 0, 0, 129]));
      const r = call({ x0: 3, x1: 0x3000 });
      expectCheck(xen, r, "sched_op.poll.nr_ports_max");
      expect(r.trace!.findLast((e) => e.kind === "check")).toMatchObject({
        values: { nr_ports: "0x00000081" },
      });
      const pv = traced("pv64");
      // ports = 0x0000800000000000 (not canonical for a PV guest), nr_ports 1
      pv.xen.domain(1).memory.write(0x3000, new Uint8Array([0, 0, 0, 0, 0, 0x80, 0, 0, 1]));
      expectCheck(pv.xen, pv.call({ rdi: 3, rsi: 0x3000 }), "sched_op.poll.ports_handle");
    });

    it("SCHEDOP_remote_shutdown: no domain 9, then a domU may not shut down domain 2", () => {
      const { xen, call } = traced();
      xen.createDomain({ id: 2, mode: "aarch64" });
      xen.domain(1).memory.write(0x3000, new Uint8Array([9, 0, 0, 0, 0, 0, 0, 0]));
      expectCheck(xen, call({ x0: 4, x1: 0x3000 }), "sched_op.remote_shutdown.no_domain");
      xen.domain(1).memory.write(0x3000, new Uint8Array([2, 0]));
      expectCheck(xen, call({ x0: 4, x1: 0x3000 }), "sched_op.remote_shutdown.xsm");
      expect(xen.domain(2).shutdownReason).toBe(null);
    });

    it("SCHEDOP_watchdog: id 3, a third timer, a timer not in use", () => {
      const { xen, call } = traced();
      const wd = (id: number) => {
        xen.domain(1).memory.write(0x3000, new Uint8Array([id, 0, 0, 0, 10, 0, 0, 0]));
        return call({ x0: 6, x1: 0x3000 });
      };
      expectCheck(xen, wd(3), "sched_op.watchdog.id_max");
      expectCheck(xen, wd(1), "sched_op.watchdog.id_not_set");
      wd(0);
      wd(0);
      expectCheck(xen, wd(0), "sched_op.watchdog.no_free_timer", { ret: 0xffffffe4n });
    });

    it("SCHEDOP_pin_override: a domU first; the hardware domain's struct in frame 0", () => {
      const { xen, call } = traced();
      xen.createDomain({ id: 0, mode: "aarch64" });
      expectCheck(xen, call({ x0: 7, x1: 0x3000 }), "sched_op.pin_override.not_hardware_domain");
      expectCheck(xen, call({ x0: 7, x1: 0 }, 0), "sched_op.pin_override.copy_in", { dom: 0 });
    });
  });
});
