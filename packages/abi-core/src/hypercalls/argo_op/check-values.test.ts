/**
 * argo_op's checks that name the value they refused: the trace's check event carries it
 * (`{ niov: "0x00000009" }`), as a scenario's trace shows it. And the entry checks of
 * compat_argo_op and do_argo_op that other tests do not reach (xen/common/argo.c: do_argo_op,
 * compat_argo_op).
 */
import { describe, expect, it } from "vitest";
import type { GuestMode, XenArch } from "../../abi/modes.js";
import {
  EACCES,
  EAGAIN,
  ECONNREFUSED,
  EFAULT,
  EINVAL,
  EMSGSIZE,
  EOPNOTSUPP,
  EPERM,
  ESRCH,
} from "../../machine/errno.js";
import { XEN_ARGO_OP_notify, XEN_ARGO_OP_register_ring, XEN_ARGO_OP_sendv } from "./constants.js";
import { policyFromRules } from "../../xsm/flask.js";
import { argoHarness, type ArgoHarness } from "./testing.js";
import { expectCheck } from "./test-helpers.js";
import { putGfns, putIovs, putReg, putSendAddr } from "./test-guest.js";

const REG = 0x1000;
const GFNS = 0x1100;
const SEND = 0x1200;
const IOVS = 0x1300;
const DATA = 0x3000;
const RD = 0x4000;

/** The values the last failing check's trace event names. */
function values(h: ArgoHarness): Record<string, string> | undefined {
  const ev = h.xen.trace!.events().findLast((e) => e.kind === "check");
  return ev?.kind === "check" ? ev.values : undefined;
}

