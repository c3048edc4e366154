import { defineConfig } from "vitest/config";

/**
 * The tests StrykerJS runs against each mutant (stryker.config.mjs): those of the mutated code
 * (the trap entries and handlers through a booted Xen, Argo's ops, releases) and the example
 * scenarios that exercise them, not the whole suite, so a run fits in an hour on two cores.
 */
export default defineConfig({
  test: {
    name: "abi-core",
    root: import.meta.dirname,
    include: [
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
