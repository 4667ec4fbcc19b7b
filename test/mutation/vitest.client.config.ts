import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The tests Stryker runs against mutants of src/ (client.config.json). Tests that run the client
// in a child process are left out: Stryker switches mutants on inside the test process only, so
// there every mutant would look survived.
export default defineConfig({
  // As in vitest.config.ts: the examples import the package by name.
  resolve: {
    alias: { "mixpeek-audit": fileURLToPath(new URL("../../src/index.ts", import.meta.url)) },
  },
  test: {
    include: ["test/client/**/*.test.ts"],
    exclude: ["test/client/cli.test.ts", "test/client/process-exit.test.ts"],
    testTimeout: 30_000,
  },
});
