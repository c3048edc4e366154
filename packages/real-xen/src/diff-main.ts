/**
 * `npm run diff:xen`: every example scenario, every probe in examples/real-xen/ and every
 * scenario in the docs, on each real build that fits and on the machine; prints the agreement
 * rate per build, writes a report per scenario and step, and regenerates the docs page
 * docs/checked-against-real-xen.md.
 *
 *   npm run diff:xen -- [--build arm64-release] [--release 4.17] [--smoke] [--jobs 2] [--dom0less]
 *
 * --dom0less also runs, on the arm64 builds, each scenario with several domains as a dom0less
 * boot (dom0less.ts): every domain real, taking turns in the file's order (`file#dom0less`).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { join } from "node:path";
import { BUILD_NAMES, cacheDir, loadBuild, REAL_RELEASES, type RealBuild } from "./builds.js";
import { compareRun, type ScenarioComparison } from "./diff.js";
import { renderDocsPage, summarise, type BuildSummary } from "./diff-report.js";
import { planBoots, prepare, runPlan, type BootPlan, type Prepared } from "./run-real.js";
import { prepareDom0less, type Dom0lessPlan } from "./dom0less.js";
import { compareDom0less, runDom0less } from "./dom0less-run.js";

interface Source {
  readonly file: string;
  readonly text: string;
  /** The domain that runs as dom0 (default: the first declared). */
  readonly pick?: number;
}

/**
 * A scenario whose later domains run a guest mode its first does not (a pv32 domain beside a
 * pv64 one, say) is run once more with each such domain as dom0: `file@domain`.
 */
function withOtherModes(src: Source): Source[] {
  let doc: { domains?: { id?: unknown; mode?: unknown }[] };
  try {
    doc = parseYaml(src.text) as typeof doc;
  } catch {
    return [src];
  }
  const domains = Array.isArray(doc?.domains) ? doc.domains : [];
  const seen = new Set([String(domains[0]?.mode)]);
  const out = [src];
  for (const d of domains.slice(1)) {
    const mode = String(d?.mode);
    if (seen.has(mode) || typeof d?.id !== "number") continue;
    seen.add(mode);
    out.push({ ...src, file: `${src.file}@${d.id}`, pick: d.id });
  }
  return out;
}

/** The smoke subset CI runs: quick, and on the release builds only. */
const SMOKE = [
  "examples/real-xen/x86_64-xen-version.yaml",
  "examples/real-xen/arm64-xen-version.yaml",
  "examples/real-xen/arm64-psci.yaml",
  "examples/real-xen/arm64-aarch32-xen-version.yaml",
];

function sources(root: string): Source[] {
  const out: Source[] = [];
  for (const dir of ["examples/scenarios", "examples/real-xen"])
    for (const n of readdirSync(join(root, dir))
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .sort())
      out.push({ file: `${dir}/${n}`, text: readFileSync(join(root, dir, n), "utf8") });
  // Scenarios in the docs: each ```yaml block with steps.
  for (const n of readdirSync(join(root, "docs"))
    .filter((f) => /\.mdx?$/.test(f))
    .sort()) {
    const text = readFileSync(join(root, "docs", n), "utf8");
    let i = 0;
    for (const m of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
      i++;
      if (/^steps:/m.test(m[1] ?? "") && /^domains:/m.test(m[1] ?? ""))
        out.push({ file: `docs/${n}#${i}`, text: m[1] ?? "" });
    }
  }
  return out.flatMap(withOtherModes);
}

/** The page as the repository's Prettier would write it (when Prettier is installed). */
async function formatted(text: string, file: string): Promise<string> {
  try {
    const prettier = (await import("prettier")) as {
      format(t: string, o: { filepath: string }): Promise<string>;
    };
    return await prettier.format(text, { filepath: file });
  } catch {
    return text;
  }
}

async function pool<T>(items: readonly T[], jobs: number, fn: (t: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, jobs) }, async () => {
      while (next < items.length) await fn(items[next++] as T);
    }),
  );
}

