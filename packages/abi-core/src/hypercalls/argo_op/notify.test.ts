import { describe, expect, it } from "vitest";
import { EACCES, EAGAIN, EBUSY, EFAULT, EINVAL } from "../../machine/errno.js";
import { parseArgoCmdline } from "./cmdline.js";
import {
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
  XEN_ARGO_RING_EBUSY,
  XEN_ARGO_RING_EMPTY,
  XEN_ARGO_RING_EMSGSIZE,
  XEN_ARGO_RING_EXISTS,
  XEN_ARGO_RING_SHARED,
} from "./constants.js";
import { policyFromRules } from "../../xsm/flask.js";
import { hashIndex } from "./ring-id.js";
import { argoHarness } from "./testing.js";
import { expectCheck } from "./test-helpers.js";
import {
  entFlags,
  entMaxMessageSize,
  putGfns,
  putIovs,
  putReg,
  putRingData,
  putSendAddr,
} from "./test-guest.js";

describe("parseArgoCmdline (kernel.c parse_bool / parse_boolean, argo.c parse_argo)", () => {
  it.each([
    ["", false, false],
    ["argo=1", true, false],
    ["argo=yes,mac-permissive=1", true, true],
    ["argo=on,mac-permissive", true, true],
    ["argo=enable,no-mac-permissive", true, false],
    ["argo=1 argo=0", false, false],
    ["no-argo", false, false],
    ["argo", false, false],
    ["argo=True", false, false],
    ["argo=1,bogus,mac-permissive=true", true, true],
    ["console=com1 argo=true loglvl=all", true, false],
  ])("%j -> argo %s, mac-permissive %s", (cmd, argo, mac) => {
    expect(parseArgoCmdline(cmd)).toEqual({ argo, argoMacPermissive: mac });
  });
});

describe("hash_index", () => {
  it("is djb2 over aport, domain_id, partner_id bytes, folded to 5 bits", () => {
    let h = 5381;
    for (const b of [1, 0, 0, 0, 2, 0, 0xf4, 0x7f]) h = (h * 33 + b) >>> 0;
    expect(hashIndex(1, 2, 0x7ff4)).toBe((h ^ (h >>> 15)) & 31);
  });
});

