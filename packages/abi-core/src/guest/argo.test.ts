import { describe, expect, it } from "vitest";
import { EAGAIN } from "../machine/errno.js";
import { XEN_ARGO_RING_EXISTS, XEN_ARGO_RING_SUFFICIENT } from "../argo/constants.js";
import { Xen } from "../xen.js";
import { ArgoGuest, ArgoRing } from "./argo.js";
import type { GuestMode, XenArch } from "../abi/modes.js";

function pair(arch: XenArch, modeA: GuestMode, modeB: GuestMode) {
  const xen = new Xen({ arch, cmdline: "argo=1,mac-permissive=1" });
  xen.createDomain({ id: 1, mode: modeA });
  xen.createDomain({ id: 2, mode: modeB });
  const a = new ArgoGuest(xen, 1, { scratch: 0x80000 });
  const b = new ArgoGuest(xen, 2, { scratch: 0x80000 });
  return { xen, a, b };
}

describe.each([
  ["arm64", "aarch64", "aarch32"],
  ["arm32", "aarch32", "aarch32"],
  ["x86_64", "pv32", "hvm64"],
  ["x86_64", "pv64", "hvm32"],
] as const)("guest library on %s (%s -> %s)", (arch, ma, mb) => {
  it("sends and receives through registers, with the true source and exact bytes", () => {
    const { xen, a, b } = pair(arch, ma, mb);
    const ring = b.registerRing({ aport: 10, partner: 1, gfns: [0x30, 0x12, 0x41] });
    expect(ring).toBeInstanceOf(ArgoRing);
    const r = ring as ArgoRing;
    const out = new Uint8Array(4096);
    const msg = new Uint8Array(100).map((_, i) => i);
    expect(a.send(2, 10, msg, 77, 0xabc)).toBe(100);
    expect(xen.takeVirqs(2)).toEqual([11]);
    expect(r.receive(out)).toBe(100);
    expect([...out.subarray(0, 100)]).toEqual([...msg]);
    expect([r.lastSourceDomid, r.lastSourceAport, r.lastType]).toEqual([1, 77, 0xabc]);
    expect(r.receive(out)).toBe(-1);
  });
});

