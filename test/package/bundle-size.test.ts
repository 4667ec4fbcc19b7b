import { describe, expect, test } from "vitest";
import { BUDGETS, measureBundles } from "../../bench/lib/bundle-size.js";

// Deterministic (same esbuild, same sources): a size regression fails CI. Timings are never
// checked in tests; they live in `npm run bench`.
describe("bundle size of import { createMixpeekClient }", () => {
  test("the client with its validators adds at most 7 KiB min+gz to openapi-fetch, validation at most 2 KiB, types nothing", async () => {
    const sizes = await measureBundles();
    const client = sizes.client.gzipped - sizes.openapiFetch.gzipped;
    const validation = sizes.client.gzipped - sizes.clientWithoutValidation.gzipped;
    expect(validation).toBeLessThanOrEqual(BUDGETS.validation);
    expect(client).toBeLessThanOrEqual(BUDGETS.clientOverOpenapiFetch);
    expect(sizes.client.fromGeneratedTypes).toBe(0);
    // The stub really removed the validators (else the split above would measure nothing).
    expect(validation).toBeGreaterThan(500);
  });
});
