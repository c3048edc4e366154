/**
 * The checks only a policy hook, a domain without Argo state or an x86 PV address reaches:
 * each fails with its own id in the trace (the coverage report asks for one test per check).
 */
import { describe, expect, it } from "vitest";
import { EACCES, ECONNREFUSED, EFAULT, ENODEV } from "../../machine/errno.js";
import { DUMMY_ARGO_POLICY } from "../../xsm/hooks.js";
import {
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
} from "./constants.js";
import { argoHarness } from "./testing.js";
import { expectCheck } from "./test-helpers.js";
import { putGfns, putIovs, putReg, putRingData, putSendAddr } from "./test-guest.js";

const REG = 0x1000;
const GFNS = 0x1100;
const SEND = 0x1200;
const IOVS = 0x1300;
const RD = 0x3000;

describe("argo_op checks past the common paths", () => {
  it("register_ring: the policy refuses a wildcard ring", () => {
    const h = argoHarness({
      trace: true,
      policy: () => ({ ...DUMMY_ARGO_POLICY, registerAnySource: () => -EACCES }),
    });
    const d = h.addDomain({ id: 1, mode: "aarch64" });
    putReg(d, REG, 1, XEN_ARGO_DOMID_ANY, 4032);
    putGfns(d, GFNS, [0x10]);
    const rc = h.op(d, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0);
    expectCheck(h, rc, EACCES, "argo_op.register_ring.xsm_any_source");
  });

  it("register_ring, sendv and notify: -ENODEV for a caller without Argo state", () => {
    const h = argoHarness({ trace: true, policy: () => DUMMY_ARGO_POLICY });
    const d = h.addDomain({ id: 1, mode: "aarch64" });
    h.addDomain({ id: 2, mode: "aarch64" });
    d.argo = null;
    putReg(d, REG, 1, 2, 4032);
    putGfns(d, GFNS, [0x10]);
    const reg = h.op(d, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0);
    expectCheck(h, reg, ENODEV, "argo_op.register_ring.no_argo");
    putSendAddr(d, SEND, { aport: 1, domid: 1 }, { aport: 7, domid: 2 });
    putIovs(d, IOVS, []);
    expectCheck(h, h.op(d, XEN_ARGO_OP_sendv, SEND, IOVS, 0, 0), ENODEV, "argo_op.sendv.no_argo");
    expectCheck(h, h.op(d, XEN_ARGO_OP_notify, 0, 0, 0, 0), ENODEV, "argo_op.notify.no_argo");
  });

  it("sendv: -ECONNREFUSED for a destination without Argo state", () => {
    const h = argoHarness({ trace: true, policy: () => DUMMY_ARGO_POLICY });
    const d = h.addDomain({ id: 1, mode: "aarch64" });
    h.addDomain({ id: 2, mode: "aarch64" }).argo = null;
    putSendAddr(d, SEND, { aport: 1, domid: 1 }, { aport: 7, domid: 2 });
    const rc = h.op(d, XEN_ARGO_OP_sendv, SEND, IOVS, 0, 0);
    expectCheck(h, rc, ECONNREFUSED, "argo_op.sendv.dst_no_argo");
  });

  it("sendv from x86 PV: an iov buffer address outside the guest's half is -EFAULT", () => {
    const h = argoHarness({ trace: true, arch: "x86_64" });
    const a = h.addDomain({ id: 1, mode: "pv64" });
    const b = h.addDomain({ id: 2, mode: "hvm64" });
    putReg(b, REG, 7, 1, 4032);
    putGfns(b, GFNS, [0x20]);
    expect(h.op(b, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
    putSendAddr(a, SEND, { aport: 3, domid: 1 }, { aport: 7, domid: 2 });
    putIovs(a, IOVS, [{ addr: 0x8000_0000_0000, len: 4 }]);
    const rc = h.op(a, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0);
    expectCheck(h, rc, EFAULT, "argo_op.sendv.iov_handle");
  });

  it("notify from x86 PV: entries that start past the guest's half are -EFAULT", () => {
    const h = argoHarness({ trace: true, arch: "x86_64" });
    const top = 0x8000_0000_0000;
    const a = h.addDomain({ id: 1, mode: "pv64", memory: top + 0x1000 });
    putRingData(a, top - 8, [], 1); // the header fits below 2^47; data[0] starts at 2^47
    const rc = h.op(a, XEN_ARGO_OP_notify, top - 8, 0, 0, 0);
    expectCheck(h, rc, EFAULT, "argo_op.notify.ent_handle");
  });

  it("notify: an entry whose page goes away before the answer is written is -EFAULT", () => {
    // The send hook runs between reading the entry and writing its answer; here it takes the
    // entry's frame away, as a balloon driver on another vCPU could.
    const h = argoHarness({
      trace: true,
      policy: () => ({
        ...DUMMY_ARGO_POLICY,
        send: (d) => (d.memory.unmap(RD >>> 12), 0),
      }),
    });
    const a = h.addDomain({ id: 1, mode: "aarch64" });
    h.addDomain({ id: 2, mode: "aarch64" });
    putRingData(a, RD, [{ aport: 5, domid: 2 }]);
    expectCheck(h, h.op(a, XEN_ARGO_OP_notify, RD, 0, 0, 0), EFAULT, "argo_op.notify.write_ent");
  });
});
