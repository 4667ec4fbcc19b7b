import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  GENERATED_DIR,
  PRETTIER_CONFIG_PATH,
  projectLayout,
  REDOCLY_CONFIG_PATH,
  SPEC_PATH,
  type ProjectLayout,
} from "../../scripts/lib/project.js";

export const REPO_ROOT = path.resolve(fileURLToPath(import.meta.url), "../../..");

/** What the pipeline reads and writes: enough of the project to run it elsewhere. */
const PIPELINE_FILES = [
  ...new Set([path.dirname(SPEC_PATH), path.dirname(REDOCLY_CONFIG_PATH), GENERATED_DIR]),
  PRETTIER_CONFIG_PATH,
];

export interface ProjectCopy {
  readonly root: string;
  readonly layout: ProjectLayout;
  read(relPath: string): Promise<string>;
  write(relPath: string, content: string): Promise<void>;
  /** Replaces `search` in a file, failing the test if it is not there exactly once. */
  edit(relPath: string, search: string, replacement: string): Promise<void>;
  remove(): Promise<void>;
}

/** A throwaway copy of the pipeline's inputs and outputs, so tests never touch the repository. */
export async function copyProject(): Promise<ProjectCopy> {
  const root = await mkdtemp(path.join(tmpdir(), "mixpeek-project-"));
  for (const entry of PIPELINE_FILES) {
    await cp(path.join(REPO_ROOT, entry), path.join(root, entry), { recursive: true });
  }
  const at = (relPath: string) => path.join(root, relPath);
  const copy: ProjectCopy = {
    root,
    layout: projectLayout(root),
    read: (relPath) => readFile(at(relPath), "utf8"),
    write: (relPath, content) => writeFile(at(relPath), content),
    async edit(relPath, search, replacement) {
      await copy.write(relPath, replaceOnce(await copy.read(relPath), search, replacement));
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
  return copy;
}

export function replaceOnce(text: string, search: string, replacement: string): string {
  const count = text.split(search).length - 1;
  if (count !== 1)
    throw new Error(`expected ${JSON.stringify(search)} once, found it ${count} times`);
  return text.replace(search, () => replacement);
}
