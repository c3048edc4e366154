/**
 * sendv at its edges (xen/common/argo.c: sendv, iov_count, ringbuf_insert,
 * memcpy_to_guest_ring; xen/arch/x86/include/asm/guest_access.h: guest_handle_okay): empty
 * iovs, handles by guest mode and Xen build, a source that faults before the ring wraps, who
 * gets VIRQ_ARGO and when a waiting sender is woken, a total of exactly the largest message,
 * and a copy that reaches exactly 16 MiB.
 */
import { describe, expect, it } from "vitest";
import type { GuestMode, XenArch } from "../../abi/modes.js";
import { EAGAIN, ECONNREFUSED, EFAULT, EMSGSIZE } from "../../machine/errno.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import {
  MAX_ARGO_MESSAGE_SIZE,
  VIRQ_ARGO,
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
} from "./constants.js";
import { RING } from "./layouts.js";
import { argoHarness } from "./testing.js";
import { argoResult, expectCheck } from "./test-helpers.js";
import { putGfns, putIovs, putReg, putSendAddr, r32, w32 } from "./test-guest.js";

const REG = 0x1000;
const GFNS = 0x1100;
const SEND = 0x1200;
const IOVS = 0x1300;
const DATA = 0x3000;
const RING_GFN = 0x20;
const RING_BASE = RING_GFN * PAGE_SIZE;
/** Where ring byte 0 is in the owner's memory. */
const RING0 = RING_BASE + RING.size;
const LEN = 4032;

/**
 * Domain 2 registers a one-page ring (4032 bytes, aport 7) for domain 1 with its guest-written
 * tx_ptr and rx_ptr; domain 1's send_addr and 64 bytes of data (1, 2, 3...) are in place.
 */
function pair(mode: GuestMode, opts: { arch?: XenArch; tx?: number; rx?: number } = {}) {
  const arch = opts.arch ?? (mode.startsWith("aarch") ? "arm64" : "x86_64");
  const h = argoHarness({ trace: true, arch });
  const src = h.addDomain({ id: 1, mode });
  const dst = h.addDomain({ id: 2, mode: mode === "pv32" ? "hvm64" : mode });
  w32(dst, RING_BASE + RING.at.tx_ptr, opts.tx ?? 0);
  w32(dst, RING_BASE + RING.at.rx_ptr, opts.rx ?? opts.tx ?? 0);
  putReg(dst, REG, 7, 1, LEN);
  putGfns(dst, GFNS, [RING_GFN]);
  expect(h.op(dst, XEN_ARGO_OP_register_ring, REG, GFNS, 1, 0)).toBe(0);
  putSendAddr(src, SEND, { aport: 3, domid: 1 }, { aport: 7, domid: 2 });
  src.memory.write(
    DATA,
    Uint8Array.from({ length: 64 }, (_, i) => i + 1),
  );
  const sendv = (iovs: readonly { addr: number; len: number }[]) => {
    putIovs(src, IOVS, iovs);
    return h.op(src, XEN_ARGO_OP_sendv, SEND, IOVS, iovs.length, 0);
  };
  const ring = (off: number, n: number) => [...dst.memory.readBytes(RING0 + off, n)!];
  return { h, src, dst, sendv, ring };
}

/** An address with `hi` as its top 32 bits. */
const high = (hi: number, lo = DATA) => hi * 2 ** 32 + lo;

