/**
 * `npm run fuzz -- --cases N --seed S [--hypercalls argo|bringup|all]`: deterministic
 * register-level fuzzing of argo_op (the default), of the bring-up hypercalls
 * (event_channel_op, memory_op, grant_table_op, vcpu_op, hvm_op on twin 64-/32-bit
 * machines), or of both, N cases each. Exit 0: all invariants held; 1: a violation (the message names seed, world
 * and step); 2: bad arguments.
 */
import { InvariantViolation, fuzzArgo } from "./argo-fuzz.js";
import { fuzzBringup } from "./bringup-fuzz.js";

type Target = "argo" | "bringup";

function parseArgs(
  argv: readonly string[],
): { cases: number; seed: number; targets: readonly Target[] } | string {
  let cases = 100000;
  let seed = 1;
  let targets: readonly Target[] = ["argo"];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = argv[i + 1];
    if (a === "--cases" || a === "--seed") {
      if (v === undefined || !/^\d+$/.test(v)) return `${a} needs a non-negative integer`;
      const n = Number(v);
      if (!Number.isSafeInteger(n)) return `${a} ${v} is too large`;
      if (a === "--cases") cases = n;
      else seed = n >>> 0;
      i++;
    } else if (a === "--hypercalls") {
      if (v !== "argo" && v !== "bringup" && v !== "all")
        return `--hypercalls takes argo, bringup or all (got ${v ?? "nothing"})`;
      targets = v === "all" ? ["argo", "bringup"] : [v];
      i++;
    } else
      return `unknown argument ${a} (usage: fuzz [--cases N] [--seed S] [--hypercalls argo|bringup|all])`;
  }
  return { cases, seed, targets };
}

const args = parseArgs(process.argv.slice(2));
if (typeof args === "string") {
  console.error(`fuzz: ${args}`);
  process.exit(2);
}
const RUN: Record<Target, typeof fuzzArgo> = { argo: fuzzArgo, bringup: fuzzBringup };
for (const target of args.targets) {
  const t0 = performance.now();

  let last = t0;
  try {
    const n = RUN[target](args.seed, args.cases, (done) => {
      const now = performance.now();
      if (now - last > 2000) {
        console.log(`fuzz ${target}: ${done}/${args.cases} cases`);
        last = now;
      }
    });
    const s = (performance.now() - t0) / 1000;
    console.log(
      `fuzz ${target}: ${n} cases, seed ${args.seed}, ${s.toFixed(1)} s, ${Math.round(n / s)} cases/s, all invariants held`,
    );
  } catch (e) {
    if (e instanceof InvariantViolation) {
      console.error(`fuzz ${target}: invariant violated: ${e.message}`);
      console.error(
        `fuzz: reproduce with --seed ${args.seed} --cases ${args.cases} --hypercalls ${target}`,
      );
      process.exit(1);
    }
    throw e;
  }
}
