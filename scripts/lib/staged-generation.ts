import { filesThatChange, type FileToWrite } from "./atomic-write.js";
import { staleOutputs } from "./drift.js";
import { generateFiles } from "./pipeline.js";
import { displayPath, type ProjectLayout } from "./project.js";
import type { SpecDocument } from "./spec-document.js";

/** generated/ as the new spec makes it: in memory, at the real paths, nothing written yet. */
export interface StagedFiles {
  /** Every generated file. */
  readonly generated: readonly FileToWrite[];
  /** Generated files on disk that the new spec no longer produces: deleted on apply. */
  readonly removals: readonly string[];
  /** Generated files whose content changes, as shown to users. */
  readonly changedFiles: readonly string[];
}

/**
 * Generates the project's files for the new spec (read at the vendored spec's path, so names in
 * messages and headers are those of the vendored file) without touching the project: the
 * type-check reads them from memory, and only the write step puts them on disk.
 */
export async function generateInStaging(
  layout: ProjectLayout,
  spec: SpecDocument,
  onWarning: (line: string) => void,
): Promise<StagedFiles> {
  const { files } = await generateFiles(layout, spec, onWarning);
  return {
    generated: files,
    removals: await staleOutputs(files, layout.generatedDir),
    changedFiles: (await filesThatChange(files)).map((file) => displayPath(layout, file.path)),
  };
}
