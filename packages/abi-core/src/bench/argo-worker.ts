/**
 * The Argo bench in a fresh isolate, as JMH forks a JVM per benchmark: the benches before it
 * teach the JIT other domain modes and handlers, and code compiled for all of them runs the
 * Argo path slower than code compiled for it alone. Posts an ArgoBenchResult.
 */
import { parentPort, workerData } from "node:worker_threads";
import { benchArgo } from "./argo.js";

parentPort?.postMessage(benchArgo(workerData as number));
