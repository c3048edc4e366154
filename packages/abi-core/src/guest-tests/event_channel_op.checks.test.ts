/**
 * event_channel_op's checks, each made to fail once: the trace names the record's check id,
 * the result register holds its errno (xen/common/event_channel.c, checks in Xen's order).
 */
import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import type { GuestMode, XenArch } from "../abi/modes.js";
import {
  EVTCHNOP_alloc_unbound,
  EVTCHNOP_bind_interdomain,
  EVTCHNOP_bind_ipi,
  EVTCHNOP_bind_vcpu,
  EVTCHNOP_bind_virq,
  EVTCHNOP_close,
  EVTCHNOP_reset,
  EVTCHNOP_reset_cont,
  EVTCHNOP_send,
  EVTCHNOP_status,
  EVTCHNOP_unmask,
  HYPERVISOR_event_channel_op as EVTCHN,
} from "../hypercalls/event_channel_op/constants.js";
import { expectCheck } from "./machine.testing.js";
import { TestGuest } from "./test-guest.testing.js";

const SELF = 0x7ff0;
const A = 0x2000;
/** Address 0 is a hole in every guest: copy_from_guest faults. */
const HOLE = 0;

function world(mode: GuestMode = "aarch64", arch: XenArch = "arm64") {
  const xen = new Xen({ arch, trace: true });
  xen.createDomain({ id: 1, mode, vcpus: 2 });
  xen.createDomain({ id: 2, mode });
  return { xen, g1: new TestGuest(xen, 1), g2: new TestGuest(xen, 2) };
}

/** Put `fields` as `struct` at A and run sub-op `cmd` on it. */
function op(g: TestGuest, cmd: number, struct: string, fields: Record<string, number>) {
  g.put(A, struct, fields);
  return g.exec(EVTCHN, [cmd, A]);
}

const alloc = (g: TestGuest, dom = SELF, remote_dom = 2) =>
  op(g, EVTCHNOP_alloc_unbound, "evtchn_alloc_unbound_t", { dom, remote_dom });

/** Allocate unbound ports until none is free (DEFAULT_MAX_EVTCHN_PORT, 1023); how many. */
function fill(g: TestGuest): number {
  for (let n = 0; ; n++) {
    alloc(g);
    if (g.xen.result(g.id, 0) !== 0n) return n;
  }
}

