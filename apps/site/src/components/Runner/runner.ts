/**
 * Runs requests in a Web Worker, one at a time, each with a time limit. A request that
 * outlives its limit terminates the worker (the only way to stop `while (true) {}`); the next
 * request starts a fresh one. The limit counts from when the worker has loaded abi-core, so a
 * slow first download is not taken for an endless loop.
 */
import type { RunReply, RunRequest } from "./protocol";

export const TIME_LIMIT_MS = 5000;

export type RunResult =
  RunReply | { readonly id: number; readonly timeout: true; readonly ms: number };

type Body =
  | { kind: "code"; code: string }
  | { kind: "scenario"; text: string }
  | { kind: "matrix"; text: string; releases: string };

export class WorkerRunner {
  private worker: Worker | undefined;
  private ready: Promise<Worker> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  constructor(
    private readonly spawn: () => Worker,
    private readonly limitMs = TIME_LIMIT_MS,
  ) {}

  run(body: Body): Promise<RunResult> {
    const job = this.queue.then(() => this.runNow(body));
    this.queue = job.catch(() => undefined);
    return job;
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.ready = undefined;
  }

  private start(): Promise<Worker> {
    if (this.ready) return this.ready;
    const w = this.spawn();
    this.worker = w;
    this.ready = new Promise((resolve, reject) => {
      const first = (e: MessageEvent) => {
        w.removeEventListener("message", first);
        if ((e.data as { ready?: boolean }).ready) resolve(w);
      };
      w.addEventListener("message", first);
      w.addEventListener(
        "error",
        (e) => reject(new Error(e.message || "the run worker failed to load")),
        {
          once: true,
        },
      );
    });
    return this.ready;
  }

  private async runNow(body: Body): Promise<RunResult> {
    const w = await this.start();
    const id = this.nextId++;
    return new Promise<RunResult>((resolve) => {
      const timer = setTimeout(() => {
        w.removeEventListener("message", onMessage);
        this.dispose();
        resolve({ id, timeout: true, ms: this.limitMs });
      }, this.limitMs);
      const onMessage = (e: MessageEvent<RunReply>) => {
        if (e.data.id !== id) return;
        clearTimeout(timer);
        w.removeEventListener("message", onMessage);
        resolve(e.data);
      };
      w.addEventListener("message", onMessage);
      w.postMessage({ id, ...body } as RunRequest);
    });
  }
}
