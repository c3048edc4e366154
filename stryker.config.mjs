/**
 * Mutation testing of abi-core's dispatch, narrowing, continuation, release and Argo code
 * (issue 12): `npm run mutate`, opt-in, not in CI (slow: run it niced, alone). Incremental: a
 * rerun tests only mutants whose code or tests changed (reports/stryker-incremental.json).
 * The score per area is recorded in docs/architecture.md ("Mutation testing").
 */
export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "packages/abi-core/vitest.mutate.config.mts", related: false },
  coverageAnalysis: "perTest",
  // The code issue 12 names: the trap entries, narrowing, call_handlers, poisoning, multicall,
  // continuations, release profiles, and Argo's ops (not its constants, layouts and state).
  mutate: [
    "packages/abi-core/src/dispatch/{arm,x86,narrow,call-handlers,poison,multicall,multicall-entry}.ts",
    "packages/abi-core/src/hypercalls/continuation.ts",
    "packages/abi-core/src/machine/release.ts",
    "packages/abi-core/src/hypercalls/argo_op/{op,sendv,ring,register-ring,unregister-ring,notify,pending}.ts",
  ],
  ignorePatterns: [
    "apps",
    "packages/real-xen",
    "packages/cli",
    "packages/guidelines",
    "**/dist",
    "**/.turbo",
    "reports",
    ".ci",
  ],
  incremental: true,
  incrementalFile: "reports/stryker-incremental.json",
  concurrency: 1,
  // The first run of the tests, on a loaded shared machine, takes minutes.
  dryRunTimeoutMinutes: 30,
  // Mutants that loop forever are timeouts (killed); the default extra 5 s is enough here.
  timeoutMS: 5000,
  reporters: ["clear-text", "progress", "json", "html"],
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
