import { stripVTControlCharacters } from "node:util";

/** Lines of a failing `npm test`'s output shown in the pull request; the run's log has the rest. */
const MAX_LOG_LINES = 25;
/** Each shown line is clipped: a minified stack or a long diff line must not crowd out the rest. */
const MAX_LINE_CHARS = 160;

/**
 * The pull request body of a spec bump: the result of `npm test` on the bumped project first,
 * then the report. Pull requests opened with a workflow's token start no CI of their own, so
 * this is where a reviewer sees whether the project still builds and passes its tests. Sized to
 * stay under GitHub's 65,536 characters with any report under MAX_SUMMARY_CHARS.
 */
export function withTestResult(report: string, test: { exitCode: number; log: string }): string {
  if (test.exitCode === 0) {
    return [
      "> [!NOTE]",
      "> **`npm test` passed** on this branch (run by the bump job after applying the spec).",
      "",
      report,
    ].join("\n");
  }
  // Colour codes of a terminal are noise in a pull request.
  const lines = stripVTControlCharacters(test.log).replace(/\s+$/, "").split(/\r?\n/);
  const tail = lines
    .slice(-MAX_LOG_LINES)
    .map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)}…` : line))
    // A line of backticks would close the block early.
    .map((line) => line.replace(/`{3,}/g, (ticks) => ticks.split("").join("\u200b")));
  return [
    "> [!CAUTION]",
    `> **\`npm test\` fails on this branch** (exit ${test.exitCode}): do not merge it as it is. The spec is applied; src/ or the tests must follow it first. The last ${tail.length} lines of its output (the whole log is in the workflow run):`,
    "",
    "```text",
    ...tail,
    "```",
    "",
    report,
  ].join("\n");
}
