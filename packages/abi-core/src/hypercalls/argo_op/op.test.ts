import { describe, expect, it } from "vitest";
import {
  EACCES,
  ECONNREFUSED,
  EEXIST,
  EFAULT,
  EINVAL,
  EMSGSIZE,
  ENODEV,
  ENOENT,
  ENOSPC,
  EOPNOTSUPP,
  EPERM,
  ESRCH,
} from "../../machine/errno.js";
import {
  XEN_ARGO_DOMID_ANY,
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
  XEN_ARGO_OP_unregister_ring,
  XEN_ARGO_REGISTER_FLAG_FAIL_EXIST,
} from "./constants.js";
import { argoOf, allRings } from "./state.js";
import { argoHarness } from "./testing.js";
import { expectCheck } from "./test-helpers.js";
import { putGfns, putIovs, putReg, putSendAddr, r32, w16, w32 } from "./test-guest.js";

const REG = 0x1000;
const GFNS = 0x1100;
const SEND = 0x1200;
const IOVS = 0x1300;
const UNREG = 0x1500;
const DATA = 0x2000;

function setup(cmdline = "argo=1,mac-permissive=1") {
  const h = argoHarness({ cmdline, trace: true });
  const d1 = h.addDomain({ id: 1, mode: "aarch64" });
  const d2 = h.addDomain({ id: 2, mode: "aarch64" });
  return { h, d1, d2 };
}

describe("do_argo_op entry checks", () => {
  it("rejects arg3/arg4 above 32 bits first, even for unknown commands and with Argo off", () => {
    const { h, d1 } = setup("");
    expectCheck(h, h.op(d1, 99, 0, 0, 0, 0, 1, 0), EINVAL, "argo_op.entry.arg_above_32bit");
    expectCheck(
      h,
      h.op(d1, 99, 0, 0, 0, 0, 0, 0x80000000),
      EINVAL,
      "argo_op.entry.arg_above_32bit",
    );
    expectCheck(h, h.op(d1, 99, 0, 0, 0, 0), EOPNOTSUPP, "argo_op.entry.not_enabled");
  });
  it("answers -EOPNOTSUPP to unknown commands when enabled, and truncates cmd to 32 bits", () => {
    const { h, d1 } = setup();
    expectCheck(h, h.op(d1, 0, 0, 0, 0, 0), EOPNOTSUPP, "argo_op.entry.cmd_unknown");
    expectCheck(h, h.op(d1, 5, 0, 0, 0, 0), EOPNOTSUPP, "argo_op.entry.cmd_unknown");
  });
  it("passes the policy's enable denial through (-EACCES for argo:false)", () => {
    const h = argoHarness({ trace: true });
    const d = h.addDomain({ id: 3, mode: "aarch64", argo: false });
    expect(d.argo).toBeNull();
    expectCheck(h, h.op(d, XEN_ARGO_OP_notify, 0, 0, 0, 0), EACCES, "argo_op.entry.xsm_enable");
  });
});

