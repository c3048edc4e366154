/** The Argo bench in a fresh isolate (fork.ts says why). Posts an ArgoBenchResult. */
import { parentPort, workerData } from "node:worker_threads";
import { benchArgo } from "./argo.js";

parentPort?.postMessage(benchArgo(workerData as number));
