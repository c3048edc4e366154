/**
 * `npm run fuzz -- --cases N --seed S`: deterministic register-level fuzzing of argo_op.
 * Exit 0: all invariants held; 1: a violation (the message names seed, world and step);
 * 2: bad arguments.
 */
import { InvariantViolation, fuzzArgo } from "./argo-fuzz.js";

function parseArgs(argv: readonly string[]): { cases: number; seed: number } | string {
  let cases = 100000;
  let seed = 1;
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
    } else return `unknown argument ${a} (usage: fuzz [--cases N] [--seed S])`;
  }
  return { cases, seed };
}

const args = parseArgs(process.argv.slice(2));
if (typeof args === "string") {
  console.error(`fuzz: ${args}`);
  process.exit(2);
}
const t0 = performance.now();
// eslint-disable-next-line no-restricted-syntax -- the fuzz CLI's own process, no machine
let last = t0;
try {
  const n = fuzzArgo(args.seed, args.cases, (done) => {
    const now = performance.now();
    if (now - last > 2000) {
      console.log(`fuzz: ${done}/${args.cases} cases`);
      last = now;
    }
  });
  const s = (performance.now() - t0) / 1000;
  console.log(
    `fuzz: ${n} cases, seed ${args.seed}, ${s.toFixed(1)} s, ${Math.round(n / s)} cases/s, all invariants held`,
  );
} catch (e) {
  if (e instanceof InvariantViolation) {
    console.error(`fuzz: invariant violated: ${e.message}`);
    console.error(`fuzz: reproduce with --seed ${args.seed} --cases ${args.cases}`);
    process.exit(1);
  }
  throw e;
}