describe("guest library flow control", () => {
  it("wraps messages across the ring end and non-contiguous pages", () => {
    const { a, b } = pair("arm64", "aarch64", "aarch64");
    const r = b.registerRing({ aport: 1, partner: 1, gfns: [0x50, 0x20] }) as ArgoRing;
    const out = new Uint8Array(8192);
    let seq = 0;
    for (let i = 0; i < 200; i++) {
      const msg = new Uint8Array(1 + ((i * 37) % 1500)).fill(seq & 0xff);
      expect(a.send(2, 1, msg)).toBe(msg.length);
      const n = r.receive(out);
      expect(n).toBe(msg.length);
      expect(out.subarray(0, n).every((x) => x === (seq & 0xff))).toBe(true);
      seq++;
    }
  });
  it("receiveWith hands payloads over in place, in two views when they wrap, gathering only across non-adjacent pages", () => {
    const { a, b } = pair("arm64", "aarch64", "aarch64");
    // 0x20 is touched first, so it is backed before 0x60-0x62, which sit side by side.
    b.domain.memory.write(0x20000, new Uint8Array([1]));
    const r = b.registerRing({ aport: 1, partner: 1, gfns: [0x60, 0x61, 0x62, 0x20] }) as ArgoRing;
    const gather = new Uint8Array(8192);
    let inPlace = 0;
    let wrapped = 0;
    for (let i = 0; i < 300; i++) {
      const msg = new Uint8Array(1 + ((i * 53) % 3000)).map((_, j) => (i + j) & 0xff);
      expect(a.send(2, 1, msg, 5, i)).toBe(msg.length);
      const n = r.receiveWith((head, tail) => {
        if (head.buffer !== gather.buffer) inPlace++;
        if (tail !== null) {
          wrapped++;
          expect(tail.buffer).toBe(head.buffer);
          const joined = new Uint8Array(head.length + tail.length);
          joined.set(head);
          joined.set(tail, head.length);
          expect(joined).toEqual(msg);
        } else expect(head).toEqual(msg);
      }, gather);
      expect([n, r.lastSourceDomid, r.lastSourceAport, r.lastType]).toEqual([msg.length, 1, 5, i]);
    }
    expect(r.receiveWith(() => expect.unreachable(), gather)).toBe(-1);
    expect(inPlace).toBeGreaterThan(100);
    expect(inPlace).toBeLessThan(300);
    expect(wrapped).toBeGreaterThan(0);
  });
  it("receiveWith's two views of a wrapping message are both in the ring's own pages", () => {
    const { a, b } = pair("arm64", "aarch64", "aarch64");
    const r = b.registerRing({ aport: 1, partner: 1, gfns: [0x70, 0x71] }) as ArgoRing;
    const gather = new Uint8Array(8192);
    const ringBytes = b.domain.memory.frame(0x70).buffer;
    expect(a.send(2, 1, new Uint8Array(5000).fill(1))).toBe(5000);
    expect(r.receiveWith(() => {}, gather)).toBe(5000);
    // rx is now 5024 of 8128: a 4000-byte message wraps after 3088 bytes.
    const msg = new Uint8Array(4000).map((_, j) => j & 0xff);
    expect(a.send(2, 1, msg)).toBe(4000);
    const seen: [number, number | null][] = [];
    r.receiveWith((head, tail) => {
      expect(head.buffer).toBe(ringBytes);
      seen.push([head.length, tail?.length ?? null]);
      expect(head).toEqual(msg.subarray(0, head.length));
      expect(tail).toEqual(msg.subarray(head.length));
    }, gather);
    expect(seen).toEqual([[8128 - 5024 - 16, 4000 - (8128 - 5024 - 16)]]);
  });

  it("-EAGAIN on a full ring; the owner's notify wakes the sender; the sender's notify then sees room", () => {
    const { xen, a, b } = pair("arm64", "aarch64", "aarch64");
    const r = b.registerRing({ aport: 1, partner: 1, gfns: [0x50], len: 256 }) as ArgoRing;
    const msg = new Uint8Array(100);
    expect(a.send(2, 1, msg)).toBe(100);
    expect(a.send(2, 1, msg)).toBe(-EAGAIN);
    xen.takeVirqs(1);
    expect(r.receive(new Uint8Array(256))).toBe(100);
    expect(b.notify().rc).toBe(0);
    expect(xen.takeVirqs(1)).toEqual([11]);
    const { rc, results } = a.notify([{ domid: 2, aport: 1, spaceRequired: 100 }]);
    expect(rc).toBe(0);
    expect(results[0]!.flags & (XEN_ARGO_RING_EXISTS | XEN_ARGO_RING_SUFFICIENT)).toBe(
      XEN_ARGO_RING_EXISTS | XEN_ARGO_RING_SUFFICIENT,
    );
    expect(results[0]!.maxMessageSize).toBe(224);
    expect(a.send(2, 1, msg)).toBe(100);
  });
  it("4.12 returned the requeue result (0) for a full ring", () => {
    const xen = new Xen({ release: "4.12", cmdline: "argo=1" });
    xen.createDomain({ id: 1, mode: "aarch64" });
    xen.createDomain({ id: 2, mode: "aarch64" });
    const a = new ArgoGuest(xen, 1, { scratch: 0x80000 });
    const b = new ArgoGuest(xen, 2, { scratch: 0x80000 });
    b.registerRing({ aport: 1, partner: 1, gfns: [0x50], len: 256 });
    expect(a.send(2, 1, new Uint8Array(100))).toBe(100);
    expect(a.send(2, 1, new Uint8Array(100))).toBe(0);
  });
});
