/**
 * `npm run coverage:checks`: which tests and example scenarios make each documented check
 * fail. Exit status 1 when a testable check has none.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { REGISTRY } from "../hypercalls/registry.js";
import { formatCoverage, uncoveredChecks } from "./checks.js";
import { repositoryCoverage } from "./collect.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../../..");
const rows = repositoryCoverage(root, REGISTRY);
process.stdout.write(formatCoverage(rows));
process.exitCode = uncoveredChecks(rows).length > 0 ? 1 : 0;