describe("register_ring", () => {
  it("follows Xen's order of checks", () => {
    const { h, d1 } = setup();
    putReg(d1, REG, 1, 2, 4032);
    putGfns(d1, GFNS, [0x10]);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 4097, 0),
      EINVAL,
      "argo_op.register_ring.npages_max",
    ); // npage > 4096
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 2),
      EINVAL,
      "argo_op.register_ring.flags",
    ); // unknown flag
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, 0x7fffffff0, GFNS, 1, 2),
      EINVAL,
      "argo_op.register_ring.flags",
    ); // flags before copy
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, 0x7fffffff0, GFNS, 1, 0),
      EFAULT,
      "argo_op.register_ring.copy_reg",
    );
    for (const len of [1, 32, 4040, 4048, 0x1000010]) {
      putReg(d1, REG, 1, 2, len);
      expectCheck(
        h,
        h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0),
        EINVAL,
        "argo_op.register_ring.reg_fields",
      );
    }
    putReg(d1, REG, 1, 2, 4032, 1);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0),
      EINVAL,
      "argo_op.register_ring.reg_fields",
    ); // pad
    putReg(d1, REG, 1, 9, 4032);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0),
      ESRCH,
      "argo_op.register_ring.partner_missing",
    );
    putReg(d1, REG, 1, 2, 4032);
    putGfns(d1, GFNS, [0x100000]);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0),
      EINVAL,
      "argo_op.register_ring.gfn_not_ram",
    ); // not guest RAM
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, REG, 0xffffc, 1, 0),
      EFAULT,
      "argo_op.register_ring.copy_gfn",
    ); // gfn array crosses the end
    putGfns(d1, GFNS, [0x10]);
    expect(h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
    expect(argoOf(d1)!.ringCount).toBe(1);
  });

  it("accepts the extremes: 48 bytes on one page, 16777152 bytes on 4096 pages", () => {
    const h = argoHarness({ trace: true });
    const d = h.addDomain({ id: 1, mode: "aarch64", memory: 4100 * 4096 });
    putReg(d, REG, 1, 1, 48);
    putGfns(d, GFNS, [0x10]);
    expect(h.op(d, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
    putReg(d, REG, 2, 1, 16777152);
    putGfns(
      d,
      0x3000,
      Array.from({ length: 4096 }, (_, i) => i + 4),
    );
    expect(h.op(d, XEN_ARGO_OP_register_ring, REG, 0x3000, 4096, 0)).toBe(0);
    putReg(d, REG, 3, 1, 0x1000000); // needs 4097 pages
    expectCheck(
      h,
      h.op(d, XEN_ARGO_OP_register_ring, REG, 0x3000, 4096, 0),
      EINVAL,
      "argo_op.register_ring.reg_fields",
    );
  });

  it("wildcard rings need mac-permissive (-EPERM), partners need Argo (-ECONNREFUSED)", () => {
    const { h, d1 } = setup("argo=1");
    putReg(d1, REG, 1, XEN_ARGO_DOMID_ANY, 4032);
    putGfns(d1, GFNS, [0x10]);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0),
      EPERM,
      "argo_op.register_ring.any_not_permissive",
    );
    const h2 = argoHarness({
      trace: true,
      policy: () => ({
        enable: (d) => (d.id === 4 ? -EACCES : 0),
        registerSingleSource: () => 0,
        registerAnySource: () => 0,
        send: () => 0,
      }),
    });
    const a = h2.addDomain({ id: 1, mode: "aarch64" });
    h2.addDomain({ id: 4, mode: "aarch64" });
    putReg(a, REG, 1, 4, 4032);
    putGfns(a, GFNS, [0x10]);
    expectCheck(
      h2,
      h2.op(a, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0),
      ECONNREFUSED,
      "argo_op.register_ring.partner_no_argo",
    );
  });

  it("re-registration: FAIL_EXIST and resizing are -EEXIST; otherwise the new pages replace the old and tx_ptr is kept", () => {
    const { h, d1 } = setup();
    putReg(d1, REG, 1, 1, 4032);
    putGfns(d1, GFNS, [0x10]);
    w32(d1, 0x10000 + 4, 0x40); // guest-supplied tx_ptr, valid: kept
    expect(
      h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, XEN_ARGO_REGISTER_FLAG_FAIL_EXIST),
    ).toBe(0);
    expect(allRings(argoOf(d1)!)[0]!.txPtr).toBe(0x40);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, XEN_ARGO_REGISTER_FLAG_FAIL_EXIST),
      EEXIST,
      "argo_op.register_ring.exists_fail_exist",
    );
    putReg(d1, REG, 1, 1, 4016);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0),
      EEXIST,
      "argo_op.register_ring.exists_len",
    );
    putReg(d1, REG, 1, 1, 4032);
    putGfns(d1, GFNS, [0x11]);
    w32(d1, 0x11000, 0x25); // rx_ptr 0x25; tx_ptr 0x33 is misaligned: reset to roundup(rx) = 0x30
    w32(d1, 0x11000 + 4, 0x33);
    expect(h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
    const ring = allRings(argoOf(d1)!)[0]!;
    expect(ring.gfns).toEqual([0x11]);
    expect(ring.txPtr).toBe(0x30);
    expect(r32(d1, 0x11004)).toBe(0x30);
    expect(argoOf(d1)!.ringCount).toBe(2); // Xen counts a re-registration again
  });

  it("a failed re-registration removes the ring", () => {
    const { h, d1 } = setup();
    putReg(d1, REG, 1, 1, 4032);
    putGfns(d1, GFNS, [0x10]);
    expect(h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
    putGfns(d1, GFNS, [0x999999]);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0),
      EINVAL,
      "argo_op.register_ring.gfn_not_ram",
    );
    expect(allRings(argoOf(d1)!)).toHaveLength(0);
  });

  it("allows 128 rings per domain, then -ENOSPC (also for re-registration)", () => {
    const { h, d1 } = setup();
    putGfns(d1, GFNS, [0x10]);
    for (let p = 0; p < 128; p++) {
      putReg(d1, REG, p, 1, 48);
      expect(h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
    }
    putReg(d1, REG, 500, 1, 48);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0),
      ENOSPC,
      "argo_op.register_ring.ring_count",
    );
    putReg(d1, REG, 5, 1, 48);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0),
      ENOSPC,
      "argo_op.register_ring.ring_count",
    );
  });
});

