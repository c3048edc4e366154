import { Worker } from "node:worker_threads";

/**
 * Runs a bench module in a fresh isolate and resolves with the one message it posts, as JMH
 * forks a JVM per benchmark: in a shared isolate the benches before a task teach the JIT
 * other domain modes and machines, and the task's figure then depends on the order (measured:
 * aarch64's null hypercall gave 17.0 M/s alone and 9-16 M/s after the other tasks' machines
 * were built, in both 9e87524 and later builds).
 */
export function fork<T>(module: URL, data: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const w = new Worker(module, { workerData: data });
    let result: T | undefined;
    w.once("message", (r: T) => (result = r));
    w.once("error", reject);
    // Resolve once the worker is gone, so its heap does not count in an RSS measured next.
    w.once("exit", (code) =>
      result !== undefined
        ? resolve(result)
        : reject(new Error(`bench worker ${module.pathname} exited with ${code}`)),
    );
  });
}
