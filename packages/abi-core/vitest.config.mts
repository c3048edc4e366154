import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "abi-core",
    include: ["src/**/*.test.ts"],
    // Correctness only: on a loaded shared machine spawning the CLI or a long property run can
    // take far beyond vitest's 5 s default. Speed goals live in `npm run bench`.
    testTimeout: 60_000,
  },
});