describe("unregister_ring", () => {
  it("checks arguments, pad, and matches exactly", () => {
    const { h, d1 } = setup();
    putReg(d1, REG, 1, XEN_ARGO_DOMID_ANY, 4032);
    putGfns(d1, GFNS, [0x10]);
    expect(h.op(d1, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
    w32(d1, UNREG, 1);
    w16(d1, UNREG + 4, 2);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_unregister_ring, UNREG, 8, 0, 0),
      EINVAL,
      "argo_op.unregister_ring.args_nonzero",
    );
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_unregister_ring, UNREG, 0, 1, 0),
      EINVAL,
      "argo_op.unregister_ring.args_nonzero",
    );
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_unregister_ring, UNREG, 0, 0, 1),
      EINVAL,
      "argo_op.unregister_ring.args_nonzero",
    );
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_unregister_ring, 0x100000, 0, 0, 0),
      EFAULT,
      "argo_op.unregister_ring.copy",
    );
    w16(d1, UNREG + 6, 1);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_unregister_ring, UNREG, 0, 0, 0),
      EINVAL,
      "argo_op.unregister_ring.pad",
    );
    w16(d1, UNREG + 6, 0);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_unregister_ring, UNREG, 0, 0, 0),
      ENOENT,
      "argo_op.unregister_ring.not_found",
    ); // no wildcard fallback
    w16(d1, UNREG + 4, XEN_ARGO_DOMID_ANY);
    expect(h.op(d1, XEN_ARGO_OP_unregister_ring, UNREG, 0, 0, 0)).toBe(0);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_unregister_ring, UNREG, 0, 0, 0),
      ENOENT,
      "argo_op.unregister_ring.not_found",
    );
  });
  it("is -ENODEV for a domain without Argo state", () => {
    const h = argoHarness({
      trace: true,
      policy: () => ({
        enable: () => 0,
        registerAnySource: () => 0,
        registerSingleSource: () => 0,
        send: () => 0,
      }),
    });
    const d = h.addDomain({ id: 1, mode: "aarch64" });
    d.argo = null;
    expectCheck(
      h,
      h.op(d, XEN_ARGO_OP_unregister_ring, UNREG, 0, 0, 0),
      ENODEV,
      "argo_op.unregister_ring.no_argo",
    );
  });
});

