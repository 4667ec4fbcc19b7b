import { defineConfig } from "vitest/config";

// The tests Stryker runs against mutants of scripts/lib/spec-diff.ts and change-report.ts
// (spec-diff.config.json): the unit tests of the diff, the report and what reads them.
export default defineConfig({
  test: {
    include: [
      "test/scripts/spec-diff.test.ts",
      "test/scripts/change-report.test.ts",
      "test/scripts/version-advice.test.ts",
      "test/scripts/changelog.test.ts",
      "test/scripts/bump-decision.test.ts",
    ],
    testTimeout: 30_000,
  },
});
