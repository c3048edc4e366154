/**
 * Register-level random testing of the bring-up hypercalls (event_channel_op, memory_op,
 * grant_table_op, vcpu_op, hvm_op) on twin machines, one with 64-bit guests and one with
 * their 32-bit counterpart: every request runs on both, the answers must agree (compat and
 * native on the same logical request; one world in four adds garbage calls and compares
 * nothing), and after every call Xen must have written only where the guest granted or asked,
 * left events pending only on bound ports (bringup-check.ts) and kept what the guest
 * registered where it registered it (bringup-vcpu-ops.ts).
 */
import { Allowed, BringupCheck } from "./bringup-check.js";
import { drawReq, issueOnTwins } from "./bringup-ops.js";
import { TWINS, Twin } from "./bringup-world.js";
import { Rng } from "./rng.js";
import { InvariantViolation } from "./violation.js";

/** Steps per pair of twins before fresh ones boot. */
const WORLD_STEPS = 500;

/** Run `cases` requests from `seed`; returns the requests run (each on both twins). */
export function fuzzBringup(
  seed: number,
  cases: number,
  onProgress?: (done: number) => void,
): number {
  let done = 0;
  let world = 0;
  while (done < cases) {
    const rng = new Rng((seed + Math.imul(world, 0x85ebca6b) + 0x632be5ab) >>> 0);
    const [arch, m64, m32] = rng.pick(TWINS);
    const release = rng.chance(0.1) ? "4.17" : "4.22";
    const twins = [new Twin(arch, m64, release), new Twin(arch, m32, release)] as const;
    const checks = [new BringupCheck(twins[0].xen), new BringupCheck(twins[1].xen)] as const;
    const allowed = new Allowed();
    // One world in four also issues garbage; its twins are not compared.
    const hostile = rng.chance(0.25);
    const n = Math.min(WORLD_STEPS, cases - done);
    for (let i = 0; i < n; i++) {
      try {
        issueOnTwins(twins, checks, drawReq(rng, hostile), allowed);
      } catch (e) {
        const what = e instanceof Error ? e.message : String(e);
        throw new InvariantViolation(
          `bring-up seed ${seed} world ${world} (${m64}/${m32}, ${release}) step ${i} (case ${done + i}): ${what}`,
        );
      }
    }
    done += n;
    world++;
    onProgress?.(done);
  }
  return done;
}
