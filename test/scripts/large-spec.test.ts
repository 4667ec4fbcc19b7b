import { rm } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { syntheticProject } from "../../bench/lib/synthetic-project.js";
import { runPipeline } from "../../scripts/lib/pipeline.js";
import { projectLayout } from "../../scripts/lib/project.js";
import { REPO_ROOT } from "../helpers/project-copy.js";

// Timing lives in `npm run bench` (pipeline section); this only proves a real-world-sized spec
// goes through the whole pipeline.
describe("a large spec", () => {
  test("hundreds of paths and megabytes of JSON lint, generate and format", async () => {
    const { root, specBytes } = await syntheticProject(REPO_ROOT, 400);
    try {
      expect(specBytes).toBeGreaterThan(2_000_000);
      const result = await runPipeline(projectLayout(root));
      const types = result.files.find((f) => f.path.endsWith("api-types.ts"))?.content ?? "";
      expect(types).toContain('"/v1/synthetic/resources-399/{audit_id}": {');
      expect(types).toContain("export type SyntheticResource399 =");
      expect(result.problems).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});
