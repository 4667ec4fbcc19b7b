// `npm run test:mutation [-- client|spec-diff …]`: Stryker over the parts of the project with a
// mutation-score budget, each failing below its budget (`thresholds.break` in its config).
//
// Stryker 10 needs Node 22.18+ (or 24.11+), and the project must install without an engine
// warning on Node 20.19, so Stryker is not one of the project's dependencies: it is installed
// from this folder's own lock file into node_modules/.cache/stryker/<lock hash>, once, and run on
// this Node if it is recent enough, else on the Node 22 of the runtime matrix (downloaded like
// the other runtimes). vitest is left to the project's own copy, found up the folder tree.
import { spawn, execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import semver from "semver";
import { REPO_ROOT } from "../helpers/project-copy.js";
import { installRuntime } from "../helpers/runtimes.js";

/** Each suite: what it mutates, the tests it runs and its budget are in its config. */
const SUITES = {
  client: "test/mutation/client.config.json",
  "spec-diff": "test/mutation/spec-diff.config.json",
} as const;
type Suite = keyof typeof SUITES;

/** What Stryker 10 and its parser (Babel 8) accept. */
const STRYKER_NODE = "^22.18.0 || >=24.11.0";
const HERE = path.join(REPO_ROOT, "test/mutation");
const INSTALL_FILES = ["package.json", "package-lock.json", ".npmrc"];

const run = promisify(execFile);

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((name) => !(name in SUITES));
  if (unknown.length > 0) {
    console.error(
      `test:mutation: unknown suite ${unknown.join(", ")} (expected ${Object.keys(SUITES).join(", ")})`,
    );
    return 2;
  }
  const suites = (args.length > 0 ? args : Object.keys(SUITES)) as Suite[];
  const node = semver.satisfies(process.versions.node, STRYKER_NODE)
    ? process.execPath
    : await installRuntime("node-22");
  const stryker = await installStryker();
  let failed = 0;
  for (const suite of suites) {
    console.error(`test:mutation: ${suite} (${SUITES[suite]})`);
    const code = await runStryker(node, stryker, SUITES[suite]);
    if (code !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

/** Installs Stryker from this folder's lock once per lock; returns its CLI's path. */
async function installStryker(): Promise<string> {
  const lock = await readFile(path.join(HERE, "package-lock.json"));
  const hash = createHash("sha256").update(lock).digest("hex").slice(0, 12);
  const cache = path.join(REPO_ROOT, "node_modules/.cache/stryker");
  const dir = path.join(cache, hash);
  const cli = path.join(dir, "node_modules/@stryker-mutator/core/bin/stryker.js");
  if (existsSync(cli)) return cli;
  await mkdir(cache, { recursive: true });
  const staging = await mkdtemp(path.join(cache, ".staging-"));
  try {
    for (const file of INSTALL_FILES)
      await copyFile(path.join(HERE, file), path.join(staging, file));
    // npm runs on this Node, which may be older than Stryker's engines: nothing runs at install.
    await run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: staging });
    await rename(staging, dir);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return cli;
}

function runStryker(node: string, cli: string, config: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // Vitest's workers are started with the same Node as Stryker.
    const env = {
      ...process.env,
      PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ""}`,
    };
    const child = spawn(node, [cli, "run", config], { cwd: REPO_ROOT, env, stdio: "inherit" });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

process.exitCode = await main(process.argv.slice(2));
