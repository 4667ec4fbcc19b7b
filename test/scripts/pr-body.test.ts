import { describe, expect, test } from "vitest";
import { MAX_SUMMARY_CHARS } from "../../scripts/lib/change-report.js";
import { withTestResult } from "../../scripts/lib/test-result-banner.js";

/** What a GitHub pull-request body holds. */
const PR_BODY_LIMIT = 65_536;

describe("the pull request body puts npm test's result first", () => {
  test("a failure: the end of the log, without terminal colours, clipped, and fences that can't close the block", () => {
    const log = [
      ...Array.from({ length: 100 }, (_, i) => `line ${i}`),
      "\u001b[31mFAIL\u001b[39m test/client/errors.test.ts",
      "```",
      "x".repeat(500),
    ].join("\n");
    const body = withTestResult("# Mixpeek spec update: …\n", { exitCode: 1, log: `${log}\n\n` });
    const block = body.slice(body.indexOf("```text\n") + 8, body.indexOf("\n```\n"));
    const lines = block.split("\n");
    expect(lines).toHaveLength(25);
    expect(lines[0]).toBe("line 78");
    expect(lines.at(-3)).toBe("FAIL test/client/errors.test.ts");
    expect(lines.at(-2)).toBe("`\u200b`\u200b`");
    expect(lines.at(-1)).toBe(`${"x".repeat(160)}…`);
    expect(body.endsWith("\n\n# Mixpeek spec update: …\n")).toBe(true);
  });

  test("the largest report with the largest failure still fits a pull-request body", () => {
    const report = `${"r".repeat(MAX_SUMMARY_CHARS - 1)}\n`;
    const log = Array.from({ length: 1_000 }, () => "y".repeat(1_000)).join("\n");
    expect(withTestResult(report, { exitCode: 2, log }).length).toBeLessThan(PR_BODY_LIMIT);
  });

  test("a pass: one note above the report", () => {
    expect(withTestResult("# report\n", { exitCode: 0, log: "ignored" })).toBe(
      "> [!NOTE]\n> **`npm test` passed** on this branch (run by the bump job after applying the spec).\n\n# report\n",
    );
  });
});
