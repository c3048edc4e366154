import type { Bench } from "tinybench";

/** Benches other areas add (scenario steps, Argo); filled in as they land. */
export async function extraBenches(_bench: Bench): Promise<{
  perIteration: Record<string, number>;
  report: (perSec: Record<string, number>) => void;
}> {
  return { perIteration: {}, report: () => {} };
}
