import { readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { FileToWrite } from "./atomic-write.js";
import { staleOutputs } from "./drift.js";
import { baselinePath, renderBaseline } from "./lint-baseline.js";
import type { LintProblem } from "./redocly-lint.js";
import { runPipeline } from "./pipeline.js";
import { displayPath, type ProjectLayout } from "./project.js";
import type { SpecDocument } from "./spec-document.js";
import { stageProject, typecheck, type TypecheckResult } from "./staging.js";

export interface Trial {
  readonly typecheck: TypecheckResult;
  /** New content for real paths: the spec, the baseline when rewritten, every generated file. */
  readonly files: FileToWrite[];
  /** Real paths to delete on apply: generated files no longer produced, an emptied baseline. */
  readonly removals: string[];
  /** Generated files whose content changes, as shown to users. */
  readonly changedFiles: string[];
}

/**
 * Vendors the new spec into a staging copy of the project, regenerates there and type-checks
 * the copy. The real project is not touched; the staging copy is removed whatever happens.
 * `acceptedProblems`, when given, become the whole lint baseline (none left: no baseline file).
 */
export async function tryInStaging(
  layout: ProjectLayout,
  next: SpecDocument,
  acceptedProblems: readonly LintProblem[] | undefined,
  progress: (line: string) => void,
): Promise<Trial> {
  const staged = await stageProject(layout);
  const toReal = (stagedPath: string) =>
    path.join(layout.root, path.relative(staged.layout.root, stagedPath));
  try {
    const inputs: FileToWrite[] = [{ path: staged.layout.specFile, content: next.bytes }];
    const removals: string[] = [];
    const stagedBaseline = baselinePath(staged.layout.redoclyConfig);
    if (acceptedProblems?.some((p) => p.file !== undefined && p.pointer !== undefined)) {
      const baseline = renderBaseline(acceptedProblems, layout.redoclyConfig);
      inputs.push({ path: stagedBaseline, content: baseline });
    } else if (acceptedProblems) {
      await unlink(stagedBaseline).catch(() => {});
      removals.push(baselinePath(layout.redoclyConfig));
    }
    for (const file of inputs) await writeFile(file.path, file.content);

    // The staged spec must be read from its staged path so that $refs and the baseline resolve.
    const result = await runPipeline(staged.layout, { onWarning: progress });
    for (const file of result.files) await writeFile(file.path, file.content);
    for (const stale of await staleOutputs(result.files, staged.layout.generatedDir)) {
      await unlink(stale);
      removals.push(toReal(stale));
    }

    progress("type-checking src/ and test/ against the new types…");
    const checked = await typecheck(staged.layout);
    const files = [...inputs, ...result.files].map((f) => ({
      path: toReal(f.path),
      content: f.content,
    }));
    const changedFiles: string[] = [];
    for (const file of result.files) {
      const real = toReal(file.path);
      const before = await readFile(real, "utf8").catch(() => undefined);
      if (before !== file.content) changedFiles.push(displayPath(layout, real));
    }
    return { typecheck: checked, files, removals, changedFiles };
  } finally {
    await staged.remove();
  }
}
