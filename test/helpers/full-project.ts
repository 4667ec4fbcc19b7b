import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { stageProject } from "../../bench/lib/staged-project.js";
import { main as generate } from "../../scripts/generate.js";
import { main as specUpdate } from "../../scripts/spec-update.js";
import { CHANGELOG_PATH } from "../../scripts/lib/changelog.js";
import { SPEC_PATH, type ProjectLayout } from "../../scripts/lib/project.js";
import { REPO_ROOT } from "./project-copy.js";
import { captureIo } from "./script-io.js";

export const FIXTURES = path.join(REPO_ROOT, "test/fixtures");

export interface FullProject {
  readonly layout: ProjectLayout;
  /**
   * Every file spec:update may write — openapi/, generated/, package.json, the changelog — with
   * its content: "nothing changed" is this, equal.
   */
  snapshot(): Promise<Record<string, string>>;
  remove(): Promise<void>;
}

/**
 * A copy of what a bump reads and writes (the spec, generated/, src/, package.json, the
 * changelog, the configs; node_modules linked), optionally vendoring another spec first and
 * regenerating for it, as a maintainer's checkout before a bump.
 */
export async function fullProjectCopy(vendored?: string): Promise<FullProject> {
  const staged = await stageProject(REPO_ROOT);
  const { layout } = staged;
  if (vendored !== undefined) {
    await writeFile(path.join(layout.root, SPEC_PATH), await readFile(vendored));
    const io = captureIo();
    if ((await generate(["--root", layout.root], io)) !== 0) throw new Error(io.err.join("\n"));
  }
  return {
    layout,
    snapshot: async () => {
      const files: Record<string, string> = {};
      for (const dir of ["openapi", "generated"]) {
        for (const name of (await readdir(path.join(layout.root, dir))).sort()) {
          files[`${dir}/${name}`] = await readFile(path.join(layout.root, dir, name), "utf8");
        }
      }
      for (const name of ["package.json", CHANGELOG_PATH])
        files[name] = await readFile(path.join(layout.root, name), "utf8");
      return files;
    },
    remove: staged.remove,
  };
}

/** Runs `npm run spec:update` in process on the project; the report is what went to stdout. */
export async function runSpecUpdate(project: FullProject, ...argv: string[]) {
  const io = captureIo();
  const code = await specUpdate([...argv, "--root", project.layout.root], io);
  return { code, io, report: io.out.join("\n") };
}
