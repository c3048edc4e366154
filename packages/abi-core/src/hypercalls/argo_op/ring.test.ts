/**
 * ring.ts against Xen's arithmetic (xen/common/argo.c: ringbuf_payload_space,
 * ringbuf_insert, memcpy_to_guest_ring): the payload space at every tx/rx position, the
 * message that just fits and the one that just does not, and which of the ring's pages a
 * send writes (its write notes, counted when the guest's memory tracks writes).
 */
import { describe, expect, it } from "vitest";
import { EAGAIN, EFAULT, EMSGSIZE } from "../../machine/errno.js";
import { PAGE_SIZE } from "../../machine/memory.js";
import {
  XEN_ARGO_OP_notify,
  XEN_ARGO_OP_register_ring,
  XEN_ARGO_OP_sendv,
  XEN_ARGO_RING_EMPTY,
  XEN_ARGO_RING_EMSGSIZE,
  XEN_ARGO_RING_EXISTS,
  XEN_ARGO_RING_SUFFICIENT,
} from "./constants.js";
import { RING } from "./layouts.js";
import { ringbufPayloadSpace, sanitizedRxPtr } from "./ring.js";
import { argoOf, findRingInfo, type RingInfo } from "./state.js";
import { argoHarness, type ArgoHarness } from "./testing.js";
import { expectCheck } from "./test-helpers.js";
import {
  entFlags,
  putGfns,
  putIovs,
  putReg,
  putRingData,
  putSendAddr,
  r32,
  w32,
} from "./test-guest.js";
import type { Domain } from "../../machine/domain.js";

const REG = 0x1000;
const GFNS = 0x1100;
const SEND = 0x1200;
const IOVS = 0x1300;
const RD = 0x1400;
/** The sender's payload: 3 pages, so a message of up to 12 KiB comes from one iov. */
const DATA = 0x8000;
const RING_GFN = 0x20;
const RING_BASE = RING_GFN * PAGE_SIZE;
/** Three pages: the 64-byte xen_argo_ring_t, then 8 KiB of ring (page 1 holds ring bytes 4032..8127). */
const LEN = 2 * PAGE_SIZE;
const NPAGES = 3;

interface World {
  readonly h: ArgoHarness;
  readonly src: Domain;
  readonly dst: Domain;
  readonly ring: RingInfo;
}

/**
 * Domain 2 registers an 8 KiB ring for domain 1, its guest-written tx_ptr and rx_ptr at `tx`
 * and `rx` (Xen keeps a tx_ptr that is a slot inside the ring), counting writes to its memory.
 */
function world(tx: number, rx = tx): World {
  const h = argoHarness({ trace: true });
  const src = h.addDomain({ id: 1, mode: "aarch64" });
  const dst = h.addDomain({ id: 2, mode: "aarch64" });
  dst.memory.trackWrites();
  w32(dst, RING_BASE + RING.at.rx_ptr, rx);
  w32(dst, RING_BASE + RING.at.tx_ptr, tx);
  putReg(dst, REG, 7, 1, LEN);
  putGfns(
    dst,
    GFNS,
    Array.from({ length: NPAGES }, (_, i) => RING_GFN + i),
  );
  expect(h.op(dst, XEN_ARGO_OP_register_ring, REG, GFNS, NPAGES, 0)).toBe(0);
  const ring = findRingInfo(argoOf(dst)!, 7, 2, 1)!;
  expect(ring.txPtr).toBe(tx);
  putSendAddr(src, SEND, { aport: 3, domid: 1 }, { aport: 7, domid: 2 });
  const payload = Uint8Array.from({ length: 3 * PAGE_SIZE }, (_, i) => (i * 7 + 1) & 0xff);
  src.memory.write(DATA, payload);
  return { h, src, dst, ring };
}

/** The gfns of `d` whose write count changes while `fn` runs. */
function dirtied(d: Domain, fn: () => void): number[] {
  const n = d.memory.nrFrames;
  const before = Array.from({ length: n }, (_, g) => d.memory.writeVersion(g));
  fn();
  return before.flatMap((v, g) => (d.memory.writeVersion(g) !== v ? [g] : []));
}

/** sendv of one iov: its result and the receiver's gfns it wrote. */
function send(w: World, iovs: readonly { addr: number; len: number }[]) {
  putIovs(w.src, IOVS, iovs);
  let rc = 0;
  const pages = dirtied(w.dst, () => {
    rc = w.h.op(w.src, XEN_ARGO_OP_sendv, SEND, IOVS, iovs.length, 0);
  });
  return { rc, pages };
}

/** The gfn holding ring byte `t` (the ring starts 64 bytes into its first page). */
const gfnOf = (t: number) => RING_GFN + ((t + RING.size) >>> 12);

