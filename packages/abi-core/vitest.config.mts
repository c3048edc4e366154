import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "abi-core",
    include: ["src/**/*.test.ts"],
  },
});
