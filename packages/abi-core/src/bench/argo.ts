/**
 * Argo's throughput through the whole machine: guest registers, dispatcher, do_argo_op,
 * the ring in guest pages, and the receiver's guest-side read. Called by the bench main.
 */
import { ArgoGuest, ArgoRing } from "../guest/argo.js";
import { Xen } from "../xen.js";

export interface ArgoBenchResult {
  /** 64-byte messages sent and received per second (goal: at least 1,000,000). */
  smallMessagesPerSecond: number;
  /** 64 KiB messages: bytes per second through Argo (send + receive). */
  largeBytesPerSecond: number;
  /** Uint8Array.prototype.set copying the same bytes, in the same run. */
  copyBytesPerSecond: number;
  /** largeBytesPerSecond / copyBytesPerSecond (goal: at least 0.5). */
  bandwidthRatio: number;
  /** 64 KiB messages with a receiver that reads them in place (receiveWith), no copy out. */
  inPlaceBytesPerSecond: number;
  /** inPlaceBytesPerSecond / copyBytesPerSecond. */
  inPlaceRatio: number;
  /**
   * The ratio's ceiling for a receiver that copies out: the same bytes copied twice, into a
   * ring-sized buffer at the ring's moving offsets and back out, with no hypercall at all.
   */
  twoCopyCeiling: number;
}

function setup(ringPages: number) {
  const xen = new Xen({ arch: "arm64", cmdline: "argo=1" });
  xen.createDomain({ id: 1, mode: "aarch64", memory: 4 << 20 });
  xen.createDomain({ id: 2, mode: "aarch64", memory: 4 << 20 });
  const a = new ArgoGuest(xen, 1, { scratch: 0x300000 });
  const b = new ArgoGuest(xen, 2, { scratch: 0x300000 });
  const gfns = Array.from({ length: ringPages }, (_, i) => 0x100 + i);
  const ring = b.registerRing({ aport: 1, partner: 1, gfns });
  if (!(ring instanceof ArgoRing)) throw new Error(`register_ring failed: ${ring}`);
  return { xen, a, ring };
}

/** Run for about `ms` milliseconds per measurement. */
export function benchArgo(ms = 1000): ArgoBenchResult {
  // 64-byte messages: one iov, already in the sender's memory.
  const small = setup(16);
  const data = 0x10000;
  small.a.domain.memory.write(data, new Uint8Array(64).fill(7));
  const iov = [data, 64];
  const out = new Uint8Array(64 * 1024);
  let n = 0;
  let t0 = performance.now();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 1000; i++) {
      if (small.a.sendv(2, 1, iov) !== 64) throw new Error("sendv failed");
      if (small.ring.receive(out) !== 64) throw new Error("receive failed");
    }
    n += 1000;
    t = performance.now();
  }
  const smallMessagesPerSecond = n / ((t - t0) / 1000);

  // 64 KiB messages through a 256 KiB ring.
  const large = setup(64);
  const msg = 64 * 1024;
  // The baseline's buffers sit page-aligned in one ArrayBuffer, the layout memmove copies
  // fastest here: two separate allocations can land 16-48 bytes apart modulo 4 KiB, which
  // slows `set` by about 40% (4K aliasing) and would flatter the ratio.
  const baseline = new ArrayBuffer(2 * msg);
  const src = new Uint8Array(baseline, 0, msg);
  for (let i = 0; i < msg; i++) src[i] = i & 0xff;
  const dst = new Uint8Array(baseline, msg, msg);
  large.a.domain.memory.write(data, src);
  const iovL = [data, msg];
  let bytes = 0;
  t0 = t = performance.now();
  while (t - t0 < ms) {
    for (let i = 0; i < 16; i++) {
      if (large.a.sendv(2, 1, iovL) !== msg) throw new Error("sendv failed");
      if (large.ring.receive(out) !== msg) throw new Error("receive failed");
    }
    bytes += 16 * msg;
    t = performance.now();
  }
  const largeBytesPerSecond = bytes / ((t - t0) / 1000);

  // The same messages, read in place: the consumer looks at the payload without copying it.
  let seen = 0;
  const consume = (
    bytes: Uint8Array,
    _s: number,
    end: number,
    tailStart: number,
    tailEnd: number,
  ): void => {
    seen += bytes[tailEnd > tailStart ? tailEnd - 1 : end - 1]!;
  };
  let inPlace = 0;
  t0 = t = performance.now();
  while (t - t0 < ms) {
    for (let i = 0; i < 16; i++) {
      if (large.a.sendv(2, 1, iovL) !== msg) throw new Error("sendv failed");
      if (large.ring.receiveWith(consume, out) !== msg) throw new Error("receive failed");
    }
    inPlace += 16 * msg;
    t = performance.now();
  }
  const inPlaceBytesPerSecond = inPlace / ((t - t0) / 1000);
  if (seen === 0) throw new Error("the in-place consumer saw no bytes");

  let copied = 0;
  t0 = t = performance.now();
  while (t - t0 < ms) {
    for (let i = 0; i < 64; i++) dst.set(src);
    copied += 64 * msg;
    t = performance.now();
  }
  const copyBytesPerSecond = copied / ((t - t0) / 1000);

  // Two plain copies through a buffer the size of the ring, at the offsets Argo would use.
  const ringBytes = new Uint8Array(64 * 4096);
  let off = 0;
  let twice = 0;
  t0 = t = performance.now();
  while (t - t0 < ms) {
    for (let i = 0; i < 16; i++) {
      const first = Math.min(msg, ringBytes.length - off);
      ringBytes.set(src.subarray(0, first), off);
      ringBytes.set(src.subarray(first), 0);
      dst.set(ringBytes.subarray(off, off + first));
      dst.set(ringBytes.subarray(0, msg - first), first);
      off = (off + msg + 16) % ringBytes.length;
    }
    twice += 16 * msg;
    t = performance.now();
  }
  const twoCopyBytesPerSecond = twice / ((t - t0) / 1000);
  return {
    smallMessagesPerSecond,
    largeBytesPerSecond,
    copyBytesPerSecond,
    bandwidthRatio: largeBytesPerSecond / copyBytesPerSecond,
    twoCopyCeiling: twoCopyBytesPerSecond / copyBytesPerSecond,
    inPlaceBytesPerSecond,
    inPlaceRatio: inPlaceBytesPerSecond / copyBytesPerSecond,
  };
}
