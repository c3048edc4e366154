/** One null-hypercall bench in a fresh isolate (fork.ts says why). Posts a NullBenchResult. */
import { parentPort, workerData } from "node:worker_threads";
import { benchNullHypercall, type NullBenchSpec } from "./hypercall.js";

parentPort?.postMessage(await benchNullHypercall(workerData as NullBenchSpec));
