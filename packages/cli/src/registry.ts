/**
 * Commands register themselves here when their module is imported, so adding a command to
 * `xen-abi` is one import line in bin.ts.
 */
import { createRequire } from "node:module";
import { Command, CommanderError } from "commander";

/** The CLI package's version (dist/registry.js -> ../package.json). */
export const VERSION: string = (
  createRequire(import.meta.url)("../package.json") as { version: string }
).version;

/** Adds one subcommand to the program. */
export type CommandDefinition = (program: Command) => void;

const definitions: CommandDefinition[] = [];

export function defineCommand(def: CommandDefinition): void {
  definitions.push(def);
}

/** Exit status for usage errors (unknown option, missing argument): "not a valid invocation". */
export const USAGE_EXIT = 2;

/** The `xen-abi` program with every registered command. */
export function buildProgram(): Command {
  const program = new Command("xen-abi")
    .description("A runnable reference for Xen's hypercall ABI")
    .version(VERSION, "-V, --version", "print the version of xen-abi")
    .showHelpAfterError()
    // Commander would exit 1 on a usage error; 1 means "an expectation failed" here.
    .exitOverride();
  for (const def of definitions) def(program);
  return program;
}

/** Parse argv and run; resolves to the process's exit status. */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : USAGE_EXIT;
    throw e;
  }
  return typeof process.exitCode === "number" ? process.exitCode : 0;
}
