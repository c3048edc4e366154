/**
 * SCHEDOP_poll past its first checks (xen/common/sched/core.c: do_poll, evtchn_port_poll):
 * events already deliverable, each port read and checked, a pending port returning at once;
 * only blocking is unmodelled.
 */
import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import type { GuestMode } from "../abi/modes.js";
import type { ReleaseRef } from "../machine/release.js";
import { expectCheck } from "./machine.testing.js";
import { TestGuest } from "./test-guest.testing.js";

const SCHED = 29;
const EVTCHN = 32;
const EVTCHNOP_send = 4;
const EVTCHNOP_bind_ipi = 7;
const POLL = 0x3000;
const PORTS = 0x3100;

function world(mode: GuestMode, release?: ReleaseRef) {
  const xen = new Xen({
    arch: mode.startsWith("aarch") ? "arm64" : "x86_64",
    trace: true,
    ...(release !== undefined ? { release } : {}),
  });
  xen.createDomain({ id: 1, mode });
  const g = new TestGuest(xen, 1);
  /** An IPI port of vCPU 0 (EVTCHNOP_bind_ipi): a port that sends to itself. */
  const ipi = (): number => {
    g.put(0x2000, "evtchn_bind_ipi_t", { vcpu: 0 });
    expect(g.call(EVTCHN, [EVTCHNOP_bind_ipi, 0x2000])).toBe(0);
    return Number(g.get(0x2000, "evtchn_bind_ipi_t").port);
  };
  const send = (port: number) => {
    g.put(0x2100, "evtchn_send_t", { port });
    expect(g.call(EVTCHN, [EVTCHNOP_send, 0x2100])).toBe(0);
  };
  /** SCHEDOP_poll on `ports` (written at PORTS unless `at` says where they are). */
  const poll = (ports: readonly number[], at = PORTS, nr = ports.length) => {
    const b = new Uint8Array(4 * ports.length);
    ports.forEach((p, i) => new DataView(b.buffer).setUint32(4 * i, p, true));
    xen.domain(1).memory.write(PORTS, b);
    g.put(POLL, "sched_poll_t", { ports: at, nr_ports: nr, timeout: 0 });
    return g.exec(SCHED, [3, POLL]);
  };
  return { xen, g, ipi, send, poll };
}

describe("SCHEDOP_poll", () => {
  it("a pending port returns 0 at once; none pending blocks (unmodelled), as does nr_ports 0", () => {
    const w = world("pv64");
    const p = w.ipi();
    const r = w.poll([p]);
    expect(r.unmodelled).toBe("sched_op/SCHEDOP_poll");
    w.send(p);
    // The PV vCPU's upcalls are masked (the builder's): no event needs delivery, so the
    // ports are looked at, and port p is pending.
    const r2 = w.poll([p]);
    expect(r2.unmodelled).toBeNull();
    expect(Number(w.xen.result(1, 0))).toBe(0);
    expect(w.poll([]).unmodelled).toBe("sched_op/SCHEDOP_poll");
  });

  it("SCHEDOP_block clears an x86 vCPU's evtchn_upcall_mask first (vcpu_block_enable_events)", () => {
    for (const mode of ["pv64", "pv32", "hvm64"] as const) {
      const w = world(mode);
      const d = w.xen.domain(1);
      d.sharedInfo[1] = 1; // evtchn_upcall_mask of vCPU 0's legacy vcpu_info
      expect(w.g.call(SCHED, [1, 0]), mode).toBe(0);
      expect(d.sharedInfo[1], mode).toBe(0);
    }
    // Arm's vcpu_info has no mask: byte 1 is pad0, left alone.
    const arm = world("aarch64");
    arm.xen.domain(1).sharedInfo[1] = 7;
    expect(arm.g.call(SCHED, [1, 0])).toBe(0);
    expect(arm.xen.domain(1).sharedInfo[1]).toBe(7);
  });

  it("x86 PV: an upcall pending and unmasked returns 0 before any port is read", () => {
    const w = world("pv64");
    const p = w.ipi();
    w.send(p);
    // Unmask upcalls in vCPU 0's legacy vcpu_info (byte 1 of shared_info).
    w.xen.domain(1).sharedInfo[1] = 0;
    const r = w.poll([p], 0x7000_0000); // the ports are not even readable
    expect(r.unmodelled).toBeNull();
    expect(Number(w.xen.result(1, 0))).toBe(0);
  });

  it("HVM and Arm: with the upcall pending, the interrupt controller decides (unmodelled)", () => {
    for (const mode of ["hvm64", "aarch64"] as const) {
      const w = world(mode);
      const p = w.ipi();
      w.send(p);
      expect(w.poll([p]).unmodelled, mode).toBe("sched_op/SCHEDOP_poll");
    }
  });

  it("each port's checks: unreadable, not valid, free or reserved (4.15+)", () => {
    const w = world("aarch64");
    const p = w.ipi();
    expectCheck(w.xen, w.poll([p], 0x7000_0000, 1), "sched_op.poll.port_copy");
    expectCheck(w.xen, w.poll([p, 64]), "sched_op.poll.port_invalid");
    expectCheck(w.xen, w.poll([p, 0]), "sched_op.poll.port_unusable");
    expectCheck(w.xen, w.poll([p, 5]), "sched_op.poll.port_unusable"); // free
  });

  it("by release: 4.14.1's port_is_valid takes a free port, 4.12.0's max_evtchns a port past the buckets", () => {
    const r1 = world("aarch64", "4.14.1");
    expect(r1.poll([0, 5]).unmodelled).toBe("sched_op/SCHEDOP_poll");
    expectCheck(r1.xen, r1.poll([64]), "sched_op.poll.port_invalid");
    const r0 = world("aarch64", "4.12.0");
    expect(r0.poll([64, 4095]).unmodelled).toBe("sched_op/SCHEDOP_poll");
    expectCheck(r0.xen, r0.poll([4096]), "sched_op.poll.port_invalid");
    // A 32-bit guest's stale limit (4096, not 1024): evtchn_2l_is_pending's own limit is
    // 1024, so a release build finds port 1024 not pending and goes on to the next port...
    const c = world("pv32", "4.12.0");
    expect(c.poll([1024]).unmodelled).toBe("sched_op/SCHEDOP_poll");
    const p = c.ipi();
    c.send(p);
    const r = c.poll([1024, p]);
    expect([r.unmodelled, c.xen.result(1, 0)]).toEqual([null, 0n]);
    expectCheck(c.xen, c.poll([4096, p]), "sched_op.poll.port_invalid");
    // ...and a debug build's ASSERT(port < max_ports) stops Xen.
    const dbg = new Xen({ arch: "x86_64", release: "4.12.0", debug: true });
    dbg.createDomain({ id: 1, mode: "pv32" });
    const dg = new TestGuest(dbg, 1);
    dbg.domain(1).memory.write(PORTS, new Uint8Array([0, 4, 0, 0]));
    dg.put(POLL, "sched_poll_t", { ports: PORTS, nr_ports: 1, timeout: 0 });
    expect(dg.exec(SCHED, [3, POLL]).unmodelled).toBe(
      "sched_op/SCHEDOP_poll (a debug build's ASSERT stops Xen)",
    );
    expect(
      world("pv32", "4.12.4")
        .poll([1024])
        .trace!.findLast((e) => e.kind === "check"),
    ).toMatchObject({
      kind: "check",
      id: "sched_op.poll.port_invalid",
    });
  });
});
