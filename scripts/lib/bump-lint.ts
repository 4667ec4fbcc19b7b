import type { FileToWrite } from "./atomic-write.js";
import {
  baselinePath,
  readBaseline,
  renderBaseline,
  staleEntries,
  type BaselineEntry,
} from "./lint-baseline.js";
import { PipelineError } from "./pipeline-error.js";
import {
  formatLintProblem,
  lintSpec,
  loadLintConfig,
  type LintProblem,
  type NameFile,
} from "./redocly-lint.js";
import type { ProjectLayout } from "./project.js";
import type { SpecDocument } from "./spec-document.js";

export interface BumpLint {
  /** Every problem of the new part, accepted by the baseline or not. */
  readonly problems: readonly LintProblem[];
  /** Problems the baseline does not list: they stop a bump unless accepted. */
  readonly fresh: readonly LintProblem[];
  /** Baseline entries that match no problem any more (fixed upstream). */
  readonly stale: readonly BaselineEntry[];
  /** `--accept-lint-baseline` was given: the baseline is to become exactly `problems`. */
  readonly accepting: boolean;
  /**
   * With `--accept-lint-baseline`, when the baseline changes: its new content, or `null` when
   * no problem is left (the file goes).
   */
  readonly baseline: FileToWrite | null | undefined;
}

/**
 * Lints the part about to be vendored with the project's rules and baseline (it is read at the
 * vendored spec's path, so baseline entries match as they will once it is written). Only the
 * part: problems elsewhere in a full document are not this package's.
 */
export async function lintBump(
  layout: ProjectLayout,
  spec: SpecDocument,
  accepting: boolean,
  names: { readonly source: NameFile; readonly project: NameFile },
): Promise<BumpLint> {
  const config = await loadLintConfig(layout.redoclyConfig, names.project);
  const problems = await lintSpec(spec, config, names.source);
  const stale = staleEntries(await readBaseline(layout.redoclyConfig, names.project), problems);
  const fresh = problems.filter((p) => !p.accepted);
  const result = { problems, fresh, stale, accepting };
  if (!accepting || fresh.length + stale.length === 0) return { ...result, baseline: undefined };

  const unlocatable = fresh.filter((p) => p.file === undefined || p.pointer === undefined);
  if (unlocatable.length > 0) {
    throw new PipelineError(
      `${unlocatable.map(formatLintProblem).join("; ")}: ${unlocatable.length} lint problem(s) have no location, so no baseline entry can accept them`,
    );
  }
  const file = baselinePath(layout.redoclyConfig);
  const locatable = problems.some((p) => p.file !== undefined && p.pointer !== undefined);
  return {
    ...result,
    baseline: locatable
      ? { path: file, content: renderBaseline(problems, layout.redoclyConfig) }
      : null,
  };
}

/**
 * Only the stale entries of the baseline, for a source whose part is what is vendored: nothing
 * else is linted then (a project without a baseline, the common case, lints nothing).
 */
export async function staleBaselineEntries(
  layout: ProjectLayout,
  vendored: SpecDocument,
  nameFile: NameFile,
): Promise<BaselineEntry[]> {
  const entries = await readBaseline(layout.redoclyConfig, nameFile);
  if (entries.length === 0) return [];
  const config = await loadLintConfig(layout.redoclyConfig, nameFile);
  return staleEntries(entries, await lintSpec(vendored, config, nameFile));
}