describe("event_channel_op reports each failing check by its id", () => {
  it("copy_in: every sub-op's struct at a hole is -EFAULT", () => {
    const { xen, g1 } = world();
    expectCheck(
      xen,
      g1.exec(EVTCHN, [EVTCHNOP_alloc_unbound, HOLE]),
      "event_channel_op.alloc_unbound.copy_in",
    );
    expectCheck(
      xen,
      g1.exec(EVTCHN, [EVTCHNOP_bind_interdomain, HOLE]),
      "event_channel_op.bind_interdomain.copy_in",
    );
    expectCheck(
      xen,
      g1.exec(EVTCHN, [EVTCHNOP_bind_virq, HOLE]),
      "event_channel_op.bind_virq.copy_in",
    );
    expectCheck(
      xen,
      g1.exec(EVTCHN, [EVTCHNOP_bind_ipi, HOLE]),
      "event_channel_op.bind_ipi.copy_in",
    );
    expectCheck(xen, g1.exec(EVTCHN, [EVTCHNOP_close, HOLE]), "event_channel_op.close.copy_in");
    expectCheck(xen, g1.exec(EVTCHN, [EVTCHNOP_send, HOLE]), "event_channel_op.send.copy_in");
    expectCheck(xen, g1.exec(EVTCHN, [EVTCHNOP_status, HOLE]), "event_channel_op.status.copy_in");
    expectCheck(
      xen,
      g1.exec(EVTCHN, [EVTCHNOP_bind_vcpu, HOLE]),
      "event_channel_op.bind_vcpu.copy_in",
    );
    expectCheck(xen, g1.exec(EVTCHN, [EVTCHNOP_unmask, HOLE]), "event_channel_op.unmask.copy_in");
    expectCheck(xen, g1.exec(EVTCHN, [EVTCHNOP_reset, HOLE]), "event_channel_op.reset.copy_in");
    expectCheck(
      xen,
      g1.exec(EVTCHN, [EVTCHNOP_reset_cont, HOLE]),
      "event_channel_op.reset_cont.copy_in",
    );
  });

  it("alloc_unbound: dom, then no free port, then XSM_TARGET", () => {
    const { xen, g1, g2 } = world();
    expectCheck(xen, alloc(g1, 9), "event_channel_op.alloc_unbound.dom");
    expectCheck(xen, alloc(g1, 2), "event_channel_op.alloc_unbound.xsm");
    // Ports 1-1023: the 1024th allocation finds none free.
    expect(fill(g2)).toBe(1023);
    expectCheck(xen, alloc(g2), "event_channel_op.alloc_unbound.no_free_port", { dom: 2 });
    // Domain 2 has no free port, but the policy is asked only after get_free_port: the
    // control-less domain 1 sees -ENOSPC for domain 2, not -EPERM.
    expectCheck(xen, alloc(g1, 2), "event_channel_op.alloc_unbound.no_free_port");
  });

  it("bind_interdomain: remote_dom, a free local port, then the remote port's state", () => {
    const { xen, g1, g2 } = world();
    const bind = (g: TestGuest, remote_dom: number, remote_port: number) =>
      op(g, EVTCHNOP_bind_interdomain, "evtchn_bind_interdomain_t", { remote_dom, remote_port });
    expectCheck(xen, bind(g2, 7, 1), "event_channel_op.bind_interdomain.remote_dom", { dom: 2 });
    expectCheck(xen, bind(g2, 1, 999), "event_channel_op.bind_interdomain.remote_port_invalid", {
      dom: 2,
    });
    alloc(g1, SELF, SELF); // port 1: unbound for domain 1 itself, not for domain 2
    expectCheck(xen, bind(g2, 1, 1), "event_channel_op.bind_interdomain.remote_not_unbound", {
      dom: 2,
    });
    alloc(g1); // port 2: unbound for domain 2
    fill(g2);
    expectCheck(xen, bind(g2, 1, 2), "event_channel_op.bind_interdomain.no_free_port", {
      dom: 2,
    });
  });

  it("bind_virq: range, vCPU 0, vCPU, global handler (4.21+), bound, then a free port", () => {
    const { xen, g1 } = world();
    const bind = (virq: number, vcpu: number) =>
      op(g1, EVTCHNOP_bind_virq, "evtchn_bind_virq_t", { virq, vcpu });
    expectCheck(xen, bind(24, 0), "event_channel_op.bind_virq.virq_range");
    expectCheck(xen, bind(0xffffffff, 0), "event_channel_op.bind_virq.virq_range");
    expectCheck(xen, bind(11, 1), "event_channel_op.bind_virq.not_vcpu_0"); // VIRQ_ARGO
    expectCheck(xen, bind(0, 5), "event_channel_op.bind_virq.vcpu"); // VIRQ_TIMER, per vCPU
    expectCheck(xen, bind(2, 0), "event_channel_op.bind_virq.global_handler"); // VIRQ_CONSOLE
    expect(bind(11, 0).fault).toBe("none");
    expect(xen.result(1, 0)).toBe(0n);
    expectCheck(xen, bind(11, 0), "event_channel_op.bind_virq.bound");
    fill(g1);
    expectCheck(xen, bind(0, 0), "event_channel_op.bind_virq.no_free_port");
  });

  it("bind_ipi: vCPU, then a free port", () => {
    const { xen, g1 } = world();
    const bind = (vcpu: number) => op(g1, EVTCHNOP_bind_ipi, "evtchn_bind_ipi_t", { vcpu });
    expectCheck(xen, bind(2), "event_channel_op.bind_ipi.vcpu");
    fill(g1);
    expectCheck(xen, bind(0), "event_channel_op.bind_ipi.no_free_port");
  });

  it("close: an invalid port, then a free or reserved one", () => {
    const { xen, g1 } = world();
    const close = (port: number) => op(g1, EVTCHNOP_close, "evtchn_close_t", { port });
    expectCheck(xen, close(64), "event_channel_op.close.port_invalid");
    expectCheck(xen, close(0), "event_channel_op.close.not_open"); // reserved
    expectCheck(xen, close(5), "event_channel_op.close.not_open"); // free
  });

  it("send: an invalid port, then a port that cannot send", () => {
    const { xen, g1 } = world();
    const send = (port: number) => op(g1, EVTCHNOP_send, "evtchn_send_t", { port });
    expectCheck(xen, send(64), "event_channel_op.send.port_invalid");
    expectCheck(xen, send(3), "event_channel_op.send.state"); // free
    op(g1, EVTCHNOP_bind_virq, "evtchn_bind_virq_t", { virq: 0, vcpu: 0 });
    const virq = Number(g1.get(A, "evtchn_bind_virq_t").port);
    expectCheck(xen, send(virq), "event_channel_op.send.state");
  });

  it("status: dom, the port, then XSM_TARGET", () => {
    const { xen, g1 } = world();
    const status = (dom: number, port: number) =>
      op(g1, EVTCHNOP_status, "evtchn_status_t", { dom, port });
    expectCheck(xen, status(9, 1), "event_channel_op.status.dom");
    expectCheck(xen, status(SELF, 64), "event_channel_op.status.port_invalid");
    expectCheck(xen, status(2, 64), "event_channel_op.status.port_invalid"); // before XSM
    expectCheck(xen, status(2, 1), "event_channel_op.status.xsm");
  });

  it("bind_vcpu: vCPU, the port, then its state", () => {
    const { xen, g1 } = world();
    const bind = (port: number, vcpu: number) =>
      op(g1, EVTCHNOP_bind_vcpu, "evtchn_bind_vcpu_t", { port, vcpu });
    expectCheck(xen, bind(99, 7), "event_channel_op.bind_vcpu.vcpu");
    expectCheck(xen, bind(99, 1), "event_channel_op.bind_vcpu.port_invalid");
    expectCheck(xen, bind(3, 1), "event_channel_op.bind_vcpu.state"); // free
    op(g1, EVTCHNOP_bind_virq, "evtchn_bind_virq_t", { virq: 0, vcpu: 0 }); // per-vCPU VIRQ
    const timer = Number(g1.get(A, "evtchn_bind_virq_t").port);
    expectCheck(xen, bind(timer, 1), "event_channel_op.bind_vcpu.state");
  });

  it("unmask: an invalid port", () => {
    const { xen, g1 } = world();
    expectCheck(
      xen,
      op(g1, EVTCHNOP_unmask, "evtchn_unmask_t", { port: 4096 }),
      "event_channel_op.unmask.port_invalid",
    );
  });

  it("reset: dom, XSM_TARGET, a domain its controller has not paused, a reset in progress", () => {
    const { xen, g1 } = world();
    const reset = (g: TestGuest, dom: number, cmd = EVTCHNOP_reset) =>
      op(g, cmd, "evtchn_reset_t", { dom });
    expectCheck(xen, reset(g1, 9), "event_channel_op.reset.dom");
    expectCheck(xen, reset(g1, 2), "event_channel_op.reset.xsm");
    // The control domain passes XSM_TARGET, but domain 1 runs: evtchn_reset wants it paused.
    xen.createDomain({ id: 0, mode: "aarch64" });
    const g0 = new TestGuest(xen, 0);
    expectCheck(xen, reset(g0, 1), "event_channel_op.reset.not_paused", { dom: 0 });
    // reset_cont with no reset under way: next_evtchn is 0, so i is 0.
    expectCheck(xen, reset(g1, SELF, EVTCHNOP_reset_cont), "event_channel_op.reset.in_progress");
  });
});

