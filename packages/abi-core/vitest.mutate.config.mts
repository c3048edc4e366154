import { defineConfig } from "vitest/config";

/**
 * abi-core's tests as StrykerJS runs them (stryker.config.mjs): all but those that test the
 * repository rather than the machine (lint, packing, the coverage report's scan of the tree).
 */
export default defineConfig({
  test: {
    name: "abi-core",
    root: import.meta.dirname,
    include: ["src/**/*.test.ts"],
    exclude: [
      "src/layering.test.ts",
      "src/package-files.test.ts",
      "src/coverage/checks.test.ts",
      "src/bench/**",
    ],
    testTimeout: 60_000,
  },
});
