/**
 * `xen-abi propose`: scaffold a new hypercall proposal (interactively, or fully from flags),
 * lint it, and preview it: the Markdown page, the hypercall-defs.c lines, a public header
 * stub and Linux wrappers for Arm and x86. `--from FILE` previews an existing proposal.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import {
  formatMessage,
  lintExitStatus,
  previewProposal,
  scaffoldProposalYaml,
  type ScaffoldOptions,
} from "@xen-abi/guidelines";
import { defineCommand } from "../registry.js";
import { emit, type CommandOutput } from "./output.js";

export interface ProposeOptions {
  readonly name?: string;
  readonly summary?: string;
  readonly number?: string;
  readonly subop?: string[];
  readonly param?: string[];
  readonly config?: string;
  readonly from?: string;
  readonly out?: string;
  readonly show?: string;
}

const SECTIONS = ["markdown", "defs", "header", "linux-arm", "linux-x86"] as const;

export function proposeCommand(opts: ProposeOptions): CommandOutput {
  let text: string;
  let file: string;
  if (opts.from !== undefined) {
    try {
      text = readFileSync(opts.from, "utf8");
    } catch (e) {
      return { status: 2, stdout: "", stderr: `xen-abi propose: ${(e as Error).message}\n` };
    }
    file = opts.from;
  } else {
    if (opts.name === undefined)
      return {
        status: 2,
        stdout: "",
        stderr: "xen-abi propose: --name is required (or --from FILE)\n",
      };
    const number = opts.number === undefined ? undefined : Number(opts.number);
    if (number !== undefined && !Number.isInteger(number))
      return {
        status: 2,
        stdout: "",
        stderr: `xen-abi propose: --number '${opts.number}' is not an integer\n`,
      };
    const s: ScaffoldOptions = {
      name: opts.name,
      ...(opts.summary !== undefined ? { summary: opts.summary } : {}),
      ...(number !== undefined ? { number } : {}),
      ...(opts.subop !== undefined ? { subops: opts.subop } : {}),
      ...(opts.param !== undefined ? { params: opts.param } : {}),
      ...(opts.config !== undefined ? { config: opts.config } : {}),
    };
    text = scaffoldProposalYaml(s);
    file = opts.out ?? "proposal.yaml";
    if (opts.out !== undefined) writeFileSync(opts.out, text);
  }
  const preview = previewProposal(text, file);
  const stderr = preview.messages.map((m) => `${formatMessage(m)}\n`).join("");
  const status = lintExitStatus(preview.messages);
  if (!preview.proposal) return { status: 2, stdout: "", stderr };
  const parts: Record<(typeof SECTIONS)[number], string> = {
    markdown: preview.markdown!,
    defs: preview.hypercallDefs!,
    header: preview.header!,
    "linux-arm": preview.linuxArm!,
    "linux-x86": preview.linuxX86!,
  };
  const want =
    opts.show === undefined || opts.show === "all"
      ? SECTIONS
      : [opts.show as (typeof SECTIONS)[number]];
  if (!want.every((w) => SECTIONS.includes(w)))
    return {
      status: 2,
      stdout: "",
      stderr: `xen-abi propose: --show must be one of all, ${SECTIONS.join(", ")}\n`,
    };
  const head =
    opts.from === undefined && opts.out === undefined ? `==== proposal.yaml\n${text}\n` : "";
  const stdout = head + want.map((w) => `==== ${w}\n${parts[w].trimEnd()}\n`).join("\n");
  return { status, stdout, stderr };
}

async function ask(opts: ProposeOptions): Promise<ProposeOptions> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const name = (
      await rl.question("Hypercall name (without __HYPERVISOR_, e.g. frob_op): ")
    ).trim();
    const summary = (await rl.question("One line: what is it for? ")).trim();
    const number = (
      await rl.question("Number (an unused one: 11, 43-47; empty to leave open): ")
    ).trim();
    const subops = (await rl.question("Sub-op names, comma-separated (e.g. query,set): ")).trim();
    const params = (
      await rl.question(
        'Arguments after cmd as name:type, comma-separated (default "arg:void *"): ',
      )
    ).trim();
    const split = (s: string) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean);
    return {
      ...opts,
      name,
      ...(summary ? { summary } : {}),
      ...(number ? { number } : {}),
      ...(subops ? { subop: split(subops) } : {}),
      ...(params ? { param: split(params) } : {}),
    };
  } finally {
    rl.close();
  }
}

const collect = (v: string, prev: string[] = []) => [...prev, v];

defineCommand((program) => {
  program
    .command("propose")
    .description(
      "scaffold, lint and preview a new hypercall proposal (interactive without --name/--from)",
    )
    .option("--name <name>", "hypercall name without __HYPERVISOR_")
    .option("--summary <text>", "one line: what it is for")
    .option("--number <n>", "hypercall number asked for")
    .option("--subop <name>", "a sub-op name (repeatable)", collect)
    .option(
      "--param <name:type>",
      "an argument after cmd (repeatable), e.g. 'count:unsigned long'",
      collect,
    )
    .option("--config <CONFIG_X>", "CONFIG_ option guarding it")
    .option("--from <file>", "lint and preview an existing proposal file instead")
    .option("--out <file>", "write the scaffolded proposal YAML to a file")
    .option("--show <section>", `what to preview: all, ${SECTIONS.join(", ")}`, "all")
    .addHelpText(
      "after",
      "\nExit status: 0 the proposal follows the rules, 2 it does not (or it is invalid).",
    )
    .action(async (opts: ProposeOptions) => {
      const o =
        opts.name === undefined && opts.from === undefined && process.stdin.isTTY
          ? await ask(opts)
          : opts;
      emit(proposeCommand(o));
    });
});
