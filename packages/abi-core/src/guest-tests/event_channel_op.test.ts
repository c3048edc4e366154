import { describe, expect, it } from "vitest";
import { Xen } from "../xen.js";
import type { GuestMode, XenArch } from "../abi/modes.js";
import { EBUSY, EEXIST, EFAULT, EINVAL, ENOENT, ENOSYS, EPERM, ESRCH } from "../machine/errno.js";
import { TestGuest } from "./test-guest.testing.js";
import { fieldOf } from "../abi/layout.js";
import { layoutOf } from "../table/structs.js";
import { vcpuEventState } from "../hypercalls/event_channel_op/two-level.js";
import {
  EVTCHNOP_alloc_unbound,
  EVTCHNOP_bind_interdomain,
  EVTCHNOP_bind_ipi,
  EVTCHNOP_bind_vcpu,
  EVTCHNOP_bind_virq,
  EVTCHNOP_close,
  EVTCHNOP_reset,
  EVTCHNOP_send,
  EVTCHNOP_status,
  EVTCHNOP_unmask,
  EVTCHNSTAT_closed,
  EVTCHNSTAT_interdomain,
  EVTCHNSTAT_unbound,
  EVTCHNSTAT_virq,
  HYPERVISOR_event_channel_op as EVTCHN,
} from "../hypercalls/event_channel_op/constants.js";

const SELF = 0x7ff0;
const A = 0x2000;

function world(mode: GuestMode = "aarch64", arch: XenArch = "arm64", release?: "4.20" | "4.22") {
  const xen = new Xen({ arch, cmdline: "argo=1", ...(release && { release }) });
  xen.createDomain({ id: 1, mode, vcpus: 2 });
  xen.createDomain({ id: 2, mode });
  return { xen, g1: new TestGuest(xen, 1), g2: new TestGuest(xen, 2) };
}

function allocUnbound(g: TestGuest, remote: number, dom = SELF): [number, number] {
  g.put(A, "evtchn_alloc_unbound_t", { dom, remote_dom: remote });
  const rc = g.call(EVTCHN, [EVTCHNOP_alloc_unbound, A]);
  return [rc, Number(g.get(A, "evtchn_alloc_unbound_t").port)];
}

function op(g: TestGuest, cmd: number, struct: string, fields: Record<string, number>): number {
  g.put(A, struct, fields);
  return g.call(EVTCHN, [cmd, A]);
}