describe("event_channel_op under SILO (xen/xsm/silo.c)", () => {
  function silo() {
    const xen = new Xen({ arch: "arm64", xsm: "silo", trace: true });
    for (const id of [0, 1, 2]) xen.createDomain({ id, mode: "aarch64" });
    return { xen, g0: new TestGuest(xen, 0), g1: new TestGuest(xen, 1), g2: new TestGuest(xen, 2) };
  }

  it("alloc_unbound: a missing remote domain, then a domU-to-domU pair, are refused", () => {
    const { xen, g1 } = silo();
    expectCheck(xen, alloc(g1, SELF, 9), "event_channel_op.alloc_unbound.silo_remote_dom");
    expectCheck(xen, alloc(g1, SELF, 2), "event_channel_op.alloc_unbound.silo");
    // Its own domain, and the control domain, are allowed.
    alloc(g1, SELF, SELF);
    expect(xen.result(1, 0)).toBe(0n);
    alloc(g1, SELF, 0);
    expect(xen.result(1, 0)).toBe(0n);
  });

  it("bind_interdomain: a domU binding another domU's port (which dom0 made) is refused", () => {
    const { xen, g0, g2 } = silo();
    // dom0 allocates, in domain 1, a port for domain 2: the control domain may.
    alloc(g0, 1, 2);
    expect(xen.result(0, 0)).toBe(0n);
    g2.put(A, "evtchn_bind_interdomain_t", { remote_dom: 1, remote_port: 1 });
    expectCheck(
      xen,
      g2.exec(EVTCHN, [EVTCHNOP_bind_interdomain, A]),
      "event_channel_op.bind_interdomain.silo",
      { dom: 2 },
    );
    // The dummy policy lets the same pair bind.
    const dummy = new Xen({ arch: "arm64", trace: true });
    for (const id of [0, 1, 2]) dummy.createDomain({ id, mode: "aarch64" });
    alloc(new TestGuest(dummy, 0), 1, 2);
    const d2 = new TestGuest(dummy, 2);
    d2.put(A, "evtchn_bind_interdomain_t", { remote_dom: 1, remote_port: 1 });
    d2.exec(EVTCHN, [EVTCHNOP_bind_interdomain, A]);
    expect(dummy.result(2, 0)).toBe(0n);
  });
});
