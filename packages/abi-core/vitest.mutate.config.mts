import { defineConfig } from "vitest/config";

/** `MUTATE_TESTS=glob,glob` narrows the tests to one area's (see docs/architecture.md, "Mutation testing"). */
const only = process.env.MUTATE_TESTS?.split(",").filter((g) => g !== "");

/**
 * The tests StrykerJS runs against each mutant (stryker.config.mjs): those of the mutated code
 * (the trap entries and handlers through a booted Xen, Argo's ops, releases) and the example
 * scenarios that exercise them, not the whole suite, so a run takes hours, not days, on two cores.
 */
export default defineConfig({
  test: {
    name: "abi-core",
    root: import.meta.dirname,
    include: only ?? [
      "src/guest-tests/**/*.test.ts",
      "src/dispatch/**/*.test.ts",
      "src/hypercalls/**/*.test.ts",
      "src/machine/*.test.ts",
      "src/guest/argo.test.ts",
      "src/guest/argo-errors-coverage.test.ts",
      "src/scenario/matrix.test.ts",
    ],
    testTimeout: 60_000,
  },
});
