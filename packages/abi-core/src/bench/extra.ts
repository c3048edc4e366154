import type { Bench } from "tinybench";
import { parseScenario } from "../scenario/parse.js";
import { runScenario } from "../scenario/run.js";
import { fork } from "./fork.js";
import type { ArgoBenchResult } from "./argo.js";

/** A scenario of `n` xen_version hypercall steps, each with an expectation to check. */
function scenarioText(n: number): string {
  const step = `  - op: hypercall\n    domain: 1\n    regs: { x16: 17, x0: 0 }\n    expect: { ret: "0x40016" }\n`;
  return `xen: { arch: arm64, release: "4.22", debug: true }\ndomains:\n  - { id: 1, mode: aarch64 }\nsteps:\n${step.repeat(n)}`;
}

const STEPS = 1000;
const TRACED_STEPS = "scenario steps (parsed once, run, tracing)";
const READ_STEPS = "scenario steps (… tracing, steps read, not shown)";

/** Benches other areas add: scenario steps, then Argo (measured on its own clock). */
export async function extraBenches(bench: Bench): Promise<{
  perIteration: Record<string, number>;
  report: (perSec: Record<string, number>) => Promise<void>;
}> {
  const scenario = parseScenario(scenarioText(STEPS), "bench.yaml");
  bench.add("scenario steps (parsed once, run)", () => {
    const r = runScenario(scenario);
    if (!r.ok) throw new Error("bench scenario failed");
  });
  // As the playground runs it: tracing on, the report not rendered.
  bench.add(TRACED_STEPS, () => {
    const r = runScenario(scenario, { trace: true });
    if (!r.ok) throw new Error("bench scenario failed");
  });
  // The same, reading the steps: each gets its (lazily formatted) regs and trace fields.
  bench.add(READ_STEPS, () => {
    const r = runScenario(scenario, { trace: true });
    if (!r.ok || r.steps.length !== STEPS) throw new Error("bench scenario failed");
  });
  return {
    perIteration: {
      "scenario steps (parsed once, run)": STEPS,
      [TRACED_STEPS]: STEPS,
      [READ_STEPS]: STEPS,
    },
    report: async (perSec) => {
      const steps = perSec[TRACED_STEPS]!;
      console.log(
        `goal: >= 500 k scenario steps/s with tracing on (parsed once, report not rendered): ${steps >= 5e5 ? "met" : "NOT met"} (${(steps / 1e3).toFixed(1)} k/s)`,
      );
      const a = await fork<ArgoBenchResult>(new URL("./argo-worker.js", import.meta.url), 1000);
      const f = (n: number) => `${(n / 1e6).toFixed(2)} M`;
      console.log(
        `argo 64-byte messages sent+received via registers ${f(a.smallMessagesPerSecond).padStart(10)}/s   goal >= 1 M: ${a.smallMessagesPerSecond >= 1e6 ? "met" : "NOT met"}`,
      );
      console.log(
        `argo 64 KiB messages read in place (receiveWith): ${(a.inPlaceBytesPerSecond / 1e9).toFixed(2)} GB/s vs Uint8Array.set ${(a.copyBytesPerSecond / 1e9).toFixed(2)} GB/s: ratio ${a.inPlaceRatio.toFixed(2)}   goal >= 0.5: ${a.inPlaceRatio >= 0.5 ? "met" : "NOT met"}`,
      );
      console.log(
        `argo 64 KiB messages copied out (receive): ${(a.largeBytesPerSecond / 1e9).toFixed(2)} GB/s: ratio ${a.bandwidthRatio.toFixed(2)} (a second copy per message; two plain copies through a ring-sized buffer reach ${a.twoCopyCeiling.toFixed(2)})`,
      );
    },
  };
}
