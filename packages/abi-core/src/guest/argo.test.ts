import { describe, expect, it } from "vitest";
import { EAGAIN } from "../machine/errno.js";
import { XEN_ARGO_RING_EXISTS, XEN_ARGO_RING_SUFFICIENT } from "../hypercalls/argo_op/constants.js";
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
  it("receiveWith hands payloads over in place, in two ranges when they wrap, gathering only across non-adjacent pages", () => {
    const { a, b } = pair("arm64", "aarch64", "aarch64");
    // 0x20 is touched first, so it is backed before 0x60-0x62, which sit side by side.
    b.domain.memory.write(0x20000, new Uint8Array([1]));
    const r = b.registerRing({ aport: 1, partner: 1, gfns: [0x60, 0x61, 0x62, 0x20] }) as ArgoRing;
    const ringBuffer = b.domain.memory.frame(0x60).buffer;
    const gather = new Uint8Array(8192);
    let inPlace = 0;
    let wrapped = 0;
    for (let i = 0; i < 300; i++) {
      const msg = new Uint8Array(1 + ((i * 53) % 3000)).map((_, j) => (i + j) & 0xff);
      expect(a.send(2, 1, msg, 5, i)).toBe(msg.length);
      const n = r.receiveWith((bytes, start, end, tailStart, tailEnd) => {
        if (bytes === gather)
          expect([start, end, tailStart, tailEnd]).toEqual([0, msg.length, 0, 0]);
        else {
          inPlace++;
          expect(bytes.buffer).toBe(ringBuffer);
        }
        if (tailEnd > tailStart) wrapped++;
        const joined = new Uint8Array(end - start + tailEnd - tailStart);
        joined.set(bytes.subarray(start, end));
        joined.set(bytes.subarray(tailStart, tailEnd), end - start);
        expect(joined).toEqual(msg);
      }, gather);
      expect([n, r.lastSourceDomid, r.lastSourceAport, r.lastType]).toEqual([msg.length, 1, 5, i]);
    }
    expect(r.receiveWith(() => expect.unreachable(), gather)).toBe(-1);
    expect(inPlace).toBeGreaterThan(100);
    expect(inPlace).toBeLessThan(300);
    expect(wrapped).toBeGreaterThan(0);
  });
  it("receiveWith's two ranges of a wrapping message are the ring's own pages", () => {
    const { a, b } = pair("arm64", "aarch64", "aarch64");
    const r = b.registerRing({ aport: 1, partner: 1, gfns: [0x70, 0x71] }) as ArgoRing;
    const gather = new Uint8Array(8192);
    const page0 = b.domain.memory.frame(0x70);
    expect(a.send(2, 1, new Uint8Array(5000).fill(1))).toBe(5000);
    expect(r.receiveWith(() => {}, gather)).toBe(5000);
    // rx is now 5024 of 8128: a 4000-byte message wraps after 3088 bytes.
    const msg = new Uint8Array(4000).map((_, j) => j & 0xff);
    expect(a.send(2, 1, msg)).toBe(4000);
    const seen: number[][] = [];
    r.receiveWith((bytes, start, end, tailStart, tailEnd) => {
      expect(bytes.buffer).toBe(page0.buffer);
      // Ring offset p is byte 64 + p of the ring's pages.
      seen.push([start, end, tailStart, tailEnd].map((x) => x - page0.byteOffset - 64));
      expect(bytes.subarray(start, end)).toEqual(msg.subarray(0, end - start));
      expect(bytes.subarray(tailStart, tailEnd)).toEqual(msg.subarray(end - start));
    }, gather);
    expect(seen).toEqual([[5040, 8128, 0, 4000 - (8128 - 5040)]]);
  });
  it("receiveWith gathers a wrapping payload whose tail lies in another slab", () => {
    const xen = new Xen({ arch: "arm64", cmdline: "argo=1" });
    xen.createDomain({ id: 1, mode: "aarch64" });
    xen.createDomain({ id: 2, mode: "aarch64", memory: 4 << 20 });
    const a = new ArgoGuest(xen, 1, { scratch: 0x80000 });
    const b = new ArgoGuest(xen, 2, { scratch: 0x80000 });
    // Touch pages in order until one lands in a new slab: g ends a slab, g + 1 starts one.
    const mem = b.domain.memory;
    let g = 0x40;
    while (mem.frame(g + 1).buffer === mem.frame(g).buffer) g++;
    expect(g + 1).toBeLessThan(mem.nrFrames);
    const r = b.registerRing({ aport: 1, partner: 1, gfns: [g, g + 1] }) as ArgoRing;
    const gather = new Uint8Array(8192);
    expect(a.send(2, 1, new Uint8Array(5000))).toBe(5000);
    expect(r.receiveWith(() => {}, gather)).toBe(5000);
    const msg = new Uint8Array(4000).map((_, j) => (j * 7) & 0xff);
    expect(a.send(2, 1, msg)).toBe(4000);
    let got: Uint8Array | null = null;
    expect(
      r.receiveWith((bytes, start, end, tailStart, tailEnd) => {
        expect([bytes === gather, start, end, tailStart, tailEnd]).toEqual([true, 0, 4000, 0, 0]);
        got = bytes.slice(start, end);
      }, gather),
    ).toBe(4000);
    expect(got).toEqual(msg);
  });

  it("works with a scratch area that straddles a page boundary (structs staged, then copied in)", () => {
    const xen = new Xen({ arch: "x86_64", cmdline: "argo=1" });
    xen.createDomain({ id: 1, mode: "pv32" });
    xen.createDomain({ id: 2, mode: "hvm64" });
    // 0x80f80: the struct area (0x200 bytes) runs 0x180 bytes into the next page.
    const a = new ArgoGuest(xen, 1, { scratch: 0x80f80 });
    const b = new ArgoGuest(xen, 2, { scratch: 0x80f80 });
    const r = b.registerRing({ aport: 3, partner: 1, gfns: [0x40, 0x41] }) as ArgoRing;
    expect(r).toBeInstanceOf(ArgoRing);
    const msg = new Uint8Array(300).map((_, i) => i & 0xff);
    a.domain.memory.write(0x20000, msg);
    expect(a.sendv(2, 3, [0x20000, 100, 0x20000 + 100, 200], { srcAport: 9, type: 4 })).toBe(300);
    // The compat iovs really are in the guest, past the page boundary.
    expect(a.domain.memory.readBytes(0x80f80 + 0x100 + 12, 4)).toEqual(
      new Uint8Array([100, 0x0, 0x2, 0]),
    );
    const got = r.receiveMessage();
    expect(got).toEqual({ source: { domid: 1, aport: 9 }, type: 4, data: msg });
    expect(() => a.sendv(2, 3, new Array<number>(34).fill(0))).toThrow(/at most 16 iovs/);
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
