import { cp, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PRETTIER_CONFIG_PATH, REDOCLY_CONFIG_PATH, SPEC_PATH } from "../../scripts/lib/project.js";
import { syntheticSpec } from "../synthetic-spec.js";

/** A temp project whose vendored spec is the synthetic one with `extraPaths` paths (as JSON). */
export async function syntheticProject(
  repoRoot: string,
  extraPaths: number,
): Promise<{ root: string; specBytes: number }> {
  const root = await mkdtemp(path.join(tmpdir(), `mixpeek-synthetic-${extraPaths}-`));
  const text = JSON.stringify(await syntheticSpec(repoRoot, extraPaths), null, 2);
  await mkdir(path.join(root, path.dirname(SPEC_PATH)), { recursive: true });
  await writeFile(path.join(root, SPEC_PATH), text);
  for (const config of [REDOCLY_CONFIG_PATH, PRETTIER_CONFIG_PATH]) {
    await cp(path.join(repoRoot, config), path.join(root, config));
  }
  return { root, specBytes: Buffer.byteLength(text) };
}
