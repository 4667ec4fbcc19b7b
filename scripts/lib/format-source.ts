import * as prettier from "prettier";
import { firstLine, PipelineError } from "./errors.js";

/**
 * Formats generated source with the project's own prettier config, resolved for the file it will
 * be written to (so overrides by path apply, exactly as `prettier --check` would see it).
 */
export async function formatSource(
  source: string,
  targetPath: string,
  configPath: string,
): Promise<string> {
  try {
    const options = await prettier.resolveConfig(targetPath, {
      config: configPath,
      editorconfig: false,
    });
    return await prettier.format(source, { ...options, filepath: targetPath });
  } catch (error) {
    throw new PipelineError(
      `${targetPath}: prettier could not format the output: ${firstLine(error)}`,
      {
        cause: error,
      },
    );
  }
}
