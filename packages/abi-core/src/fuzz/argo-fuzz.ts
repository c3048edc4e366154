/**
 * Register-level random testing of argo_op: random domains of every mode, random and hostile
 * hypercalls issued through registers, and after every call the guarantees of Xen's Argo
 * design (docs/designs/argo.pandoc) are checked:
 *  - Xen wrote only into the part of a ring its indexes marked free (plus the ring's tx_ptr
 *    field and notify's answers in the caller's ring_data), never elsewhere in any memory
 *    (write-check.ts);
 *  - every message a receiver reads has the exact length, the true sender and type, and the
 *    bytes sent, in order (message-check.ts);
 *  - nothing throws.
 * The world and its model of the rings are in world.ts, the random operations in ops.ts.
 */
import type { Xen } from "../xen.js";
import { ArgoOps } from "./ops.js";
import { InvariantViolation } from "./violation.js";
import { FuzzWorld } from "./world.js";
import { WriteCheck } from "./write-check.js";

export { InvariantViolation } from "./violation.js";

/** One fuzzing world: a machine, its guests and the model of what their rings should hold. */
export class ArgoFuzzer {
  readonly xen: Xen;
  private readonly world: FuzzWorld;
  private readonly ops: ArgoOps;
  steps = 0;

  constructor(seed: number) {
    this.world = new FuzzWorld(seed);
    this.xen = this.world.xen;
    this.ops = new ArgoOps(this.world, new WriteCheck(this.xen));
  }

  /** Run one random action; throws InvariantViolation on a broken guarantee. */
  step(): void {
    this.steps++;
    const { rng, guests } = this.world;
    const ops = this.ops;
    const ids = this.world.domids();
    const id = rng.pick(ids);
    const g = guests.get(id)!;
    const r = rng.int(100);
    if (r < 18) ops.register(g);
    else if (r < 55) ops.sendv(g);
    else if (r < 70) ops.receive(g);
    else if (r < 78) ops.notify(g);
    else if (r < 82) ops.unregister(g);
    else if (r < 92) ops.raw(g);
    else if (r < 96) ops.hostileRx(g);
    else if (r < 97 && ids.length > 1) ops.destroyRecreate(id);
    else ops.receive(g);
  }
}

/** Run `cases` steps from `seed`, in worlds of 500 steps each; returns the steps run. */
export function fuzzArgo(seed: number, cases: number, onProgress?: (done: number) => void): number {
  let done = 0;
  let world = 0;
  while (done < cases) {
    const f = new ArgoFuzzer((seed + Math.imul(world, 0x9e3779b1)) >>> 0);
    const n = Math.min(500, cases - done);
    for (let i = 0; i < n; i++) {
      try {
        f.step();
      } catch (e) {
        const what = e instanceof Error ? e.message : String(e);
        throw new InvariantViolation(
          `seed ${seed} world ${world} step ${i} (case ${done + i}): ${what}`,
        );
      }
    }
    done += n;
    world++;
    onProgress?.(done);
  }
  return done;
}
