/**
 * `npm run bench`: throughput of the reference machine, printed as figures and ratios.
 * Goals (issue 2): >= 5 million register-level null hypercalls per second, tracing off.
 */
import { Bench } from "tinybench";
import { nullHypercallBatch, sparseMemoryRss } from "./hypercall.js";
import { extraBenches } from "./extra.js";

const BATCH = 10_000;

function fmt(n: number): string {
  return n >= 1e6
    ? `${(n / 1e6).toFixed(2)} M`
    : n >= 1e3
      ? `${(n / 1e3).toFixed(1)} k`
      : n.toFixed(0);
}

async function main(): Promise<void> {
  const bench = new Bench({ time: 1000, warmup: true, warmupTime: 200 });
  bench.add(
    "null hypercall aarch64 (debug)",
    nullHypercallBatch("aarch64", { debug: true }, BATCH),
  );
  bench.add("null hypercall aarch64 (release)", nullHypercallBatch("aarch64", {}, BATCH));
  bench.add(
    "null hypercall aarch32 (debug)",
    nullHypercallBatch("aarch32", { debug: true }, BATCH),
  );
  bench.add("null hypercall pv64 (debug)", nullHypercallBatch("pv64", { debug: true }, BATCH));
  bench.add(
    "null hypercall aarch64 (debug, tracing)",
    nullHypercallBatch("aarch64", { debug: true, trace: true }, BATCH / 10),
  );
  // First, while the heap is small: the figure is the growth of the process's RSS.
  const mem = sparseMemoryRss(64, 4 * 2 ** 30, 2 ** 20);
  const extras = await extraBenches(bench);
  console.log("xen-abi bench (one core, Node " + process.version + ")");
  await bench.run();
  const perSec: Record<string, number> = {};
  for (const task of bench.tasks) {
    const r = task.result;
    if (!r || r.state !== "completed") throw new Error(`${task.name}: ${r?.state ?? "no result"}`);
    const per =
      extras.perIteration[task.name] ?? (task.name.includes("tracing") ? BATCH / 10 : BATCH);
    const hz = r.throughput.mean * per;
    perSec[task.name] = hz;
    console.log(
      `${task.name.padEnd(44)} ${fmt(hz).padStart(10)}/s   (±${r.latency.rme.toFixed(1)}%)`,
    );
  }
  const off = perSec["null hypercall aarch64 (debug)"]!;
  const on = perSec["null hypercall aarch64 (debug, tracing)"]!;
  console.log(
    `goal: >= 5 M null hypercalls/s with tracing off: ${off >= 5e6 ? "met" : "NOT met"} (${fmt(off)}/s)`,
  );
  const ratio = off / on;
  console.log(
    `goal: tracing on costs <= 5x tracing off: ${ratio <= 5 ? "met" : "NOT met"} (${ratio.toFixed(1)}x, same run)`,
  );
  await extras.report(perSec);
  console.log(
    `64 domains x 4 GiB touching 1 MiB each: ${mem.frames} frames backed, RSS +${(mem.rssBytes / 2 ** 20).toFixed(1)} MiB`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
