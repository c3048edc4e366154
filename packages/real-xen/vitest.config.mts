import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "real-xen",
    include: ["src/**/*.test.ts"],
  },
});