/**
 * The gfns Xen writes delivering `len` payload bytes at tx, from argo.c's layout: the
 * 16-byte header at tx, the payload after it wrapping at the ring's end (a header that ends
 * the ring starts the payload at 0), and tx_ptr in the ring header on the first page.
 * `published`: false when the send failed after the header (tx_ptr stays).
 */
function xenWrites(tx: number, len: number, published = true): number[] {
  const pages = new Set<number>(published ? [RING_GFN] : []);
  for (let i = 0; i < 16; i++) pages.add(gfnOf(tx + i));
  const start = (tx + 16) % LEN;
  for (let i = 0; i < len; i++) pages.add(gfnOf((start + i) % LEN));
  return [...pages].sort((a, b) => a - b);
}

describe("ringbuf_insert's write notes (GuestMemory.trackWrites)", () => {
  it.each([
    // tx, payload bytes: what it shows
    [4032, 100, "header and payload on page 1: page 0 changes only by tx_ptr"],
    [4032, 4080, "payload ending on page 1's last byte: page 2 untouched"],
    [4032, 4081, "one byte more: page 2 too"],
    [3984, 40, "header on page 0, payload from page 0's last 16 bytes into page 1"],
    [8128, 100, "header at page 2, payload wrapping to ring byte 0 (page 0): page 1 untouched"],
    [8128, 48 + 4032 + 10, "payload wrapping on past page 0 into page 1"],
    [8176, 4032, "header in the last slot: the payload starts at 0 and fills page 0's ring"],
    [0, 8000, "from the start, one message over all three pages"],
    [8128, 40, "a payload ending inside the last slot: tx_ptr wraps to 0"],
  ])("tx %i, %i bytes: %s", (tx, len) => {
    const w = world(tx);
    const r = send(w, [{ addr: DATA, len }]);
    expect(r.rc).toBe(len);
    expect(r.pages).toEqual(xenWrites(tx, len));
    expect(r32(w.dst, RING_BASE + RING.at.tx_ptr)).toBe((tx + 16 + Math.ceil(len / 16) * 16) % LEN);
  });

  it("several iovs, an empty one among them, split over pages and the ring's end", () => {
    const w = world(8096);
    const r = send(w, [
      { addr: DATA, len: 50 },
      { addr: DATA + 100, len: 0 },
      { addr: DATA + 200, len: 4000 },
    ]);
    expect(r.rc).toBe(4050);
    expect(r.pages).toEqual(xenWrites(8096, 4050));
  });

  it("a full ring writes nothing; a source that runs off the guest writes what it reached", () => {
    const full = world(4032, 4064); // 32 bytes free: not even an empty message fits
    const none = send(full, [{ addr: DATA, len: 1 }]);
    expectCheck(full.h, none.rc, EAGAIN, "argo_op.sendv.ring_full");
    expect(none.pages).toEqual([]);

    // The iov's last 10 bytes lie inside the guest: header and those 10 bytes land on
    // page 1, tx_ptr is not published (page 0 untouched).
    const w = world(4032);
    const end = w.src.memory.size;
    const cut = send(w, [{ addr: end - 10, len: 100 }]);
    expectCheck(w.h, cut.rc, EFAULT, "argo_op.sendv.copy_buf");
    expect(cut.pages).toEqual(xenWrites(4032, 10, false));
    expect(w.ring.txPtr).toBe(4032);
  });
});

/**
 * argo.c ringbuf_payload_space, said another way: the bytes from tx forward to the
 * sanitised rx (the whole ring when they are equal), less a header and the slot kept free.
 * get_sanitized_ring: rx_ptr rounded up to a slot as an unsigned int, 0 when past the end.
 */
function xenSpace(len: number, tx: number, rxRaw: number): number {
  const up = (rxRaw + 15) % 2 ** 32;
  let rx = up - (up % 16);
  if (rx >= len) rx = 0;
  const gap = ((rx - tx + len - 1) % len) + 1;
  return Math.max(0, gap - 16 - 16);
}

