import { access } from "node:fs/promises";
import {
  BaseResolver,
  getLineColLocation,
  lintConfig,
  lintDocument,
  loadConfig,
  YamlParseError,
  type Config,
  type NormalizedProblem,
} from "@redocly/openapi-core";
import { firstLine, PipelineError } from "./pipeline-error.js";
import { displayPath, type ProjectLayout } from "./project.js";
import { readSpecFile, type SpecDocument } from "./spec-document.js";

/** One lint finding, already located: `file:line:col`. */
export interface LintProblem {
  readonly location: string;
  readonly severity: "error" | "warning";
  readonly ruleId: string;
  readonly message: string;
  /** Absolute path (or URL) of the file, and JSON pointer in it: what a baseline entry names. */
  readonly file: string | undefined;
  readonly pointer: string | undefined;
  /** Listed in the lint baseline (Redocly's ignore file next to the config): a known problem. */
  readonly accepted: boolean;
}

/** Maps an absolute file path to the name messages show (relative to the project root). */
export type NameFile = (absPath: string) => string;

/**
 * Loads a Redocly config file, and refuses one that Redocly itself would flag (an unknown rule or
 * a bad severity would otherwise silently weaken the lint).
 */
export async function loadLintConfig(configPath: string, nameFile: NameFile): Promise<Config> {
  const shown = nameFile(configPath);
  try {
    await access(configPath);
  } catch (error) {
    throw new PipelineError(`${shown}: cannot read the Redocly config: no such file`, {
      cause: error,
    });
  }
  let config: Config;
  try {
    config = await loadConfig({ configPath });
  } catch (error) {
    if (error instanceof YamlParseError) {
      throw new PipelineError(
        `${shown}:${error.line}:${error.col}: invalid YAML in the Redocly config`,
        {
          cause: error,
        },
      );
    }
    throw new PipelineError(`${shown}: invalid Redocly config: ${firstLine(error)}`, {
      cause: error,
    });
  }
  const problems = (await lintConfig({ config })).map((p) => toLintProblem(p, nameFile));
  const [first] = problems;
  if (first) {
    throw new PipelineError(`${first.location}: invalid Redocly config: ${first.message}`);
  }
  return config;
}

/** Lints the spec with the project's rules; problems in the baseline come back `accepted`. */
export async function lintSpec(
  spec: SpecDocument,
  config: Config,
  nameFile: NameFile,
): Promise<LintProblem[]> {
  const problems = await lintDocument({
    document: spec.document,
    config,
    externalRefResolver: new BaseResolver(config.resolve),
  });
  return problems.map((p) => toLintProblem(p, nameFile));
}

export function formatLintProblem(problem: LintProblem): string {
  return `${problem.location}: ${problem.severity} ${problem.ruleId}: ${problem.message}`;
}

/**
 * Turns lint errors into the pipeline's one-line failure. When every problem was printed just
 * before (`printed`), the verdict counts them and points at the first instead of repeating it.
 */
function failOnLintErrors(problems: readonly LintProblem[], printed: boolean): void {
  const errors = problems.filter((p) => p.severity === "error" && !p.accepted);
  const [first] = errors;
  if (!first) return;
  if (printed) {
    throw new PipelineError(
      `${first.location}: ${errors.length} lint error(s), listed above (this one: ${first.ruleId})`,
    );
  }
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more lint errors)` : "";
  throw new PipelineError(`${first.location}: lint error ${first.ruleId}: ${first.message}${more}`);
}

function toLintProblem(problem: NormalizedProblem, nameFile: NameFile): LintProblem {
  const [where] = problem.location;
  let location = "(unknown location)";
  if (where) {
    const { start } = getLineColLocation(where);
    location = `${nameFile(where.source.absoluteRef)}:${start.line}:${start.col}`;
  }
  return {
    location,
    severity: problem.severity === "error" ? "error" : "warning",
    ruleId: problem.ruleId,
    message: problem.message.replace(/\s*\n\s*/g, " "),
    file: where?.source.absoluteRef,
    pointer: where?.pointer,
    accepted: problem.ignored === true,
  };
}

/**
 * The lint step of the pipeline: loads the project's Redocly config and the spec (the vendored
 * file unless one is given), prints every problem through `onProblem`, and throws on errors.
 */
export async function lintProjectSpec(
  layout: ProjectLayout,
  options: {
    spec?: SpecDocument | undefined;
    onProblem?: ((line: string) => void) | undefined;
  } = {},
): Promise<{ spec: SpecDocument; problems: LintProblem[] }> {
  const nameFile = (file: string) => displayPath(layout, file);
  const [config, spec] = await Promise.all([
    loadLintConfig(layout.redoclyConfig, nameFile),
    options.spec ?? readSpecFile(layout.specFile, nameFile(layout.specFile)),
  ]);
  const problems = await lintSpec(spec, config, nameFile);
  // Baseline problems are known upstream faults, accepted on purpose: only new ones are shown.
  for (const problem of problems)
    if (!problem.accepted) options.onProblem?.(formatLintProblem(problem));
  failOnLintErrors(problems, options.onProblem !== undefined);
  return { spec, problems };
}
