import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "site",
    include: ["plugins/**/*.test.ts", "src/**/*.test.ts"],
  },
});
