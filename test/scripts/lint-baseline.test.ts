import { parseYaml } from "@redocly/openapi-core";
import { expect, test } from "vitest";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  baselinePath,
  readBaseline,
  renderBaseline,
  staleEntries,
} from "../../scripts/lib/lint-baseline.js";
import type { LintProblem } from "../../scripts/lib/redocly-lint.js";

const problem = (
  ruleId: string,
  pointer: string,
  file = "/p/openapi/mixpeek.yaml",
): LintProblem => ({
  location: "x:1:1",
  severity: "error",
  ruleId,
  message: "m",
  file,
  pointer,
  accepted: false,
});

test("the baseline is Redocly's ignore file next to the config, sorted and relative", () => {
  expect(baselinePath("/p/openapi/redocly.yaml")).toBe("/p/openapi/.redocly.lint-ignore.yaml");
  const text = renderBaseline(
    [
      problem("security-defined", "#/paths/~1b/get"),
      problem("no-path-trailing-slash", "#/paths/~1a~1"),
      problem("security-defined", "#/paths/~1a/get"),
      problem("security-defined", "#/paths/~1a/get"),
    ],
    "/p/openapi/redocly.yaml",
  );
  expect(text.startsWith("# This file instructs Redocly's linter to ignore")).toBe(true);
  expect(parseYaml(text)).toEqual({
    "mixpeek.yaml": {
      "no-path-trailing-slash": ["#/paths/~1a~1"],
      "security-defined": ["#/paths/~1a/get", "#/paths/~1b/get"],
    },
  });
  // Same problems in another order: same bytes.
  expect(
    renderBaseline(
      [
        problem("security-defined", "#/paths/~1a/get"),
        problem("no-path-trailing-slash", "#/paths/~1a~1"),
        problem("security-defined", "#/paths/~1b/get"),
      ],
      "/p/openapi/redocly.yaml",
    ),
  ).toBe(text);
});

test("entries that match no problem any more are stale; live ones are not", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "baseline-"));
  try {
    const config = path.join(dir, "redocly.yaml");
    expect(await readBaseline(config, (f) => f)).toEqual([]);
    await writeFile(
      baselinePath(config),
      "mixpeek.yaml:\n  security-defined:\n    - '#/paths/~1a/get'\n    - '#/paths/~1gone/get'\n",
    );
    const entries = await readBaseline(config, (f) => f);
    const spec = path.join(dir, "mixpeek.yaml");
    expect(entries).toEqual([
      { file: spec, ruleId: "security-defined", pointer: "#/paths/~1a/get" },
      { file: spec, ruleId: "security-defined", pointer: "#/paths/~1gone/get" },
    ]);
    // Same pointer under another rule does not keep an entry alive.
    const live = [
      problem("security-defined", "#/paths/~1a/get", spec),
      problem("operation-summary", "#/paths/~1gone/get", spec),
    ];
    expect(staleEntries(entries, live)).toEqual([entries[1]]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