/** Domain 2 has a 4032-byte ring (aport 7) for domain 1, whose send_addr is in place. */
function pair(mode: GuestMode = "aarch64", opts: { cmdline?: string; arch?: XenArch } = {}) {
  const h = argoHarness({ trace: true, ...opts });
  const src = h.addDomain({ id: 1, mode });
  const dst = h.addDomain({ id: 2, mode });
  putReg(dst, REG, 7, 1, 4032);
  putGfns(dst, GFNS, [0x20]);
  expect(h.op(dst, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
  putSendAddr(src, SEND, { aport: 3, domid: 1 }, { aport: 7, domid: 2 });
  return { h, src, dst };
}

describe("checks name the value they refused", () => {
  it("do_argo_op: niov, npage, an unknown cmd", () => {
    const { h, src } = pair();
    expectCheck(
      h,
      h.op(src, XEN_ARGO_OP_sendv, SEND, IOVS, 9, 0),
      EINVAL,
      "argo_op.sendv.niov_max",
    );
    expect(values(h)).toEqual({ niov: "0x00000009" });
    expectCheck(
      h,
      h.op(src, XEN_ARGO_OP_register_ring, REG, GFNS, 4097, 0),
      EINVAL,
      "argo_op.register_ring.npages_max",
    );
    expect(values(h)).toEqual({ npage: "0x00001001" });
    expectCheck(h, h.op(src, 99, 0, 0, 0, 0), EOPNOTSUPP, "argo_op.entry.cmd_unknown");
    expect(values(h)).toEqual({ cmd: "0x00000063" });
  });

  it("compat_argo_op: niov (its own check, after the send_addr copy)", () => {
    const { h, src } = pair("pv32", { arch: "x86_64" });
    expectCheck(
      h,
      h.op(src, XEN_ARGO_OP_sendv, SEND, IOVS, 9, 0),
      EINVAL,
      "argo_op.sendv.niov_max",
    );
    expect(values(h)).toEqual({ niov: "0x00000009" });
    expectCheck(
      h,
      h.op(src, XEN_ARGO_OP_sendv, 0x200000, IOVS, 9, 0),
      EFAULT,
      "argo_op.sendv.copy_send_addr",
    );
  });

  it("sendv: the domain ids, the aport, each iov's index and length, the total", () => {
    const { h, src } = pair();
    const sendv = (niov = 1) => h.op(src, XEN_ARGO_OP_sendv, SEND, IOVS, niov, 0);
    putIovs(src, IOVS, [{ addr: DATA, len: 4 }]);
    putSendAddr(src, SEND, { aport: 3, domid: 2 }, { aport: 7, domid: 2 });
    expectCheck(h, sendv(), EPERM, "argo_op.sendv.src_not_caller");
    expect(values(h)).toEqual({ domain_id: "0x00000002" });
    putSendAddr(src, SEND, { aport: 3, domid: 1 }, { aport: 7, domid: 5 });
    expectCheck(h, sendv(), ESRCH, "argo_op.sendv.dst_missing");
    expect(values(h)).toEqual({ domain_id: "0x00000005" });
    putSendAddr(src, SEND, { aport: 3, domid: 1 }, { aport: 8, domid: 2 });
    expectCheck(h, sendv(), ECONNREFUSED, "argo_op.sendv.no_ring");
    expect(values(h)).toEqual({ aport: "0x00000008" });

    putSendAddr(src, SEND, { aport: 3, domid: 1 }, { aport: 7, domid: 2 });
    putIovs(src, IOVS, [
      { addr: DATA, len: 4 },
      { addr: DATA, len: 4, pad: 1 },
    ]);
    expectCheck(h, sendv(2), EINVAL, "argo_op.sendv.iov_pad");
    expect(values(h)).toEqual({ index: "0x00000001" });
    putIovs(src, IOVS, [
      { addr: DATA, len: 4 },
      { addr: DATA, len: 16777185 },
    ]);
    expectCheck(h, sendv(2), EINVAL, "argo_op.sendv.iov_len_max");
    expect(values(h)).toEqual({ iov_len: "0x00ffffe1" });
    putIovs(src, IOVS, [
      { addr: DATA, len: 16777180 },
      { addr: DATA, len: 5 },
    ]);
    expectCheck(h, sendv(2), EMSGSIZE, "argo_op.sendv.total_len");
    expect(values(h)).toEqual({ total: "0x00ffffe1" });
  });

  it("ringbuf_insert: the ring's length, the free space, the iov whose handle is bad", () => {
    const { h, src } = pair();
    const sendv = (niov = 1) => h.op(src, XEN_ARGO_OP_sendv, SEND, IOVS, niov, 0);
    putIovs(src, IOVS, [{ addr: DATA, len: 4001 }]);
    expectCheck(h, sendv(), EMSGSIZE, "argo_op.sendv.ring_too_small");
    expect(values(h)).toEqual({ ring_len: "0x00000fc0" });
    putIovs(src, IOVS, [{ addr: DATA, len: 2000 }]);
    expect(sendv()).toBe(2000);
    expectCheck(h, sendv(), EAGAIN, "argo_op.sendv.ring_full");
    expect(values(h)).toEqual({ space: "0x000007e0" }); // 4032 - 2016

    const pv = pair("pv64", { arch: "x86_64" });
    putIovs(pv.src, IOVS, [
      { addr: DATA, len: 4 },
      { addr: 0x8000 * 2 ** 32 + DATA, len: 4 },
    ]);
    expectCheck(
      pv.h,
      pv.h.op(pv.src, XEN_ARGO_OP_sendv, SEND, IOVS, 2, 0),
      EFAULT,
      "argo_op.sendv.iov_handle",
    );
    expect(values(pv.h)).toEqual({ index: "0x00000001" });
  });
});

describe("entry checks", () => {
  it("compat_argo_op's sendv asks whether Argo is on and the policy lets the domain use it", () => {
    const off = argoHarness({ trace: true, arch: "x86_64", cmdline: "" });
    const pv32 = off.addDomain({ id: 1, mode: "pv32" });
    expectCheck(
      off,
      off.op(pv32, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0),
      EOPNOTSUPP,
      "argo_op.entry.not_enabled",
    );
    const h = argoHarness({ trace: true, arch: "x86_64" });
    const d = h.addDomain({ id: 3, mode: "hvm32", argo: false });
    expectCheck(
      h,
      h.op(d, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0),
      EACCES,
      "argo_op.entry.xsm_enable",
    );
  });

  it("sendv asks the policy whether the sender may send to the destination, after finding it", () => {
    const h = argoHarness({
      trace: true,
      policy: () => policyFromRules({ enable: [1, 2], singleSource: [[2, 1]], send: [[1, 3]] }),
    });
    const src = h.addDomain({ id: 1, mode: "aarch64" });
    const dst = h.addDomain({ id: 2, mode: "aarch64" });
    putReg(dst, REG, 7, 1, 4032);
    putGfns(dst, GFNS, [0x20]);
    expect(h.op(dst, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
    putIovs(src, IOVS, [{ addr: DATA, len: 4 }]);
    putSendAddr(src, SEND, { aport: 3, domid: 1 }, { aport: 7, domid: 2 });
    expectCheck(
      h,
      h.op(src, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0),
      EACCES,
      "argo_op.sendv.xsm_send",
    );
    expect([...dst.pendingVirqs]).toEqual([]);
    // A domain that does not exist is missing before the policy is asked.
    putSendAddr(src, SEND, { aport: 3, domid: 1 }, { aport: 7, domid: 3 });
    expectCheck(
      h,
      h.op(src, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0),
      ESRCH,
      "argo_op.sendv.dst_missing",
    );
  });

  it("register_ring's gfn handle: outside a PV guest's half of the address space, -EFAULT", () => {
    for (const mode of ["pv64", "hvm64"] as const) {
      const h = argoHarness({ trace: true, arch: "x86_64" });
      const d = h.addDomain({ id: 1, mode });
      h.addDomain({ id: 2, mode });
      putReg(d, REG, 7, 2, 4032);
      // The handle's top half is 0x8000: non-canonical. HVM guests' handles are not checked,
      // so the copy of the gfn array is what fails there.
      const rc = h.op(d, XEN_ARGO_OP_register_ring, REG, 0x8000 * 2 ** 32 + GFNS, 1, 0);
      if (mode === "pv64") expectCheck(h, rc, EFAULT, "argo_op.register_ring.gfn_handle");
      else expectCheck(h, rc, EFAULT, "argo_op.register_ring.copy_gfn");
    }
  });

  it("notify wants arg3 and arg4 zero, each on its own", () => {
    const { h, src } = pair();
    expectCheck(
      h,
      h.op(src, XEN_ARGO_OP_notify, RD, 0, 1, 0),
      EINVAL,
      "argo_op.notify.args_nonzero",
    );
    expectCheck(
      h,
      h.op(src, XEN_ARGO_OP_notify, RD, 0, 0, 1),
      EINVAL,
      "argo_op.notify.args_nonzero",
    );
    expect(h.op(src, XEN_ARGO_OP_notify, 0, 0, 0, 0)).toBe(0);
  });
});