describe("event_channel_op (2-level)", () => {
  it("allocates ports from 1 up, port 0 being reserved, and reuses a closed one", () => {
    const { g1 } = world();
    expect(allocUnbound(g1, 2)).toEqual([0, 1]);
    expect(allocUnbound(g1, 2)).toEqual([0, 2]);
    expect(allocUnbound(g1, 2)).toEqual([0, 3]);
    expect(op(g1, EVTCHNOP_close, "evtchn_close_t", { port: 2 })).toBe(0);
    expect(allocUnbound(g1, 2)).toEqual([0, 2]);
    expect(op(g1, EVTCHNOP_close, "evtchn_close_t", { port: 0 })).toBe(-EINVAL);
    expect(op(g1, EVTCHNOP_close, "evtchn_close_t", { port: 5 })).toBe(-EINVAL);
    expect(op(g1, EVTCHNOP_close, "evtchn_close_t", { port: 64 })).toBe(-EINVAL);
  });

  it("alloc_unbound: -EFAULT, -ESRCH, then -EPERM for another domain (dummy XSM_TARGET)", () => {
    const { g1 } = world();
    expect(g1.call(EVTCHN, [EVTCHNOP_alloc_unbound, 0])).toBe(-EFAULT);
    expect(allocUnbound(g1, 2, 9)[0]).toBe(-ESRCH);
    expect(allocUnbound(g1, 2, 2)[0]).toBe(-EPERM);
    // The port the failed call took is given back (check_free_port).
    expect(allocUnbound(g1, 2)).toEqual([0, 1]);
  });

  it("binds interdomain, sets the new local port pending, sends both ways, closes back to unbound", () => {
    const { xen, g1, g2 } = world();
    const [, port] = allocUnbound(g1, 2);
    g2.put(A, "evtchn_bind_interdomain_t", { remote_dom: 1, remote_port: port });
    expect(g2.call(EVTCHN, [EVTCHNOP_bind_interdomain, A])).toBe(0);
    expect(Number(g2.get(A, "evtchn_bind_interdomain_t").local_port)).toBe(1);
    const d1 = xen.domain(1);
    const d2 = xen.domain(2);
    d1.sharedInfoGfn = 0x80; // placed (for pendingEvents)
    d2.sharedInfoGfn = 0x80;
    expect(xen.pendingEvents(2)).toEqual([1]);
    expect(xen.pendingEvents(1)).toEqual([]);
    expect(op(g2, EVTCHNOP_send, "evtchn_send_t", { port: 1 })).toBe(0);
    expect(xen.pendingEvents(1)).toEqual([port]);
    expect(vcpuEventState(d1, d1.vcpus[0]!)).toEqual({ upcallPending: 1, pendingSel: 1n });
    g1.put(A, "evtchn_status_t", { dom: SELF, port });
    expect(g1.call(EVTCHN, [EVTCHNOP_status, A])).toBe(0);
    const st = g1.get(A, "evtchn_status_t");
    expect([st.status, st.vcpu, (st.u as bigint[])[0], (st.u as bigint[])[1]]).toEqual([
      BigInt(EVTCHNSTAT_interdomain),
      0n,
      2n,
      1n,
    ]);
    // Binding the same remote port again fails: it is no longer unbound.
    g2.put(A, "evtchn_bind_interdomain_t", { remote_dom: 1, remote_port: port });
    expect(g2.call(EVTCHN, [EVTCHNOP_bind_interdomain, A])).toBe(-EINVAL);
    // Closing clears the pending bit; the remote end waits for us again.
    expect(op(g1, EVTCHNOP_close, "evtchn_close_t", { port })).toBe(0);
    expect(xen.pendingEvents(1)).toEqual([]);
    g2.put(A, "evtchn_status_t", { dom: SELF, port: 1 });
    expect(g2.call(EVTCHN, [EVTCHNOP_status, A])).toBe(0);
    expect(g2.get(A, "evtchn_status_t")).toMatchObject({ status: BigInt(EVTCHNSTAT_unbound) });
    g1.put(A, "evtchn_status_t", { dom: SELF, port });
    g1.call(EVTCHN, [EVTCHNOP_status, A]);
    expect(g1.get(A, "evtchn_status_t")).toMatchObject({ status: BigInt(EVTCHNSTAT_closed) });
    g1.put(A, "evtchn_status_t", { dom: SELF, port: 64 });
    expect(g1.call(EVTCHN, [EVTCHNOP_status, A])).toBe(-EINVAL);
    g1.put(A, "evtchn_status_t", { dom: 2, port: 1 });
    expect(g1.call(EVTCHN, [EVTCHNOP_status, A])).toBe(-EPERM);
  });

  it("bind_interdomain: -ESRCH, then -EINVAL for an invalid or foreign port", () => {
    const { g1, g2 } = world();
    g2.put(A, "evtchn_bind_interdomain_t", { remote_dom: 7, remote_port: 1 });
    expect(g2.call(EVTCHN, [EVTCHNOP_bind_interdomain, A])).toBe(-ESRCH);
    g2.put(A, "evtchn_bind_interdomain_t", { remote_dom: 1, remote_port: 999 });
    expect(g2.call(EVTCHN, [EVTCHNOP_bind_interdomain, A])).toBe(-EINVAL);
    const [, port] = allocUnbound(g1, SELF); // unbound for domain 1 itself
    g2.put(A, "evtchn_bind_interdomain_t", { remote_dom: 1, remote_port: port });
    expect(g2.call(EVTCHN, [EVTCHNOP_bind_interdomain, A])).toBe(-EINVAL);
  });

  it("bind_virq in Xen's order: range, vCPU 0 for per-domain VIRQs, -ENOENT, -EBUSY (4.21+), -EEXIST", () => {
    const { g1 } = world();
    const bind = (virq: number, vcpu: number) =>
      op(g1, EVTCHNOP_bind_virq, "evtchn_bind_virq_t", { virq, vcpu });
    expect(bind(24, 0)).toBe(-EINVAL);
    expect(bind(11, 1)).toBe(-EINVAL); // VIRQ_ARGO is per-domain
    expect(bind(0, 5)).toBe(-ENOENT); // VIRQ_TIMER is per-vCPU, vCPU 5 does not exist
    expect(bind(2, 0)).toBe(-EBUSY); // VIRQ_CONSOLE is global: the hardware domain's
    expect(bind(11, 0)).toBe(0);
    expect(bind(11, 0)).toBe(-EEXIST);
    expect(bind(0, 1)).toBe(0);
    const w20 = world("aarch64", "arm64", "4.20");
    expect(op(w20.g1, EVTCHNOP_bind_virq, "evtchn_bind_virq_t", { virq: 2, vcpu: 0 })).toBe(0);
  });

  it("delivers VIRQ_ARGO through the bound port; the virqs step still sees it", () => {
    const { xen, g1 } = world();
    op(g1, EVTCHNOP_bind_virq, "evtchn_bind_virq_t", { virq: 11, vcpu: 0 });
    const port = Number(g1.get(A, "evtchn_bind_virq_t").port);
    expect(xen.pendingEvents(1)).toBeNull(); // shared_info not placed yet
    xen.domain(1).sharedInfoGfn = 0x80;
    g1.put(0x3000, "xen_argo_register_ring_t", { aport: 1, partner_id: 1, len: 4032 });
    xen.domain(1).memory.write(0x3100, new Uint8Array([0x40, 0, 0, 0, 0, 0, 0, 0]));
    expect(g1.call(39, [1, 0x3000, 0x3100, 1, 0])).toBe(0);
    g1.put(0x3200, "xen_argo_send_addr_t", {
      src: { aport: 2, domain_id: 1 },
      dst: { aport: 1, domain_id: 1 },
    });
    g1.put(0x3300, "xen_argo_iov_t", { iov_hnd: 0x3400, iov_len: 3 });
    expect(g1.call(39, [3, 0x3200, 0x3300, 1, 0])).toBe(3);
    expect(xen.pendingEvents(1)).toEqual([port]);
    expect(xen.takeVirqs(1)).toEqual([11]);
  });

  it("masks: a masked port stays out of the selector until unmask; unmask of an invalid port is -EINVAL", () => {
    const { xen, g1 } = world();
    const d = xen.domain(1);
    g1.put(A, "xen_add_to_physmap_t", { domid: SELF, space: 0, idx: 0, gpfn: 0x80 });
    expect(g1.call(12, [7, A])).toBe(0);
    op(g1, EVTCHNOP_bind_ipi, "evtchn_bind_ipi_t", { vcpu: 0 });
    const port = Number(g1.get(A, "evtchn_bind_ipi_t").port);
    // The guest masks the port through its mapping of shared_info at gfn 0x80.
    const mask = fieldOf(layoutOf("shared_info_t", "aarch64"), "evtchn_mask")!.offset;
    d.memory.write(0x80000 + mask, new Uint8Array([1 << port]));
    expect(op(g1, EVTCHNOP_send, "evtchn_send_t", { port })).toBe(0);
    expect(xen.pendingEvents(1)).toEqual([]); // pending but masked
    expect(vcpuEventState(d, d.vcpus[0]!)).toEqual({ upcallPending: 0, pendingSel: 0n });
    expect(op(g1, EVTCHNOP_unmask, "evtchn_unmask_t", { port })).toBe(0);
    expect(xen.pendingEvents(1)).toEqual([port]);
    expect(vcpuEventState(d, d.vcpus[0]!)).toEqual({ upcallPending: 1, pendingSel: 1n });
    expect(op(g1, EVTCHNOP_unmask, "evtchn_unmask_t", { port: 4096 })).toBe(-EINVAL);
  });

  it("bind_vcpu: -ENOENT, -EINVAL for invalid ports, per-vCPU VIRQs and IPIs; moves the notify vCPU", () => {
    const { g1 } = world();
    const [, port] = allocUnbound(g1, 2);
    expect(op(g1, EVTCHNOP_bind_vcpu, "evtchn_bind_vcpu_t", { port, vcpu: 7 })).toBe(-ENOENT);
    expect(op(g1, EVTCHNOP_bind_vcpu, "evtchn_bind_vcpu_t", { port: 99, vcpu: 1 })).toBe(-EINVAL);
    expect(op(g1, EVTCHNOP_bind_vcpu, "evtchn_bind_vcpu_t", { port, vcpu: 1 })).toBe(0);
    g1.put(A, "evtchn_status_t", { dom: SELF, port });
    g1.call(EVTCHN, [EVTCHNOP_status, A]);
    expect(g1.get(A, "evtchn_status_t")).toMatchObject({ vcpu: 1n });
    op(g1, EVTCHNOP_bind_virq, "evtchn_bind_virq_t", { virq: 0, vcpu: 0 });
    const timer = Number(g1.get(A, "evtchn_bind_virq_t").port);
    expect(op(g1, EVTCHNOP_bind_vcpu, "evtchn_bind_vcpu_t", { port: timer, vcpu: 1 })).toBe(
      -EINVAL,
    );
    g1.put(A, "evtchn_status_t", { dom: SELF, port: timer });
    g1.call(EVTCHN, [EVTCHNOP_status, A]);
    expect(g1.get(A, "evtchn_status_t")).toMatchObject({ status: BigInt(EVTCHNSTAT_virq) });
  });

  it("reset closes every port, resuming through EVTCHNOP_reset_cont continuations", () => {
    const { xen, g1 } = world();
    for (let i = 0; i < 300; i++) allocUnbound(g1, 2);
    g1.put(A, "evtchn_reset_t", { dom: SELF });
    expect(g1.call(EVTCHN, [EVTCHNOP_reset, A])).toBe(0);
    expect(xen.domain(1).evtchn!.active).toBe(0);
    expect(allocUnbound(g1, 2)).toEqual([0, 1]);
    g1.put(A, "evtchn_reset_t", { dom: 2 });
    expect(g1.call(EVTCHN, [EVTCHNOP_reset, A])).toBe(-EPERM);
    g1.put(A, "evtchn_reset_t", { dom: 9 });
    expect(g1.call(EVTCHN, [EVTCHNOP_reset, A])).toBe(-ESRCH);
  });

  it("lays the bits out per mode: 32-bit selector words for compat guests", () => {
    const { xen, g1, g2 } = world("pv32", "x86_64");
    for (let i = 0; i < 40; i++) allocUnbound(g1, 2);
    g2.put(A, "evtchn_bind_interdomain_t", { remote_dom: 1, remote_port: 33 });
    expect(g2.call(EVTCHN, [EVTCHNOP_bind_interdomain, A])).toBe(0);
    expect(op(g2, EVTCHNOP_send, "evtchn_send_t", { port: 1 })).toBe(0);
    const d = xen.domain(1);
    expect(xen.pendingEvents(1)).toEqual([33]);
    // Port 33 is in word 1 of 32 bits: selector bit 1.
    expect(vcpuEventState(d, d.vcpus[0]!)).toEqual({ upcallPending: 1, pendingSel: 2n });
    expect(g1.call(EVTCHN, [99, A])).toBe(-ENOSYS);
  });
});
