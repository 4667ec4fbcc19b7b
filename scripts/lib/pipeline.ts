import path from "node:path";
import type { FileToWrite } from "./atomic-write.js";
import { formatSource } from "./format-source.js";
import { generatedHeader } from "./generated-header.js";
import { lintProjectSpec, type LintProblem } from "./redocly-lint.js";
import { displayPath, GENERATED_FILES, type ProjectLayout } from "./project.js";
import { renderApiTypes } from "./render-api-types.js";
import { renderSpecMetadata } from "./render-spec-metadata.js";
import { renderValidators } from "./render-validators.js";
import type { SpecDocument } from "./spec-document.js";
import { readSpecFacts, type SpecFacts } from "./spec-facts.js";

export interface PipelineOptions {
  /** A spec already in memory (a spec bump); by default the layout's vendored file is read. */
  readonly spec?: SpecDocument;
  /** Receives each lint problem, formatted, before the pipeline fails on errors. */
  readonly onLintProblem?: (line: string) => void;
  /** Receives each warning of generation (a schema's type name taken: see schema-type-names.ts). */
  readonly onWarning?: (line: string) => void;
}

export interface PipelineResult {
  readonly spec: SpecDocument;
  readonly facts: SpecFacts;
  readonly problems: readonly LintProblem[];
  /** Every file of the generated folder, formatted, in memory: nothing is written here. */
  readonly files: readonly FileToWrite[];
}

/**
 * Lint → generate → format, in this process and in memory. Throws `PipelineError` (one line,
 * naming file and position) on any problem, before anything could be written.
 */
export async function runPipeline(
  layout: ProjectLayout,
  options: PipelineOptions = {},
): Promise<PipelineResult> {
  const { spec, problems } = await lintProjectSpec(layout, {
    spec: options.spec,
    onProblem: options.onLintProblem,
  });
  const { facts, files } = await generateFiles(layout, spec, options.onWarning);
  return { spec, facts, problems, files };
}

/**
 * Generate → format, in memory, for a spec already linted: every file of the generated folder.
 * Throws `PipelineError` (one line, naming file and position) on any problem.
 */
export async function generateFiles(
  layout: ProjectLayout,
  spec: SpecDocument,
  onWarning?: (line: string) => void,
): Promise<{ facts: SpecFacts; files: FileToWrite[] }> {
  // Facts first: openapi-typescript may rewrite the parsed document while it bundles.
  const facts = readSpecFacts(spec);
  const header = generatedHeader(facts, spec.displayName);
  // `prettier: false`: Ajv's machine code, laid out by Ajv (formatting it took a fifth of the run),
  // and the types as openapi-typescript prints them (on a 4 MB spec, formatting 3 MB of types took
  // more than the rest of the pipeline together: BENCHMARKS.md).
  const outputs: [file: string, render: () => Promise<string> | string, prettier: boolean][] = [
    [GENERATED_FILES.specMetadata, () => renderSpecMetadata(facts, header), true],
    // Before the types: openapi-typescript may rewrite the parsed document while it bundles.
    [GENERATED_FILES.responseValidators, () => renderValidators(spec, header), false],
    [GENERATED_FILES.apiTypes, () => apiTypes(spec, layout.specFile, header, onWarning), false],
  ];
  const nameFile = (file: string) => displayPath(layout, file);
  const files = await Promise.all(
    outputs.map(async ([name, render, prettier]) => {
      const target = path.join(layout.generatedDir, name);
      const source = await render();
      return {
        path: target,
        content: prettier
          ? await formatSource(source, target, layout.prettierConfig, nameFile)
          : source,
      };
    }),
  );
  return { facts, files };
}

async function apiTypes(
  spec: SpecDocument,
  specFile: string,
  header: string,
  onWarning: ((line: string) => void) | undefined,
): Promise<string> {
  const { source, warnings } = await renderApiTypes(spec, specFile, header);
  for (const line of warnings) onWarning?.(line);
  return source;
}
