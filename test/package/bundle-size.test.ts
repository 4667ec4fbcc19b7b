import { describe, expect, test } from "vitest";
import { BUDGETS, measureBundles } from "../../bench/lib/bundle-size.js";

// Deterministic (same esbuild, same sources): a size regression fails CI. Timings are never
// checked in tests; they live in `npm run bench`.
describe("bundle size of import { createMixpeekClient }", () => {
  test("validation adds at most 2 KiB min+gz, the client stays under its ceiling, types add nothing", async () => {
    const sizes = await measureBundles();
    const wrapper = sizes.clientWithoutValidation.gzipped - sizes.openapiFetch.gzipped;
    const validation = sizes.client.gzipped - sizes.clientWithoutValidation.gzipped;
    expect(validation).toBeLessThanOrEqual(BUDGETS.validation);
    expect(wrapper).toBeLessThanOrEqual(BUDGETS.wrapperCeiling);
    expect(sizes.client.fromGeneratedTypes).toBe(0);
    // The stub really removed the validators (else the split above would measure nothing).
    expect(validation).toBeGreaterThan(500);
  });
});
