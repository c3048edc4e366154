/**
 * `xen-abi real FILE... --xen BUILD [--release 4.17|4.20]`: run scenarios on real Xen under
 * QEMU (the builds `npm run real-xen:setup` caches), as dom0, and report as `xen-abi run`
 * does. The heavy lifting is @xen-abi/real-xen's.
 */
import {
  exitStatus,
  formatFileText,
  formatResultJson,
  formatSummary,
  ScenarioError,
  type FileOutcome,
  type ScenarioResult,
} from "@xen-abi/abi-core";
import { expandScenarioPaths } from "@xen-abi/abi-core/node";
import {
  BUILD_NAMES,
  loadBuild,
  prepare,
  prepareDom0less,
  REAL_RELEASES,
  runDom0less,
  runReal,
  type BuildName,
  type RealRelease,
} from "@xen-abi/real-xen";
import { readFileSync } from "node:fs";
import { defineCommand } from "../registry.js";

export interface RealCommandOptions {
  readonly xen: string;
  readonly release?: string;
  readonly json?: boolean;
  readonly timeLimit?: string;
  /** The scenario's domain that runs as dom0 (default: the first declared). */
  readonly domain?: string;
  /** arm64: every domain real, as a dom0less boot. */
  readonly dom0less?: boolean;
}

export interface RealOutput {
  readonly status: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

const usage = (msg: string): RealOutput => ({
  status: 2,
  stdout: "",
  stderr: `xen-abi real: ${msg}\n`,
});

export async function realCommand(
  paths: readonly string[],
  opts: RealCommandOptions,
): Promise<RealOutput> {
  if (!(BUILD_NAMES as readonly string[]).includes(opts.xen))
    return usage(`--xen takes ${BUILD_NAMES.join(", ")}, not '${opts.xen}'`);
  const release = opts.release ?? "4.20";
  if (!(REAL_RELEASES as readonly string[]).includes(release))
    return usage(`--release takes ${REAL_RELEASES.join(" or ")}, not '${release}'`);
  const limit = Number(opts.timeLimit ?? "90");
  if (!Number.isFinite(limit) || limit <= 0)
    return usage(`--time-limit takes seconds, not '${opts.timeLimit}'`);
  const pick = opts.domain === undefined ? undefined : Number(opts.domain);
  if (pick !== undefined && !(Number.isInteger(pick) && pick >= 0 && pick <= 0x7fef))
    return usage(`--domain takes a domain id (0 .. 0x7fef), not '${opts.domain}'`);
  if (pick !== undefined && opts.dom0less === true)
    return usage("--domain and --dom0less do not go together: dom0less runs every domain");
  const build = loadBuild(opts.xen as BuildName, release as RealRelease);
  if (typeof build === "string")
    return { status: 2, stdout: "", stderr: `xen-abi real: ${build}\n` };
  const outcomes: FileOutcome[] = [];
  const notes: string[] = [];
  for (const file of expandScenarioPaths(paths)) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      outcomes.push(new ScenarioError(file, "", "cannot read"));
      continue;
    }
    if (opts.dom0less === true) {
      try {
        const plan = prepareDom0less(text, file, build);
        if (plan.original.xen.arch !== build.arch || plan.cannot !== undefined) {
          outcomes.push(
            new ScenarioError(
              file,
              plan.cannot !== undefined ? "domains" : "xen.arch",
              plan.cannot ??
                `the file is for ${plan.original.xen.arch} Xen; --xen ${build.name} is ${build.arch}`,
            ),
          );
          continue;
        }
        const run = await runDom0less(plan, build, {
          timeLimitMs: limit * 1000,
          stallMs: Math.min(limit * 1000, 20_000),
        });
        for (const n of plan.notes) notes.push(`${file}: note: ${n}`);
        if (run.trouble !== undefined) notes.push(`${file}: ${run.trouble}`);
        outcomes.push(run.result);
      } catch (e) {
        outcomes.push(
          e instanceof ScenarioError ? e : new ScenarioError(file, "", (e as Error).message),
        );
      }
      continue;
    }
    try {
      const prepared = prepare(text, file, build, pick);
      if (pick !== undefined && !prepared.original.domains.some((d) => d.id === pick)) {
        outcomes.push(new ScenarioError(file, "domains", `no domain ${pick} to run as dom0`));
        continue;
      }
      if (prepared.original.xen.arch !== build.arch) {
        outcomes.push(
          new ScenarioError(
            file,
            "xen.arch",
            `the file is for ${prepared.original.xen.arch} Xen; --xen ${build.name} is ${build.arch}`,
          ),
        );
        continue;
      }
      const run = await runReal(prepared, build, limit * 1000);
      for (const n of prepared.notes) notes.push(`${file}: note: ${n}`);
      if (run.trouble !== undefined) notes.push(`${file}: ${run.trouble}`);
      outcomes.push(run.result);
    } catch (e) {
      outcomes.push(
        e instanceof ScenarioError ? e : new ScenarioError(file, "", (e as Error).message),
      );
    }
  }
  const header = `real Xen ${build.xen} ${build.name} (${build.origin})`;
  const stderr = [
    ...outcomes.filter((o): o is ScenarioError => o instanceof ScenarioError).map((e) => e.message),
    ...notes,
  ]
    .map((l) => `${l}\n`)
    .join("");
  const stdout = opts.json
    ? formatResultJson(outcomes)
    : `${header}\n` +
      outcomes
        .filter((o): o is ScenarioResult => !(o instanceof ScenarioError))
        .map((o) => `${formatFileText(o)}\n`)
        .join("") +
      `${formatSummary(outcomes)}\n`;
  return { status: exitStatus(outcomes), stdout, stderr };
}

defineCommand((program) => {
  program
    .command("real")
    .description(
      "run scenario files on real Xen under QEMU (after npm run real-xen:setup), as dom0",
    )
    .argument("<file...>", "scenario files (.yaml, .yml, .json) or directories of them")
    .requiredOption("--xen <build>", `the build: ${BUILD_NAMES.join(", ")}`)
    .option("--release <release>", `the Xen release: ${REAL_RELEASES.join(" or ")}`, "4.20")
    .option("--json", "print machine-readable results (the same shape as xen-abi run --json)")
    .option("--time-limit <seconds>", "time limit per boot", "90")
    .option("--domain <id>", "the scenario's domain that runs as dom0 (default: the first)")
    .option("--dom0less", "arm64: run every domain, domUs built by Xen at boot (dom0less)")
    .addHelpText(
      "after",
      [
        "",
        "A single-domain scenario runs as dom0: its domain id becomes 0, guest addresses move into",
        "the test guest's 4 MiB window, frame numbers become the frames Xen expects. Steps that",
        "cannot run (a second domain, an HVM guest) are reported 'skipped: <why>'. --domain picks",
        "another of the file's domains to run as dom0 (an aarch32 one runs the AArch32 guest).",
        "--dom0less (arm64) runs a file with domains 0 (or none) and 1..N with every domain real:",
        "Xen builds domUs 1..N at boot from the device tree; they take turns in the file's order.",
        "The file's xen.arch must match --xen (else exit 2).",
        "",
        "Exit status: 0 every expectation held, 1 an expectation failed, 2 bad input or no build.",
      ].join("\n"),
    )
    .action(async (files: string[], opts: RealCommandOptions) => {
      const out = await realCommand(files, opts);
      process.stdout.write(out.stdout);
      process.stderr.write(out.stderr);
      process.exitCode = out.status;
    });
});
