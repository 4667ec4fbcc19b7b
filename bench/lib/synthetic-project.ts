import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PRETTIER_CONFIG_PATH, REDOCLY_CONFIG_PATH, SPEC_PATH } from "../../scripts/lib/project.js";

/** A temp project whose vendored spec is `spec` (a synthetic one, as JSON), with the repo's configs. */
export async function syntheticProject(
  repoRoot: string,
  spec: unknown,
): Promise<{ root: string; specBytes: number }> {
  const root = await mkdtemp(path.join(tmpdir(), "mixpeek-synthetic-"));
  const text = JSON.stringify(spec, null, 2);
  await mkdir(path.join(root, path.dirname(SPEC_PATH)), { recursive: true });
  await writeFile(path.join(root, SPEC_PATH), text);
  for (const config of [REDOCLY_CONFIG_PATH, PRETTIER_CONFIG_PATH]) {
    await cp(path.join(repoRoot, config), path.join(root, config));
  }
  return { root, specBytes: Buffer.byteLength(text) };
}
