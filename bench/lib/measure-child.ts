import { spawnSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";

const RSS_REPORTER = pathToFileURL(path.join(import.meta.dirname, "report-max-rss.mjs")).href;
const RSS_LINE = /^MAX_RSS_KB (\d+)$/m;

export interface ChildRun {
  readonly ms: number;
  /** Peak resident set size of the process, in bytes (the largest of a sequence). */
  readonly maxRssBytes: number;
}

/**
 * Runs commands one after the other (each a Node process) and reports their total wall time and
 * the largest peak RSS among them. Fails loudly if a command fails (exits with a code not in
 * `okExitCodes`, by default only 0): a benchmark of a broken pipeline measures nothing.
 */
export function runNodeSequence(
  commands: readonly (readonly string[])[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; okExitCodes?: readonly number[] },
): ChildRun {
  let ms = 0;
  let maxRssBytes = 0;
  for (const args of commands) {
    const started = performance.now();
    const run = spawnSync(process.execPath, ["--import", RSS_REPORTER, ...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, NO_COLOR: "1" },
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    });
    ms += performance.now() - started;
    if (!(options.okExitCodes ?? [0]).includes(run.status ?? -1)) {
      throw new Error(`${args.join(" ")} exited with ${run.status}:\n${run.stderr.slice(-2000)}`);
    }
    const rss = RSS_LINE.exec(run.stderr);
    maxRssBytes = Math.max(maxRssBytes, rss ? Number(rss[1]) * 1024 : 0);
  }
  return { ms, maxRssBytes };
}
