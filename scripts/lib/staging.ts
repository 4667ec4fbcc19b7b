import { spawn } from "node:child_process";
import { cp, mkdtemp, readdir, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { onInterrupt } from "./interrupt.js";
import { projectLayout, type ProjectLayout } from "./project.js";

/** What a type-check of the project reads (see tsconfig.json), besides root-level *.ts files. */
const STAGED_ENTRIES = [
  "package.json",
  "tsconfig.json",
  ".prettierrc.json",
  "openapi",
  "generated",
  "src",
  "scripts",
  "test",
  "bench",
];

export interface StagedProject {
  readonly layout: ProjectLayout;
  readonly remove: () => Promise<void>;
}

/**
 * A throwaway copy of the project (node_modules linked, not copied) where a new spec and its
 * generated files can be tried, type-check included, before the real files are touched.
 * Removed on Ctrl-C too.
 */
export async function stageProject(layout: ProjectLayout): Promise<StagedProject> {
  const root = await mkdtemp(path.join(tmpdir(), "mixpeek-staging-"));
  const remove = () => rm(root, { recursive: true, force: true });
  const release = onInterrupt(remove);
  try {
    const rootTs = (await readdir(layout.root)).filter((name) => name.endsWith(".ts"));
    for (const entry of [...STAGED_ENTRIES, ...rootTs]) {
      await cp(path.join(layout.root, entry), path.join(root, entry), { recursive: true }).catch(
        (error: NodeJS.ErrnoException) => {
          if (error.code !== "ENOENT") throw error;
        },
      );
    }
    await symlink(path.join(layout.root, "node_modules"), path.join(root, "node_modules"), "dir");
  } catch (error) {
    release();
    await remove();
    throw error;
  }
  return {
    layout: projectLayout(root),
    remove: async () => {
      release();
      await remove();
    },
  };
}

export interface TypecheckResult {
  readonly ok: boolean;
  /** tsc's diagnostics, one per line, paths relative to the project root. */
  readonly errors: string[];
}

/** `tsc --noEmit` over the project, as `npm run typecheck` does. Killed on Ctrl-C. */
export async function typecheck(layout: ProjectLayout): Promise<TypecheckResult> {
  const tsc = path.join(layout.root, "node_modules", "typescript", "bin", "tsc");
  const child = spawn(
    process.execPath,
    [tsc, "-p", "tsconfig.json", "--noEmit", "--pretty", "false"],
    {
      cwd: layout.root,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  const release = onInterrupt(() => child.kill("SIGKILL"));
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", resolve);
    });
    const errors = output.split("\n").filter((line) => /error TS\d+/.test(line));
    return { ok: code === 0, errors: code === 0 || errors.length > 0 ? errors : [output.trim()] };
  } finally {
    release();
  }
}
