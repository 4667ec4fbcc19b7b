import { rm } from "node:fs/promises";
import { describe, expect, test } from "vitest";
import { syntheticProject } from "../../bench/lib/synthetic-project.js";
import { FASTAPI_SHAPE, fastApiSpec } from "../../bench/synthetic-spec.js";
import { runPipeline } from "../../scripts/lib/pipeline.js";
import { projectLayout } from "../../scripts/lib/project.js";
import { REPO_ROOT } from "../helpers/project-copy.js";
import { typeErrors } from "../helpers/typecheck-source.js";

// Timing lives in `npm run bench` (pipeline-big section); this only proves a document of
// Mixpeek's full size, with FastAPI's schema names, goes through the whole pipeline.
describe("a large FastAPI-shaped spec", () => {
  test("4 MB, 300 paths, 800 schemas named like `Resource0-Input`: lint, generate, compile", async () => {
    const { root, specBytes } = await syntheticProject(REPO_ROOT, await fastApiSpec(REPO_ROOT));
    try {
      expect(specBytes).toBeGreaterThan(4_000_000);
      const warnings: string[] = [];
      const result = await runPipeline(projectLayout(root), { onWarning: (w) => warnings.push(w) });
      expect(Object.keys(result.spec.openapi.components?.schemas ?? {})).toHaveLength(
        FASTAPI_SHAPE.schemas,
      );
      const types = String(result.files.find((f) => f.path.endsWith("api-types.ts"))?.content);
      expect(types).toContain('"/v1/resources-299/{resource_id}": {');
      expect(types).toContain(
        'export type Resource299Output = components["schemas"]["Resource299-Output"];',
      );
      expect(result.problems).toEqual([]);
      expect(warnings).toEqual([]);
      expect(typeErrors(types)).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, 120_000);
});
