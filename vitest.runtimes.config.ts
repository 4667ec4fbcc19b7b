import { defineConfig } from "vitest/config";
import { PACKAGE_TESTS } from "./vitest.config.js";

// `npm run test:runtimes`: the package as npm would publish it, installed in fresh projects and
// run on every runtime the README names (downloaded once into node_modules/.cache/runtimes).
export default defineConfig({
  test: {
    include: PACKAGE_TESTS,
    globalSetup: ["test/setup/pack.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
});
