/**
 * Argo's throughput through the whole machine: guest registers, dispatcher, do_argo_op,
 * the ring in guest pages, and the receiver's guest-side read. Called by the bench main.
 */
import { ArgoGuest, ArgoRing } from "../guest/argo.js";
import { Xen } from "../xen.js";

export interface ArgoBenchResult {
  /** 64-byte messages sent and received per second (goal: at least 1,000,000). */
  smallMessagesPerSecond: number;
  /** 64 KiB messages, each copied out by the receiver (receive): bytes per second. */
  largeBytesPerSecond: number;
  /** Uint8Array.prototype.set copying the same bytes, interleaved with the Argo runs. */
  copyBytesPerSecond: number;
  /** largeBytesPerSecond / copyBytesPerSecond. */
  bandwidthRatio: number;
  /**
   * 64 KiB messages read in place by the receiver (receiveWith), as a driver reads its own
   * ring: Xen's copy into the ring is the only one. Bytes per second.
   */
  inPlaceBytesPerSecond: number;
  /** inPlaceBytesPerSecond / copyBytesPerSecond (goal: at least 0.5). */
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

/** A workload run in rounds: `run()` does `units` of work (bytes or messages) per call. */
interface Workload {
  readonly units: number;
  readonly run: () => void;
  /** Accumulated over the rounds. */
  time: number;
  done: number;
}

function workload(units: number, run: () => void): Workload {
  return { units, run, time: 0, done: 0 };
}

/**
 * Run the workloads in turn, a short slice each, round after round, for about `ms` in all:
 * a change in the host's speed (another tenant, a frequency step) then weighs on all of them
 * alike instead of on whichever ran at the time, and the ratios between them stay fair.
 */
function interleaved(ms: number, workloads: readonly Workload[]): void {
  const end = performance.now() + ms;
  do {
    for (const w of workloads) {
      const t0 = performance.now();
      w.run();
      w.time += performance.now() - t0;
      w.done += w.units;
    }
  } while (performance.now() < end);
}

/** Units per second of a workload run by `interleaved`. */
function rate(w: Workload): number {
  return w.done / (w.time / 1000);
}

/** Run for about `ms` milliseconds per measurement. */
export function benchArgo(ms = 1000): ArgoBenchResult {
  // 64-byte messages: one iov, already in the sender's memory.
  const small = setup(16);
  const data = 0x10000;
  small.a.domain.memory.write(data, new Uint8Array(64).fill(7));
  const iov = [data, 64];
  const out = new Uint8Array(64 * 1024);
  const smallMessages = workload(1000, () => {
    for (let i = 0; i < 1000; i++) {
      if (small.a.sendv(2, 1, iov) !== 64) throw new Error("sendv failed");
      if (small.ring.receive(out) !== 64) throw new Error("receive failed");
    }
  });
  interleaved(ms, [smallMessages]);

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
  // Slices of a few hundred microseconds: long enough that the caches each workload warms
  // stay warm, short enough for many rounds.
  const BATCH = 256;
  const copyOut = workload(BATCH * msg, () => {
    for (let i = 0; i < BATCH; i++) {
      if (large.a.sendv(2, 1, iovL) !== msg) throw new Error("sendv failed");
      if (large.ring.receive(out) !== msg) throw new Error("receive failed");
    }
  });
  // The same messages, read in place: the consumer looks at the payload without copying it.
  let seen = 0;
  const consume = (
    bytes: Uint8Array,
    _start: number,
    end: number,
    tailStart: number,
    tailEnd: number,
  ): void => {
    seen += bytes[tailEnd > tailStart ? tailEnd - 1 : end - 1]!;
  };
  const inPlace = workload(BATCH * msg, () => {
    for (let i = 0; i < BATCH; i++) {
      if (large.a.sendv(2, 1, iovL) !== msg) throw new Error("sendv failed");
      if (large.ring.receiveWith(consume, out) !== msg) throw new Error("receive failed");
    }
  });
  const copy = workload(BATCH * msg, () => {
    for (let i = 0; i < BATCH; i++) dst.set(src);
  });
  // Two plain copies through a buffer the size of the ring, at the offsets Argo would use.
  const ringBytes = new Uint8Array(64 * 4096);
  let off = 0;
  const twice = workload(BATCH * msg, () => {
    for (let i = 0; i < BATCH; i++) {
      const first = Math.min(msg, ringBytes.length - off);
      ringBytes.set(src.subarray(0, first), off);
      ringBytes.set(src.subarray(first), 0);
      dst.set(ringBytes.subarray(off, off + first));
      dst.set(ringBytes.subarray(0, msg - first), first);
      off = (off + msg + 16) % ringBytes.length;
    }
  });
  interleaved(3 * ms, [copy, inPlace, copyOut, twice]);
  if (seen === 0) throw new Error("the in-place consumer saw no bytes");
  const copyBytesPerSecond = rate(copy);
  return {
    smallMessagesPerSecond: rate(smallMessages),
    largeBytesPerSecond: rate(copyOut),
    copyBytesPerSecond,
    bandwidthRatio: rate(copyOut) / copyBytesPerSecond,
    twoCopyCeiling: rate(twice) / copyBytesPerSecond,
    inPlaceBytesPerSecond: rate(inPlace),
    inPlaceRatio: rate(inPlace) / copyBytesPerSecond,
  };
}