async function main(argv: readonly string[]): Promise<number> {
  const arg = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const smoke = argv.includes("--smoke");
  const withDom0less = argv.includes("--dom0less");
  if (argv.includes("--from-report")) {
    // Re-render the docs page from the last run's report (after editing explanations).
    const root0 = process.cwd();
    const r = JSON.parse(readFileSync(join(cacheDir(), "diff-report", "report.json"), "utf8")) as {
      results: ScenarioComparison[];
      summaries: BuildSummary[];
    };
    const builds0 = r.summaries.map((s) =>
      loadBuild(
        s.build as (typeof BUILD_NAMES)[number],
        s.release as (typeof REAL_RELEASES)[number],
      ),
    );
    const real0 = builds0.filter((b): b is RealBuild => typeof b !== "string");
    const sums = real0.map((b) => summarise(b, r.results));
    const sums0less = real0.map((b) => summarise(b, r.results, true));
    const file = join(root0, "docs", "checked-against-real-xen.md");
    writeFileSync(file, await formatted(renderDocsPage(sums, r.results, sums0less), file));
    for (const s of sums)
      process.stdout.write(
        `diff:xen: ${s.release} ${s.build} ${s.agree}/${s.compared} agree (${s.rate}), ${s.differ} differ (${s.unexplained} unexplained), ${s.skipped} skipped\n`,
      );
    return 0;
  }
  const jobs = Number(arg("--jobs") ?? "2");
  if (!Number.isInteger(jobs) || jobs < 1) {
    process.stderr.write(
      `diff:xen: --jobs takes a whole number of QEMUs at once, not '${arg("--jobs")}'\n`,
    );
    return 2;
  }
  const limits = { timeLimitMs: 120_000, stallMs: 20_000 };
  const root = process.cwd();
  const wantBuilds =
    arg("--build")?.split(",") ?? (smoke ? ["x86_64-release", "arm64-release"] : [...BUILD_NAMES]);
  const wantReleases = arg("--release")?.split(",") ?? [...REAL_RELEASES];
  const builds: RealBuild[] = [];
  const missing: string[] = [];
  for (const rel of wantReleases)
    for (const name of wantBuilds) {
      if (
        !(BUILD_NAMES as readonly string[]).includes(name) ||
        !(REAL_RELEASES as readonly string[]).includes(rel)
      ) {
        process.stderr.write(`diff:xen: unknown build ${rel} ${name}\n`);
        return 2;
      }
      const b = loadBuild(
        name as (typeof BUILD_NAMES)[number],
        rel as (typeof REAL_RELEASES)[number],
      );
      if (typeof b === "string") missing.push(b);
      else builds.push(b);
    }
  for (const m of missing) process.stderr.write(`diff:xen: ${m}\n`);
  if (builds.length === 0) return 1;
  const all = sources(root).filter((s) => !smoke || SMOKE.includes(s.file));
  const started = Date.now();
  const plans: BootPlan[] = [];
  const dom0less: [RealBuild, Dom0lessPlan][] = [];
  const invalid: string[] = [];
  for (const build of builds) {
    const mine: Prepared[] = [];
    for (const src of all) {
      try {
        const p = prepare(src.text, src.file, build, src.pick);
        if (p.original.xen.arch === build.arch) mine.push(p);
      } catch (e) {
        if (build === builds[0]) invalid.push(`${src.file}: ${(e as Error).message}`);
      }
    }
    plans.push(...planBoots(build, mine));
    if (withDom0less && build.arch === "arm64")
      for (const src of all) {
        if (src.pick !== undefined) continue;
        try {
          const p = prepareDom0less(src.text, src.file, build);
          if (p.cannot === undefined && p.original.xen.arch === "arm64") dom0less.push([build, p]);
        } catch {
          // invalid files are reported once, above
        }
      }
  }
  // Longest first, so the two QEMUs finish together: debug x86 boots are the slow ones.
  const weight = (p: BootPlan) =>
    p.items.length === 0 || p.vcpus === 0 ? 0 : p.build.arch === "x86_64" && p.build.debug ? 3 : 1;
  plans.sort((a, b) => weight(b) - weight(a));
  const results: ScenarioComparison[] = [];
  let failed = 0;
  let boots = 0;
  await pool(plans, jobs, async (plan) => {
    const { build } = plan;
    try {
      const outcome = await runPlan(plan, limits);
      boots += outcome.boots;
      let agree = 0;
      let differ = 0;
      for (const run of outcome.runs) {
        const c = compareRun(run, build);
        results.push(c);
        agree += c.steps.filter((s) => s.verdict.kind === "agree").length;
        differ += c.steps.filter((s) => s.verdict.kind === "differ").length;
        if (run.trouble !== undefined)
          process.stdout.write(
            `diff:xen: ${build.release} ${build.name} ${run.result.file}: ${run.trouble}\n`,
          );
      }
      if (outcome.boots > 0)
        process.stdout.write(
          `diff:xen: ${build.release} ${build.name}: ${plan.items.length} scenario(s) in ${outcome.boots} boot(s), ${agree} agree, ${differ} differ (${outcome.seconds.toFixed(1)} s)\n`,
        );
    } catch (e) {
      failed++;
      process.stderr.write(
        `diff:xen: ${build.release} ${build.name} ${plan.items.map((i) => i.prepared.original.file).join(", ")}: ${(e as Error).message}\n`,
      );
    }
  });
  await pool(dom0less, jobs, async ([build, plan]) => {
    try {
      const run = await runDom0less(plan, build, limits);
      boots++;
      const c = compareDom0less(run, build);
      results.push(c);
      const agree = c.steps.filter((s) => s.verdict.kind === "agree").length;
      const differ = c.steps.filter((s) => s.verdict.kind === "differ").length;
      process.stdout.write(
        `diff:xen: ${build.release} ${build.name} ${c.file}: ${agree} agree, ${differ} differ (${run.seconds.toFixed(1)} s)${run.trouble !== undefined ? `: ${run.trouble}` : ""}\n`,
      );
    } catch (e) {
      failed++;
      process.stderr.write(
        `diff:xen: ${build.release} ${build.name} ${plan.original.file}#dom0less: ${(e as Error).message}\n`,
      );
    }
  });
  for (const i of invalid) process.stderr.write(`diff:xen: not a valid scenario, left out: ${i}\n`);
  const summaries: BuildSummary[] = builds.map((b) => summarise(b, results));
  const dom0lessSummaries = builds.map((b) => summarise(b, results, true));
  const outDir = join(cacheDir(), "diff-report");
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, "report.json"),
    `${JSON.stringify({ summaries, results }, null, 2)}\n`,
  );
  if (!smoke) {
    const file = join(root, "docs", "checked-against-real-xen.md");
    writeFileSync(
      file,
      await formatted(renderDocsPage(summaries, results, dom0lessSummaries), file),
    );
  }
  process.stdout.write(`\n`);
  for (const s of summaries)
    process.stdout.write(
      `diff:xen: ${s.release} ${s.build.padEnd(14)} Xen ${s.xen.padEnd(7)} ${s.agree}/${s.compared} steps agree (${s.rate}), ${s.differ} differ (${s.unexplained} unexplained), ${s.skipped} skipped\n`,
    );
  for (const s of dom0lessSummaries.filter((x) => x.scenarios > 0))
    process.stdout.write(
      `diff:xen: ${s.release} ${s.build.padEnd(14)} dom0less   ${s.agree}/${s.compared} steps agree (${s.rate}), ${s.differ} differ (${s.unexplained} unexplained), ${s.skipped} skipped\n`,
    );
  process.stdout.write(
    `diff:xen: ${boots} QEMU boots, ${jobs} at a time; whole run ${((Date.now() - started) / 1000).toFixed(0)} s; report in ${outDir}/report.json\n`,
  );
  return failed > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (s) => (process.exitCode = s),
  (e: unknown) => {
    process.stderr.write(`diff:xen: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