describe("notify", () => {
  const RD = 0x3000;
  function ring(len = 256) {
    const h = argoHarness({ trace: true });
    const a = h.addDomain({ id: 1, mode: "aarch64" });
    const b = h.addDomain({ id: 2, mode: "aarch64" });
    putReg(b, 0x1000, 5, XEN_ARGO_DOMID_ANY, len);
    putGfns(b, 0x1100, [0x20]);
    expect(h.op(b, XEN_ARGO_OP_register_ring, 0x1000, 0x1100, 1, 0)).toBe(0);
    return { h, a, b };
  }
  it("checks arguments, nent (256), and writes back only flags and max_message_size", () => {
    const { h, a } = ring();
    expectCheck(h, h.op(a, XEN_ARGO_OP_notify, RD, 8, 0, 0), EINVAL, "argo_op.notify.args_nonzero");
    expect(h.op(a, XEN_ARGO_OP_notify, 0, 0, 0, 0)).toBe(0); // null: only wakes waiters
    putRingData(a, RD, [], 257);
    expectCheck(h, h.op(a, XEN_ARGO_OP_notify, RD, 0, 0, 0), EACCES, "argo_op.notify.nent_max");
    expectCheck(
      h,
      h.op(a, XEN_ARGO_OP_notify, 0x100000, 0, 0, 0),
      EFAULT,
      "argo_op.notify.copy_ring_data",
    );
    putRingData(a, RD, [
      { aport: 5, domid: 2, spaceRequired: 300, maxMessageSize: 7 },
      { aport: 9, domid: 2, maxMessageSize: 7 },
      { aport: 5, domid: 9, maxMessageSize: 7 },
    ]);
    expect(h.op(a, XEN_ARGO_OP_notify, RD, 0, 0, 0)).toBe(0);
    expect(entFlags(a, RD, 0)).toBe(
      XEN_ARGO_RING_EXISTS | XEN_ARGO_RING_SHARED | XEN_ARGO_RING_EMSGSIZE | XEN_ARGO_RING_EMPTY,
    );
    expect(entMaxMessageSize(a, RD, 0)).toBe(224);
    expect([entFlags(a, RD, 1), entMaxMessageSize(a, RD, 1)]).toEqual([0, 7]);
    expect([entFlags(a, RD, 2), entMaxMessageSize(a, RD, 2)]).toEqual([0, 7]);
  });
  it("a policy denial ends the loop with its error and writes nothing", () => {
    const h = argoHarness({
      trace: true,
      policy: () => policyFromRules({ enable: [1, 2, 3], send: [[1, 3]] }),
    });
    const a = h.addDomain({ id: 1, mode: "aarch64" });
    h.addDomain({ id: 2, mode: "aarch64" });
    h.addDomain({ id: 3, mode: "aarch64" });
    putRingData(a, RD, [
      { aport: 5, domid: 3, maxMessageSize: 7 },
      { aport: 5, domid: 2, maxMessageSize: 7 },
      { aport: 5, domid: 3, maxMessageSize: 7 },
    ]);
    expectCheck(h, h.op(a, XEN_ARGO_OP_notify, RD, 0, 0, 0), EACCES, "argo_op.notify.xsm_send");
    expect(entFlags(a, RD, 0)).toBe(0); // answered (no ring)
    expect(entFlags(a, RD, 1)).toBe(0xffff); // denied: untouched
    expect(entFlags(a, RD, 2)).toBe(0xffff); // never reached
  });
  it("queues up to 32 waiters per ring, then reports EBUSY; the owner's notify wakes them", () => {
    const h = argoHarness({ trace: true });
    const b = h.addDomain({ id: 100, mode: "aarch64" });
    putReg(b, 0x1000, 5, XEN_ARGO_DOMID_ANY, 48);
    putGfns(b, 0x1100, [0x20]);
    expect(h.op(b, XEN_ARGO_OP_register_ring, 0x1000, 0x1100, 1, 0)).toBe(0);
    // One 1-byte message leaves no payload space (the ring keeps a slot free).
    putSendAddr(b, 0x1200, { aport: 1, domid: 100 }, { aport: 5, domid: 100 });
    putIovs(b, 0x1300, [{ addr: 0x2000, len: 1 }]);
    expect(h.op(b, XEN_ARGO_OP_sendv, 0x1200, 0x1300, 1, 0)).toBe(1);
    const senders = Array.from({ length: 33 }, (_, i) => h.addDomain({ id: i + 1, mode: "pv64" }));
    senders.forEach((s, i) => {
      putRingData(s, RD, [{ aport: 5, domid: 100, spaceRequired: 16 }]);
      expect(h.op(s, XEN_ARGO_OP_notify, RD, 0, 0, 0)).toBe(0);
      expect(entFlags(s, RD, 0) & XEN_ARGO_RING_EBUSY).toBe(i < 32 ? 0 : XEN_ARGO_RING_EBUSY);
    });
    b.memory.write(0x20000, b.memory.readBytes(0x20004, 4)!); // the owner reads the message
    expect(h.op(b, XEN_ARGO_OP_notify, 0, 0, 0, 0)).toBe(0);
    expect(senders.filter((s) => s.pendingVirqs.has(11)).map((s) => s.id)).toEqual(
      Array.from({ length: 32 }, (_, i) => i + 1),
    );
  });
  it("sendv to a full ring whose 32 waiters are queued: -EBUSY from pending_queue, not -EAGAIN", () => {
    const h = argoHarness({ trace: true });
    const b = h.addDomain({ id: 100, mode: "aarch64" });
    putReg(b, 0x1000, 5, XEN_ARGO_DOMID_ANY, 48);
    putGfns(b, 0x1100, [0x20]);
    expect(h.op(b, XEN_ARGO_OP_register_ring, 0x1000, 0x1100, 1, 0)).toBe(0);
    putSendAddr(b, 0x1200, { aport: 1, domid: 100 }, { aport: 5, domid: 100 });
    putIovs(b, 0x1300, [{ addr: 0x2000, len: 1 }]);
    expect(h.op(b, XEN_ARGO_OP_sendv, 0x1200, 0x1300, 1, 0)).toBe(1); // now full
    const waiting = Array.from({ length: 32 }, (_, i) => h.addDomain({ id: i + 1, mode: "pv64" }));
    for (const s of waiting) {
      putRingData(s, RD, [{ aport: 5, domid: 100, spaceRequired: 16 }]);
      expect(h.op(s, XEN_ARGO_OP_notify, RD, 0, 0, 0)).toBe(0);
    }
    // The 33rd sender finds the ring full and the waiter list too.
    const late = h.addDomain({ id: 33, mode: "pv64" });
    putSendAddr(late, 0x1200, { aport: 1, domid: 33 }, { aport: 5, domid: 100 });
    putIovs(late, 0x1300, [{ addr: 0x2000, len: 1 }]);
    expectCheck(
      h,
      h.op(late, XEN_ARGO_OP_sendv, 0x1200, 0x1300, 1, 0),
      EBUSY,
      "argo_op.sendv.pending_max",
    );
    // A sender already waiting is requeued, not refused: -EAGAIN again.
    const first = waiting[0]!;
    putSendAddr(first, 0x1200, { aport: 1, domid: 1 }, { aport: 5, domid: 100 });
    putIovs(first, 0x1300, [{ addr: 0x2000, len: 1 }]);
    expectCheck(
      h,
      h.op(first, XEN_ARGO_OP_sendv, 0x1200, 0x1300, 1, 0),
      EAGAIN,
      "argo_op.sendv.ring_full",
    );
  });
  it("sendv on a full ring: -EAGAIN and queued; notify by the owner raises VIRQ_ARGO at the sender", () => {
    const { h, a, b } = ring(64);
    a.memory.write(0x2000, new Uint8Array(16));
    putSendAddr(a, 0x1200, { aport: 1, domid: 1 }, { aport: 5, domid: 2 });
    putIovs(a, 0x1300, [{ addr: 0x2000, len: 16 }]);
    expect(h.op(a, XEN_ARGO_OP_sendv, 0x1200, 0x1300, 1, 0)).toBe(16);
    expectCheck(
      h,
      h.op(a, XEN_ARGO_OP_sendv, 0x1200, 0x1300, 1, 0),
      EAGAIN,
      "argo_op.sendv.ring_full",
    );
    a.pendingVirqs.clear();
    expect(h.op(b, XEN_ARGO_OP_notify, 0, 0, 0, 0)).toBe(0);
    expect(a.pendingVirqs.size).toBe(0); // still full
    const rx = b.memory.readBytes(0x20004, 4)!;
    b.memory.write(0x20000, rx); // the owner consumed everything
    expect(h.op(b, XEN_ARGO_OP_notify, 0, 0, 0, 0)).toBe(0);
    expect([...a.pendingVirqs]).toEqual([11]);
  });
});
