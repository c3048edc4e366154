/**
 * `npm run bench`: throughput of the reference machine, printed as figures and ratios.
 * Goals: >= 10 million register-level null hypercalls per second on aarch64 debug, tracing
 * off (issue 16; issue 2 asked 5 million).
 */
import { Bench } from "tinybench";
import { sparseMemoryRss, type NullBenchResult, type NullBenchSpec } from "./hypercall.js";
import { fork } from "./fork.js";
import { extraBenches } from "./extra.js";

const BATCH = 10_000;

function fmt(n: number): string {
  return n >= 1e6
    ? `${(n / 1e6).toFixed(2)} M`
    : n >= 1e3
      ? `${(n / 1e3).toFixed(1)} k`
      : n.toFixed(0);
}

/** The null-hypercall benches, each run in an isolate of its own (fork.ts says why). */
const NULL_BENCHES: readonly [string, NullBenchSpec][] = [
  [
    "null hypercall aarch64 (debug)",
    { mode: "aarch64", opts: { debug: true }, batch: BATCH, time: 1000 },
  ],
  ["null hypercall aarch64 (release)", { mode: "aarch64", opts: {}, batch: BATCH, time: 1000 }],
  [
    "null hypercall aarch32 (debug)",
    { mode: "aarch32", opts: { debug: true }, batch: BATCH, time: 1000 },
  ],
  [
    "null hypercall pv64 (debug)",
    { mode: "pv64", opts: { debug: true }, batch: BATCH, time: 1000 },
  ],
  [
    "null hypercall aarch64 (debug, tracing)",
    { mode: "aarch64", opts: { debug: true, trace: true }, batch: BATCH / 10, time: 1000 },
  ],
];

function line(name: string, hz: number, rme: number): void {
  console.log(`${name.padEnd(44)} ${fmt(hz).padStart(10)}/s   (±${rme.toFixed(1)}%)`);
}

async function main(): Promise<void> {
  // First, while the heap is small: the figure is the growth of the process's RSS.
  const mem = sparseMemoryRss(64, 4 * 2 ** 30, 2 ** 20);
  console.log("xen-abi bench (one core, Node " + process.version + ")");
  const perSec: Record<string, number> = {};
  for (const [name, spec] of NULL_BENCHES) {
    const r = await fork<NullBenchResult>(new URL("./null-worker.js", import.meta.url), spec);
    perSec[name] = r.perSecond;
    line(name, r.perSecond, r.rme);
  }
  // The scenario benches share this isolate: they build one machine each and run the same
  // steps, as `xen-abi run` and the playground do.
  const bench = new Bench({ time: 1000, warmup: true, warmupTime: 200 });
  const extras = await extraBenches(bench);
  await bench.run();
  for (const task of bench.tasks) {
    const r = task.result;
    if (!r || r.state !== "completed") throw new Error(`${task.name}: ${r?.state ?? "no result"}`);
    const hz = r.throughput.mean * extras.perIteration[task.name]!;
    perSec[task.name] = hz;
    line(task.name, hz, r.latency.rme);
  }
  const off = perSec["null hypercall aarch64 (debug)"]!;
  const on = perSec["null hypercall aarch64 (debug, tracing)"]!;
  console.log(
    `goal: >= 10 M null hypercalls/s, aarch64 debug, tracing off: ${off >= 10e6 ? "met" : "NOT met"} (${fmt(off)}/s)`,
  );
  const ratio = off / on;
  console.log(
    `goal: tracing on costs <= 5x tracing off: ${ratio <= 5 ? "met" : "NOT met"} (${ratio.toFixed(1)}x, each in its own isolate)`,
  );
  await extras.report(perSec);
  console.log(
    `64 domains x 4 GiB touching 1 MiB each: ${mem.frames} frames backed, ArrayBuffers +${(mem.bufferBytes / 2 ** 20).toFixed(1)} MiB, RSS +${(mem.rssBytes / 2 ** 20).toFixed(1)} MiB`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
