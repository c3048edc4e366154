/**
 * Messages between the page and the run worker (run.worker.ts). Live examples send code, the
 * playground sends scenario YAML; the worker answers with plain data.
 */
import type { PlaygroundRun } from "../Playground/run";
import type { MatrixView } from "../ReleaseMatrix/model";

export type RunRequest =
  | { readonly id: number; readonly kind: "code"; readonly code: string }
  | { readonly id: number; readonly kind: "scenario"; readonly text: string }
  | {
      readonly id: number;
      readonly kind: "matrix";
      readonly text: string;
      /** Releases as `xen-abi run --releases` takes them (`4.12..4.22`, `all`, a list). */
      readonly releases: string;
    };

export type RunReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly output?: string;
      readonly run?: PlaygroundRun;
      /** For a scenario: the 1-based YAML line where each step starts, in step order. */
      readonly stepLines?: readonly number[];
      /** For a matrix: the scenario under every release named. */
      readonly matrix?: MatrixView;
    }
  | {
      readonly id: number;
      readonly ok: false;
      readonly name: string;
      readonly message: string;
      /** 1-based line in the code or YAML the reader sees, when known. */
      readonly line?: number;
    };

/** Values compare as JSON, with BigInt written as decimal text. */
export function showValue(v: unknown): string {
  return (
    JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x), 2) ??
    "undefined"
  );
}

/**
 * The line of the example's own code an error was thrown from. Code runs as the body of
 * `new AsyncFunction("abi", code)`, whose source starts with two header lines
 * (`async function anonymous(abi\n) {`), so the frame's line is two more than the reader's.
 */
export function lineOfError(stack: string | undefined): number | undefined {
  const m = /<anonymous>:(\d+):\d+/.exec(stack ?? "");
  if (!m) return undefined;
  const line = Number(m[1]) - 2;
  return line >= 1 ? line : undefined;
}
