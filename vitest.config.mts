import { defineConfig } from "vitest/config";

// Each package owns its config; the root only lists them (toolchain.md: the .mts matters).
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/site"],
  },
});