describe("sendv", () => {
  function ready() {
    const s = setup();
    putReg(s.d2, REG, 7, 1, 4032);
    putGfns(s.d2, GFNS, [0x20]);
    expect(s.h.op(s.d2, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
    s.d1.memory.write(DATA, new TextEncoder().encode("A simple thing to send\n"));
    putSendAddr(s.d1, SEND, { aport: 3, domid: XEN_ARGO_DOMID_ANY }, { aport: 7, domid: 2 });
    putIovs(s.d1, IOVS, [{ addr: DATA, len: 23 }]);
    return s;
  }
  it("delivers header and payload, returns payload bytes, raises VIRQ_ARGO at the receiver", () => {
    const { h, d1, d2 } = ready();
    expect(h.op(d1, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0x12345678)).toBe(23);
    expect(r32(d2, 0x20004)).toBe(48); // tx_ptr = roundup(16 + 23)
    expect(r32(d2, 0x20040)).toBe(39); // len includes the header
    expect(r32(d2, 0x20044)).toBe(3); // source aport
    expect(r32(d2, 0x20048)).toBe(1); // source domid, pad 0
    expect(r32(d2, 0x2004c)).toBe(0x12345678);
    expect(new TextDecoder().decode(d2.memory.readBytes(0x20050, 23))).toBe(
      "A simple thing to send\n",
    );
    expect([...d2.pendingVirqs]).toEqual([11]);
    expect([...d1.pendingVirqs]).toEqual([]);
  });
  it("follows Xen's order of checks", () => {
    const { h, d1 } = ready();
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_sendv, 0x100000, IOVS, 9, 0),
      EFAULT,
      "argo_op.sendv.copy_send_addr",
    ); // copy before niov
    expectCheck(h, h.op(d1, XEN_ARGO_OP_sendv, SEND, IOVS, 9, 0), EINVAL, "argo_op.sendv.niov_max");
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_sendv, SEND, 0xffff8, 1, 0),
      EFAULT,
      "argo_op.sendv.copy_iovs",
    );
    expect(h.op(d1, XEN_ARGO_OP_sendv, SEND, 0x100000, 0, 0)).toBe(0); // zero iovs: nothing copied
    putSendAddr(d1, SEND, { aport: 3, domid: 1, pad: 1 }, { aport: 7, domid: 2 });
    expectCheck(h, h.op(d1, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0), EINVAL, "argo_op.sendv.addr_pad");
    putSendAddr(d1, SEND, { aport: 3, domid: 2 }, { aport: 7, domid: 2 });
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0),
      EPERM,
      "argo_op.sendv.src_not_caller",
    );
    putSendAddr(d1, SEND, { aport: 3, domid: 1 }, { aport: 7, domid: 5 });
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0),
      ESRCH,
      "argo_op.sendv.dst_missing",
    );
    putSendAddr(d1, SEND, { aport: 3, domid: 1 }, { aport: 8, domid: 2 });
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0),
      ECONNREFUSED,
      "argo_op.sendv.no_ring",
    );
    putSendAddr(d1, SEND, { aport: 3, domid: 1 }, { aport: 7, domid: 2 });
    putIovs(d1, IOVS, [{ addr: DATA, len: 8, pad: 1 }]);
    expectCheck(h, h.op(d1, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0), EINVAL, "argo_op.sendv.iov_pad");
    putIovs(d1, IOVS, [{ addr: DATA, len: 16777185 }]);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0),
      EINVAL,
      "argo_op.sendv.iov_len_max",
    );
    putIovs(d1, IOVS, [
      { addr: DATA, len: 16777184 },
      { addr: DATA, len: 1 },
    ]);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_sendv, SEND, IOVS, 2, 0),
      EMSGSIZE,
      "argo_op.sendv.total_len",
    );
    putIovs(d1, IOVS, [{ addr: DATA, len: 4001 }]);
    expectCheck(
      h,
      h.op(d1, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0),
      EMSGSIZE,
      "argo_op.sendv.ring_too_small",
    ); // can never fit
    putIovs(d1, IOVS, [{ addr: 0xffff0, len: 0x20 }]);
    expectCheck(h, h.op(d1, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0), EFAULT, "argo_op.sendv.copy_buf");
  });
  it("matches the exact-partner ring before the wildcard ring", () => {
    const { h, d1, d2 } = ready();
    putReg(d2, REG, 7, XEN_ARGO_DOMID_ANY, 4032);
    putGfns(d2, GFNS, [0x21]);
    expect(h.op(d2, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
    expect(h.op(d1, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0)).toBe(23);
    expect(r32(d2, 0x20004)).toBe(48);
    expect(r32(d2, 0x21004)).toBe(0);
  });
  it("compat: 12-byte iovs for 32-bit x86 guests, no 32-bit range check on the sendv path", () => {
    const h = argoHarness({ trace: true });
    const a = h.addDomain({ id: 1, mode: "pv32" });
    const b = h.addDomain({ id: 2, mode: "hvm64" });
    putReg(b, REG, 7, XEN_ARGO_DOMID_ANY, 4032);
    putGfns(b, GFNS, [0x20]);
    expect(h.op(b, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
    a.memory.write(DATA, new Uint8Array([1, 2, 3, 4, 5, 6]));
    putSendAddr(a, SEND, { aport: 3, domid: 1 }, { aport: 7, domid: 2 });
    putIovs(
      a,
      IOVS,
      [
        { addr: DATA, len: 4 },
        { addr: DATA + 4, len: 2 },
      ],
      true,
    );
    expect(h.op(a, XEN_ARGO_OP_sendv, SEND, IOVS, 2, 5)).toBe(6);
    expect([...b.memory.readBytes(0x20050, 6)!]).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