describe("sendv's iovs", () => {
  it("an empty iov is skipped before its address is looked at, wherever it points", () => {
    for (const [mode, far] of [
      ["aarch64", high(1)],
      ["pv64", high(0x8000)],
      ["hvm64", 0xfffff000],
    ] as const) {
      const p = pair(mode);
      expect(
        p.sendv([
          { addr: DATA, len: 4 },
          { addr: far, len: 0 },
          { addr: DATA + 4, len: 2 },
        ]),
        mode,
      ).toBe(6);
      expect(p.ring(16, 8)).toEqual([1, 2, 3, 4, 5, 6, 0, 0]);
      expect(r32(p.dst, RING_BASE + RING.at.tx_ptr)).toBe(32);
    }
  });

  it("guest_handle_okay: only a 64-bit PV guest's iov must lie outside the non-canonical hole", () => {
    const pv = pair("pv64");
    const okay = (hi: number) => {
      const rc = pv.sendv([{ addr: high(hi), len: 4 }]);
      const id = pv.h.lastCheck()!;
      expect(rc).toBe(argoResult(pv.h, id, EFAULT)); // outside the guest either way
      return id;
    };
    expect(okay(0x7fff)).toBe("argo_op.sendv.copy_buf");
    expect(okay(0x8000)).toBe("argo_op.sendv.iov_handle");
    expect(okay(0xffff87ff)).toBe("argo_op.sendv.iov_handle");
    expect(okay(0xffff8800)).toBe("argo_op.sendv.copy_buf");
    for (const mode of ["hvm64", "aarch64"] as const) {
      const p = pair(mode);
      expectCheck(p.h, p.sendv([{ addr: high(0x8000), len: 4 }]), EFAULT, "argo_op.sendv.copy_buf");
    }
  });

  it("an arm32 Xen reads an iov's handle through its 32-bit pointer: the top half is ignored", () => {
    const arm32 = pair("aarch32", { arch: "arm32" });
    expect(arm32.sendv([{ addr: high(1), len: 4 }])).toBe(4);
    expect(arm32.ring(16, 4)).toEqual([1, 2, 3, 4]);
    // An arm64 Xen reads the whole 64-bit handle of the same guest's iov.
    const arm64 = pair("aarch32", { arch: "arm64" });
    expectCheck(
      arm64.h,
      arm64.sendv([{ addr: high(1), len: 4 }]),
      EFAULT,
      "argo_op.sendv.copy_buf",
    );
  });

  it("a send of fewer iovs than the last one sends only its own", () => {
    const p = pair("aarch64");
    expect(
      p.sendv([
        { addr: DATA, len: 4 },
        { addr: DATA + 10, len: 40 },
      ]),
    ).toBe(44);
    expect(r32(p.dst, RING_BASE + RING.at.tx_ptr)).toBe(64);
    expect(p.sendv([{ addr: DATA + 20, len: 5 }])).toBe(5);
    expect(p.ring(64 + 16, 8)).toEqual([21, 22, 23, 24, 25, 0, 0, 0]);
    expect(r32(p.dst, RING_BASE + RING.at.tx_ptr)).toBe(96);
  });

  it("a source that faults before the ring's end stops the copy there: nothing wraps", () => {
    // tx at 3984: the header fills the ring up to 4000, so the payload's first 32 bytes end
    // the ring and the rest would start it again. Those 32 bytes are an unmapped frame's.
    const p = pair("aarch64", { tx: 3984 });
    const hole = 0x40;
    p.src.memory.write((hole + 1) * PAGE_SIZE, new Uint8Array(100).fill(0xaa));
    expect(p.src.memory.unmap(hole)).toBe(true);
    const rc = p.sendv([{ addr: (hole + 1) * PAGE_SIZE - 32, len: 100 }]);
    expectCheck(p.h, rc, EFAULT, "argo_op.sendv.copy_buf");
    expect(p.ring(0, 68)).toEqual(new Array<number>(68).fill(0));
    expect(r32(p.dst, RING_BASE + RING.at.tx_ptr)).toBe(3984);
  });

  it("a total of exactly MAX_ARGO_MESSAGE_SIZE is a message size; one more is -EMSGSIZE", () => {
    const p = pair("aarch64");
    // Within the limit the ring is what is too small (its own check, the same errno).
    const rc = p.sendv([
      { addr: DATA, len: MAX_ARGO_MESSAGE_SIZE - 1 },
      { addr: DATA, len: 1 },
    ]);
    expectCheck(p.h, rc, EMSGSIZE, "argo_op.sendv.ring_too_small");
    const over = p.sendv([
      { addr: DATA, len: MAX_ARGO_MESSAGE_SIZE },
      { addr: DATA, len: 1 },
    ]);
    expectCheck(p.h, over, EMSGSIZE, "argo_op.sendv.total_len");
  });
});

