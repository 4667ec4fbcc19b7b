import { parseYaml } from "@redocly/openapi-core";
import { expect, test } from "vitest";
import { baselinePath, renderBaseline } from "../../scripts/lib/lint-baseline.js";
import type { LintProblem } from "../../scripts/lib/lint-spec.js";

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
