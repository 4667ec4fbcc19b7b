import { cp, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { projectLayout, type ProjectLayout } from "../../scripts/lib/project.js";

/**
 * What a spec bump reads and writes, and what ships: the spec and its configs, generated/, src/
 * and the tsconfigs that type-check them, package.json and the changelog.
 */
const PROJECT_ENTRIES = [
  "package.json",
  "tsconfig.json",
  "tsconfig.build.json",
  ".prettierrc.json",
  "CHANGELOG.md",
  "openapi",
  "generated",
  "src",
];

export interface StagedProject {
  readonly layout: ProjectLayout;
  readonly remove: () => Promise<void>;
}

/**
 * A throwaway copy of the project at `root` (node_modules linked, not copied) where a bump or
 * a build can run without touching the repository.
 */
export async function stageProject(root: string): Promise<StagedProject> {
  const copy = await mkdtemp(path.join(tmpdir(), "mixpeek-project-"));
  const remove = () => rm(copy, { recursive: true, force: true });
  try {
    for (const entry of PROJECT_ENTRIES) {
      await cp(path.join(root, entry), path.join(copy, entry), { recursive: true });
    }
    await symlink(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir");
  } catch (error) {
    await remove();
    throw error;
  }
  return { layout: projectLayout(copy), remove };
}
