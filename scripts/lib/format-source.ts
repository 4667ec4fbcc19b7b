import * as prettier from "prettier";
import { firstLine, PipelineError } from "./pipeline-error.js";

/**
 * Formats generated source with the project's own prettier config, resolved for the file it will
 * be written to (so overrides by path apply, exactly as `prettier --check` would see it).
 */
export async function formatSource(
  source: string,
  targetPath: string,
  configPath: string,
  nameFile: (absPath: string) => string,
): Promise<string> {
  let options: prettier.Options | null;
  try {
    options = await prettier.resolveConfig(targetPath, { config: configPath, editorconfig: false });
  } catch (error) {
    throw new PipelineError(
      `${nameFile(configPath)}: invalid prettier config: ${prettierReason(error)}`,
      { cause: error },
    );
  }
  try {
    return await prettier.format(source, { ...options, filepath: targetPath });
  } catch (error) {
    throw new PipelineError(
      `${nameFile(targetPath)}: prettier could not format the generated code: ${firstLine(error)}`,
      { cause: error },
    );
  }
}

/** Prettier's first line names the file by absolute path; the reason is on the next one. */
function prettierReason(error: unknown): string {
  const lines = (error instanceof Error ? error.message : String(error)).split("\n");
  return (lines[0]?.endsWith(":") ? lines[1] : lines[0])?.trim() || "unknown error";
}