describe("VIRQ_ARGO", () => {
  it("goes to the ring's owner when a message lands, not when a send fails", () => {
    const full = pair("aarch64", { tx: 64, rx: 96 }); // 32 bytes free: nothing fits
    expectCheck(full.h, full.sendv([{ addr: DATA, len: 1 }]), EAGAIN, "argo_op.sendv.ring_full");
    expect([...full.dst.pendingVirqs]).toEqual([]);
    putSendAddr(full.src, SEND, { aport: 3, domid: 1 }, { aport: 8, domid: 2 });
    expectCheck(
      full.h,
      full.sendv([{ addr: DATA, len: 1 }]),
      ECONNREFUSED,
      "argo_op.sendv.no_ring",
    );
    expect([...full.dst.pendingVirqs]).toEqual([]);
    const ok = pair("aarch64");
    expect(ok.sendv([{ addr: DATA, len: 1 }])).toBe(1);
    expect([...ok.dst.pendingVirqs]).toEqual([VIRQ_ARGO]);
  });

  it("wakes a sender that met a full ring only once its message fits", () => {
    const p = pair("aarch64");
    expect(p.sendv([{ addr: DATA, len: 2000 }])).toBe(2000); // tx 2016
    expectCheck(p.h, p.sendv([{ addr: DATA, len: 3000 }]), EAGAIN, "argo_op.sendv.ring_full");
    const ownerNotify = () => p.h.op(p.dst, XEN_ARGO_OP_notify, 0, 0, 0, 0);
    // The owner reads 1008 bytes: 2992 bytes of payload fit now, not 3000.
    w32(p.dst, RING_BASE + RING.at.rx_ptr, 1008);
    expect(ownerNotify()).toBe(0);
    expect([...p.src.pendingVirqs]).toEqual([]);
    // All read: 4000 fit.
    w32(p.dst, RING_BASE + RING.at.rx_ptr, 2016);
    expect(ownerNotify()).toBe(0);
    expect([...p.src.pendingVirqs]).toEqual([VIRQ_ARGO]);
  });
});

describe("memcpy_to_guest_ring's bound", () => {
  it("a copy from a ring's first page to the end of a 4096-page ring reaches exactly 16 MiB", () => {
    // The largest ring: 4096 pages, 16 MiB less its 64-byte header. With tx at 64 the
    // header ends at 80 and a payload of all but 64 bytes of the ring copies to the ring's
    // end in one piece (offset 144 in page 0, plus the rest: 16 MiB, Xen's bound, not over
    // it), then wraps for its last 16 bytes.
    const rlen = 2 ** 24 - RING.size;
    const npages = 4096;
    const mem = 17 * 2 ** 20;
    const h = argoHarness({ trace: true });
    const src = h.addDomain({ id: 1, mode: "aarch64", memory: mem });
    const dst = h.addDomain({ id: 2, mode: "aarch64", memory: mem });
    const ringGfn = 0x100;
    const base = ringGfn * PAGE_SIZE;
    w32(dst, base + RING.at.tx_ptr, 64);
    w32(dst, base + RING.at.rx_ptr, 64);
    putReg(dst, REG, 7, 1, rlen);
    putGfns(
      dst,
      0x10000,
      Array.from({ length: npages }, (_, i) => ringGfn + i),
    );
    expect(h.op(dst, XEN_ARGO_OP_register_ring, REG, 0x10000, npages, 0)).toBe(0);
    const len = rlen - 64;
    const from = 0x100000;
    const at = (i: number) => (i * 13 + 5) & 0xff;
    const payload = new Uint8Array(len);
    for (let i = 0; i < len; i++) payload[i] = at(i);
    src.memory.write(from, payload);
    putSendAddr(src, SEND, { aport: 3, domid: 1 }, { aport: 7, domid: 2 });
    putIovs(src, IOVS, [{ addr: from, len }]);
    expect(h.op(src, XEN_ARGO_OP_sendv, SEND, IOVS, 1, 0)).toBe(len);
    const tail = rlen - 80;
    const ring = (off: number, n: number) => [...dst.memory.readBytes(base + 64 + off, n)!];
    expect(ring(80, 4)).toEqual([0, 1, 2, 3].map(at));
    expect(ring(rlen - 2, 2)).toEqual([tail - 2, tail - 1].map(at));
    expect(ring(0, 16)).toEqual(Array.from({ length: 16 }, (_, i) => at(tail + i)));
    expect(r32(dst, base + RING.at.tx_ptr)).toBe(16);
  });
});
