/**
 * The worker live examples and the playground run in, so that code which never returns
 * (`while (true) {}`) blocks this thread, not the page: the page stops waiting after its time
 * limit and terminates the worker (useRunner.ts).
 */
import * as abi from "@xen-abi/abi-core";
import { LineCounter, isMap, isSeq, parseDocument } from "yaml";
import { runInBrowser } from "../Playground/run";
import { matrixView } from "../ReleaseMatrix/model";
import { lineOfError, showValue, type RunReply, type RunRequest } from "./protocol";

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (
  ...args: string[]
) => (lib: unknown) => Promise<unknown>;

/** Where each step of the scenario's `steps:` list starts, 1-based. */
function stepLines(text: string): number[] {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const steps = isMap(doc.contents) ? doc.contents.get("steps", true) : undefined;
  if (!isSeq(steps)) return [];
  return steps.items.map((item) => {
    const start = (item as { range?: [number, number, number] }).range?.[0] ?? 0;
    return lc.linePos(start).line;
  });
}

async function handle(req: RunRequest): Promise<RunReply> {
  try {
    if (req.kind === "code") {
      const value = await new AsyncFunction("abi", req.code)(abi);
      return { id: req.id, ok: true, output: showValue(value) };
    }
    if (req.kind === "matrix") {
      const releases = abi.expandReleaseList(req.releases);
      if (typeof releases === "string") throw new Error(`releases: ${releases}`);
      const sc = abi.parseScenario(req.text, "scenario.yaml");
      return { id: req.id, ok: true, matrix: matrixView(abi.runMatrix(sc, releases)) };
    }
    return {
      id: req.id,
      ok: true,
      run: runInBrowser(abi, req.text),
      stepLines: stepLines(req.text),
    };
  } catch (e) {
    const err = e as Error & { line?: number };
    const line = req.kind === "code" ? lineOfError(err.stack) : err.line;
    return {
      id: req.id,
      ok: false,
      name: err.name ?? "Error",
      message: err.message ?? String(e),
      ...(line !== undefined && { line }),
    };
  }
}

self.onmessage = (e: MessageEvent<RunRequest>) => {
  void handle(e.data).then((reply) => self.postMessage(reply));
};
// abi-core is loaded: the page's time limits start from here.
self.postMessage({ ready: true });
