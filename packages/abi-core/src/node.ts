/**
 * @xen-abi/abi-core/node: the parts that need Node.js (reading scenario files). Everything
 * else is in the main entry, which is browser-safe.
 */
export { loadScenarioFile, runScenarioFile, expandScenarioPaths } from "./scenario/files.js";
export { collectEvidence, repositoryCoverage } from "./coverage/collect.js";
