import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

/**
 * What tests the packed tarball (installed in fresh projects, on every runtime): the slow matrix,
 * run by `npm run test:runtimes` (vitest.runtimes.config.ts), not by the inner loop.
 */
export const PACKAGE_TESTS = [
  "test/package/pack-and-consume.test.ts",
  "test/package/runtimes.test.ts",
];

// `npm test`: the inner loop. Downloads nothing and packs nothing.
export default defineConfig({
  // The examples import the package by name, as its users do (tsconfig.json maps it too).
  resolve: { alias: { "mixpeek-audit": fileURLToPath(new URL("src/index.ts", import.meta.url)) } },
  test: {
    include: ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...PACKAGE_TESTS],
    globalSetup: ["test/setup/build-cli.ts"],
    // Type-level tests (expectTypeOf, @ts-expect-error) are checked by tsc as part of the run.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
