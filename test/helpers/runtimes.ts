import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./project-copy.js";

const run = promisify(execFile);

/**
 * Every runtime the README names, pinned to the exact version tested: bump them here only.
 * Each is an npm package; `executable` is its binary (or, for Miniflare, the package folder)
 * inside the install's node_modules. The `node` package only downloads `node-<os>-<arch>` in a
 * preinstall script, and `bun`/`deno` link their binary in a postinstall script, so the
 * installs run no scripts and point at the platform package that holds the binary.
 */
export const RUNTIMES = {
  "node-20": nodeRuntime("20.19.0"),
  "node-22": nodeRuntime("22.23.3"),
  "node-24": nodeRuntime("24.9.0"),
  bun: {
    package: "bun",
    version: "1.4.5",
    executable: `@oven/bun-${process.platform}-${process.arch === "arm64" ? "aarch64" : process.arch}/bin/bun`,
  },
  deno: {
    package: "deno",
    version: "2.9.6",
    executable: `@deno/${process.platform}-${process.arch}${process.platform === "linux" ? "-glibc" : ""}/deno`,
  },
  miniflare: {
    package: "miniflare",
    version: "4.20260730.0",
    executable: "miniflare",
  },
} as const;

export type RuntimeName = keyof typeof RUNTIMES;

function nodeRuntime(version: string) {
  const pkg = `node-${process.platform}-${process.arch}`;
  return { package: pkg, version, executable: `${pkg}/bin/node` };
}

/**
 * Runtimes live outside the project's dependencies (a `node` there would shadow the machine's
 * in npm scripts), one folder per exact version, so re-runs reuse them; `npm ci` clears them.
 */
const CACHE_DIR = path.join(REPO_ROOT, "node_modules/.cache/runtimes");

/**
 * Installs a runtime from the registry once (online, so a cold npm cache is fine) and returns
 * the absolute path of its executable. The install happens in a temporary folder renamed into
 * place when complete: an interrupted or concurrent install never leaves a half-filled one.
 */
export async function installRuntime(name: RuntimeName): Promise<string> {
  const { package: pkg, version, executable } = RUNTIMES[name];
  const spec = `${pkg}@${version}`;
  const dir = path.join(CACHE_DIR, spec);
  const located = path.join(dir, "node_modules", executable);
  if (existsSync(located)) return located;
  await mkdir(CACHE_DIR, { recursive: true });
  const staging = await mkdtemp(path.join(CACHE_DIR, ".staging-"));
  try {
    await writeFile(path.join(staging, "package.json"), JSON.stringify({ private: true }));
    await run(
      "npm",
      ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--no-package-lock", spec],
      { cwd: staging },
    );
    if (!existsSync(path.join(staging, "node_modules", executable))) {
      throw new Error(`${spec} installed without ${executable} (unsupported platform?)`);
    }
    // Another test file may have finished the same install first; its copy is as good.
    await rename(staging, dir).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(located)) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return located;
}
