import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fastApiSpec } from "../../bench/synthetic-spec.js";
import { main as generate } from "../../scripts/generate.js";
import { fullProjectCopy, runSpecUpdate, type FullProject } from "../helpers/full-project.js";
import { REPO_ROOT } from "../helpers/project-copy.js";
import { captureIo } from "../helpers/script-io.js";

/** What a GitHub pull-request body holds. */
const PR_BODY_LIMIT = 65_536;
/** Operations left without a summary: lint problems the baseline has to take in. */
const UNSUMMARISED = 40;

// The bump a maintainer runs on Mixpeek's full document: 4 MB, hundreds of paths, FastAPI's
// `Foo-Input` names, upstream lint problems, and (here) an older info.version than the vendored
// spec's. Made once; the same project is refused, then updated, then checked.
let project: FullProject;
let work: string;
let source: string;
beforeAll(async () => {
  const spec = await fastApiSpec(REPO_ROOT);
  const info = spec.info as { version: string };
  info.version = "0.80";
  const paths = spec.paths as Record<string, Record<string, { summary?: string }>>;
  for (const item of Object.values(paths).slice(-UNSUMMARISED)) delete item.put?.summary;
  work = await mkdtemp(path.join(tmpdir(), "mixpeek-fastapi-"));
  source = path.join(work, "mixpeek-full.json");
  await writeFile(source, JSON.stringify(spec, null, 2));
  project = await fullProjectCopy();
}, 60_000);
afterAll(async () => {
  await project?.remove();
  await rm(work, { recursive: true, force: true });
});

describe("spec:update with a Mixpeek-sized FastAPI document", () => {
  test("an older document is refused as a downgrade, with nothing changed", async () => {
    const before = await project.snapshot();
    const refused = await runSpecUpdate(
      project,
      source,
      "--accept-lint-baseline",
      "--allow-breaking",
    );
    expect(refused.code).toBe(1);
    expect(refused.io.lastError()).toMatch(/downgrade from Mixpeek API 0\.82 to Mixpeek API 0\.80/);
    expect(await project.snapshot()).toEqual(before);
  }, 60_000);

  test("with the flags it applies; the report fits a PR body; check:generated is then clean", async () => {
    const reportFile = path.join(work, "spec-bump.md");
    const applied = await runSpecUpdate(
      project,
      source,
      "--accept-lint-baseline",
      "--allow-breaking",
      "--allow-downgrade",
      "--report",
      reportFile,
    );
    expect(applied.io.err.filter((line) => /error/i.test(line))).toEqual([]);
    expect(applied.code).toBe(0);
    const report = await readFile(reportFile, "utf8");
    expect(report.length).toBeLessThan(PR_BODY_LIMIT);
    expect(report).toContain("Outcome: applied");
    // src/ and test/ compiled against the new types in staging before anything was applied.
    expect(report).toMatch(/## Type-check of src\/ and test\/ against the new types\n\nPassed\./);
    // The full list lives in the companion file and the baseline, not in the PR body.
    const full = await readFile(reportFile.replace(/\.md$/, ".full.md"), "utf8");
    expect(full.length).toBeGreaterThan(report.length);
    const baseline = await readFile(
      path.join(project.layout.root, "openapi/.redocly.lint-ignore.yaml"),
      "utf8",
    );
    expect(baseline.match(/^ {4}- '#\/paths\//gm)).toHaveLength(UNSUMMARISED);

    const types = await readFile(path.join(project.layout.generatedDir, "api-types.ts"), "utf8");
    expect(types).toContain(
      'export type Resource0Input = components["schemas"]["Resource0-Input"];',
    );
    const check = captureIo();
    expect(await generate(["--check", "--root", project.layout.root], check)).toBe(0);
  }, 180_000);
});