describe("ringbuf_payload_space", () => {
  it("at every slot of tx and rx, and rx_ptr values Xen must round or wrap", () => {
    const w = world(0);
    const slots = LEN / 16;
    const raws = (slot: number) => [slot * 16, slot * 16 + 1, slot * 16 + 15];
    const setRx = (raw: number) => w32(w.dst, RING_BASE + RING.at.rx_ptr, raw);
    let checked = 0;
    // tx at the first and last slots, at page 1's first, and every 31st between.
    const txSlots = [...Array.from({ length: 17 }, (_, i) => i * 31), 252, slots - 1];
    for (const t of txSlots) {
      for (let s = 0; s < slots; s++) {
        for (const raw of [
          ...raws(s),
          ...(s === 0 ? [LEN, LEN + 1, 0xffffffff, 0xfffffff1] : []),
        ]) {
          w.ring.txPtr = t * 16;
          setRx(raw);
          expect(ringbufPayloadSpace(w.ring), `tx ${t * 16} rx_ptr ${raw}`).toBe(
            xenSpace(LEN, t * 16, raw),
          );
          checked++;
        }
      }
    }
    expect(checked).toBe(txSlots.length * (slots * 3 + 4));
    // The edges by value. Free bytes run from tx forward to rx: the whole ring when empty,
    // all but a slot when rx is one slot behind tx, none worth a message up to three slots.
    w.ring.txPtr = 4032;
    setRx(4032);
    expect(ringbufPayloadSpace(w.ring)).toBe(LEN - 32);
    setRx(4016);
    expect(ringbufPayloadSpace(w.ring)).toBe(LEN - 48);
    setRx(4048);
    expect(ringbufPayloadSpace(w.ring)).toBe(0);
    setRx(4064);
    expect(ringbufPayloadSpace(w.ring)).toBe(0);
    setRx(4080);
    expect(ringbufPayloadSpace(w.ring)).toBe(16);
    w.ring.txPtr = 8176;
    setRx(16);
    expect(ringbufPayloadSpace(w.ring)).toBe(0);
    setRx(64);
    expect(ringbufPayloadSpace(w.ring)).toBe(48);
  });

  it("sanitises rx_ptr as get_sanitized_ring does: up to a slot, 0 at or past the end", () => {
    const w = world(0);
    const rx = (raw: number) => {
      w32(w.dst, RING_BASE + RING.at.rx_ptr, raw);
      return sanitizedRxPtr(w.ring);
    };
    expect([8160, 8161, 8176, 8177, LEN, LEN + 16, 0xfffffff1].map(rx)).toEqual([
      8160, 8176, 8176, 0, 0, 0, 0,
    ]);
  });

  it("is 0 for a ring whose pages are not all mapped (get_sanitized_ring fails)", () => {
    const w = world(0);
    w.ring.txPtr = 4032;
    const half: RingInfo = {
      ...w.ring,
      map: { ...w.ring.map, frames: w.ring.map.frames.slice(0, 2) },
    };
    expect(ringbufPayloadSpace(half)).toBe(0);
    expect(ringbufPayloadSpace({ ...w.ring, len: 0 })).toBe(0);
  });

  // [tx, rx]: empty, rx ahead of tx, rx behind tx (the free space wraps), rx at 0, tx in the last slot.
  const positions = [
    [4032, 4032],
    [4032, 6000],
    [6000 - (6000 % 16), 1000],
    [4096, 0],
    [8176, 512],
    [16, 4000],
  ] as const;

  it.each(positions)(
    "tx %i rx %i: a payload of exactly the space is sent, one byte more is not",
    (tx, rx) => {
      const space = xenSpace(LEN, tx, rx);
      expect(space).toBeGreaterThan(0);
      const fits = world(tx, rx);
      expect(ringbufPayloadSpace(fits.ring)).toBe(space);
      expect(send(fits, [{ addr: DATA, len: space }]).rc).toBe(space);
      // On an empty ring one byte more is more than any message may be (the slot kept free).
      const over = world(tx, rx);
      const rc = send(over, [{ addr: DATA, len: space + 1 }]).rc;
      if (tx === rx) expectCheck(over.h, rc, EMSGSIZE, "argo_op.sendv.ring_too_small");
      else expectCheck(over.h, rc, EAGAIN, "argo_op.sendv.ring_full");
    },
  );

  it.each(positions)(
    "tx %i rx %i: notify says SUFFICIENT for exactly the space, EMPTY when tx = rx",
    (tx, rx) => {
      const space = xenSpace(LEN, tx, rx);
      const flags = (required: number) => {
        const w = world(tx, rx);
        putRingData(w.src, RD, [{ aport: 7, domid: 2, spaceRequired: required }]);
        expect(w.h.op(w.src, XEN_ARGO_OP_notify, RD, 0, 0, 0)).toBe(0);
        return entFlags(w.src, RD, 0);
      };
      const empty = tx === rx ? XEN_ARGO_RING_EMPTY : 0;
      expect(flags(space)).toBe(XEN_ARGO_RING_EXISTS | XEN_ARGO_RING_SUFFICIENT | empty);
      // More than the space: the sender waits, or on an empty ring it never fits.
      const tooBig = tx === rx ? XEN_ARGO_RING_EMSGSIZE : 0;
      expect(flags(space + 1)).toBe(XEN_ARGO_RING_EXISTS | tooBig | empty);
    },
  );
});
