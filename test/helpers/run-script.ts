import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { REPO_ROOT } from "./project-copy.js";

/** tsx's ESM loader by absolute URL, so scripts also run from a folder outside the repository. */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

/** Runs a TypeScript file of the repository under tsx: `node --import tsx <file> …args`. */
export function runTsFile(relPath: string, args: readonly string[], options: RunOptions = {}) {
  return runNode(["--import", TSX_LOADER, path.join(REPO_ROOT, relPath), ...args], options);
}

/** Runs a script as `npm run` does: `node scripts/run.mjs <name> …args` (bundled, cached). */
export function runScript(name: string, args: readonly string[], options: RunOptions = {}) {
  return runNode([path.join(REPO_ROOT, "scripts/run.mjs"), name, ...args], options);
}

function runNode(args: string[], options: RunOptions): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, args, {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    encoding: "utf8",
    timeout: options.timeoutMs ?? 60_000,
  });
}
