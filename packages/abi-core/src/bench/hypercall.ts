import { Bench } from "tinybench";
import { Xen, type XenOptions } from "../xen.js";
import type { GuestMode } from "../abi/modes.js";

/**
 * A batch of register-level null hypercalls: the guest puts xen_version's number and
 * XENVER_version in its registers and executes the instruction; the whole dispatcher runs
 * (number, narrowing, handler, result, poisoning in a debug build).
 */
export function nullHypercallBatch(mode: GuestMode, opts: XenOptions, batch: number): () => void {
  const arch = mode.startsWith("aarch") ? "arm64" : "x86_64";
  const xen = new Xen({ ...opts, arch });
  const d = xen.createDomain({ id: 1, mode });
  const regs = d.vcpus[0]!.regs;
  const arm = arch === "arm64";
  const nrSlot = arm ? (mode === "aarch64" ? 16 : 12) : 0;
  const arg1Slot = arm ? 0 : mode.endsWith("64") ? 5 : 1;
  return () => {
    for (let i = 0; i < batch; i++) {
      regs.set(nrSlot, 17, 0); // __HYPERVISOR_xen_version
      regs.set(arg1Slot, 0, 0); // XENVER_version
      xen.execute(1, 0);
    }
    if (regs.lo(arm ? 0 : 0) >>> 16 !== 4) throw new Error("xen_version did not answer");
  };
}

/** One null-hypercall bench: a machine of `mode` built with `opts`, `batch` calls a run. */
export interface NullBenchSpec {
  mode: GuestMode;
  opts: XenOptions;
  batch: number;
  /** Milliseconds to measure, after 200 ms of warm-up. */
  time: number;
}

/** Hypercalls per second and the relative margin of error (%) of one NullBenchSpec. */
export interface NullBenchResult {
  perSecond: number;
  rme: number;
}

/** Runs one NullBenchSpec under tinybench (called in its own isolate by the bench main). */
export async function benchNullHypercall(spec: NullBenchSpec): Promise<NullBenchResult> {
  const bench = new Bench({ time: spec.time, warmup: true, warmupTime: 200 });
  bench.add("null", nullHypercallBatch(spec.mode, spec.opts, spec.batch));
  await bench.run();
  const r = bench.tasks[0]!.result;
  if (!r || r.state !== "completed") throw new Error(`null hypercall ${spec.mode}: ${r?.state}`);
  return { perSecond: r.throughput.mean * spec.batch, rme: r.latency.rme };
}

/** Resident memory of a machine with `n` domains of `size` bytes that touched `touch` bytes each. */
export function sparseMemoryRss(
  n: number,
  size: number,
  touch: number,
): { rssBytes: number; bufferBytes: number; frames: number } {
  globalThis.gc?.();
  const before = process.memoryUsage();
  const xen = new Xen();
  const page = new Uint8Array(4096).fill(1);
  const domains = [];
  for (let id = 1; id <= n; id++) {
    const d = xen.createDomain({ id, mode: "aarch64", memory: size });
    // Spread the touched pages over the whole guest, as a real guest's would be.
    const pages = touch / 4096;
    const stride = Math.floor(size / 4096 / pages) * 4096;
    for (let p = 0; p < pages; p++) d.memory.write(p * stride, page);
    domains.push(d);
  }
  globalThis.gc?.();
  const after = process.memoryUsage();
  // Counted after the measurement, so the machine is still alive when it is taken (the
  // collector freed part of it before, and the figure moved by 60 MiB from run to run).
  let frames = 0;
  for (const d of domains) frames += d.memory.touchedFrames;
  if (xen.state.domains.size !== n) throw new Error("sparse memory bench lost a domain");
  return {
    rssBytes: after.rss - before.rss,
    bufferBytes: after.arrayBuffers - before.arrayBuffers,
    frames,
  };
}
