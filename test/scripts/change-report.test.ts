import { readFileSync } from "node:fs";
import path from "node:path";
import { parseYaml } from "@redocly/openapi-core";
import fc from "fast-check";
import type { OpenAPI3 } from "openapi-typescript";
import { describe, expect, test } from "vitest";
import { syntheticSpec } from "../../bench/synthetic-spec.js";
import {
  MAX_SUMMARY_CHARS,
  renderFullReport,
  renderSummary,
  type UpdateReport,
} from "../../scripts/lib/change-report.js";
import type { LintProblem } from "../../scripts/lib/redocly-lint.js";
import { diffSpecs, type SpecChange } from "../../scripts/lib/spec-diff.js";
import { adviseVersion } from "../../scripts/lib/version-advice.js";
import { REPO_ROOT } from "../helpers/project-copy.js";

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   the test edits a raw spec document, which has no useful static type */

/** A GitHub pull-request body holds this many characters. */
const PR_BODY_LIMIT = 65_536;
const SPEC_FILE = path.join(REPO_ROOT, "openapi/mixpeek.yaml");
const RULES = [
  "operation-4xx-response",
  "operation-summary",
  "tag-description",
  "no-unused-components",
  "security-defined",
];

function lintProblems(count: number): LintProblem[] {
  return Array.from({ length: count }, (_, i) => ({
    location: `openapi/mixpeek.yaml:${i + 1}:3`,
    severity: i % 3 === 0 ? "warning" : "error",
    ruleId: RULES[i % RULES.length]!,
    message: `Operation must have at least one \`4XX\` response (synthetic problem ${i}).`,
    file: SPEC_FILE,
    pointer: `#/paths/~1v1~1synthetic~1resources-${i}~1{audit_id}/get/responses`,
    accepted: i % 2 === 0,
  }));
}

function report(changes: readonly SpecChange[], problems: LintProblem[]): UpdateReport {
  const breaking = changes.some((c) => c.breaking);
  return {
    source: "https://example.test/openapi.json",
    fromMarkdown: false,
    sha256: "0".repeat(64),
    versions: { before: "Mixpeek API 0.82", after: "Mixpeek API 0.83" },
    order: { kind: "newer" },
    changes,
    lint: {
      problems,
      stale: problems
        .slice(0, 60)
        .map((p) => ({ file: SPEC_FILE, ruleId: p.ruleId, pointer: `${p.pointer!}/x` })),
      baselineRewritten: true,
    },
    typecheck: {
      ok: false,
      errors: Array.from(
        { length: 400 },
        (_, i) => `src/client.ts(${i},1): error TS2339: Property 'x${i}' does not exist.`,
      ),
    },
    changedFiles: ["generated/api-types.ts", "generated/spec-metadata.ts"],
    advice: adviseVersion(changes, breaking),
    packageVersion: { current: "0.1.0", next: "0.2.0", applied: true },
    outcome: "applied despite breaking changes (--allow-breaking): openapi/mixpeek.yaml",
  };
}

describe("the report fits a pull-request body", () => {
  test("the full document's size of bump — 400 new operations, 1,200 lint problems, 400 compile errors — stays under the limit, the wrapped operation in full", async () => {
    const vendored = parseYaml(readFileSync(SPEC_FILE, "utf8")) as OpenAPI3;
    const big = (await syntheticSpec(REPO_ROOT, 400)) as Record<string, any>;
    const event = big.components.schemas.AuditEventResponse as Record<string, any>;
    big.components.schemas.AuditEventResponse = {
      ...event,
      properties: {
        ...event.properties,
        status: { ...event.properties.status, enum: ["success", "failure"] },
      },
      required: (event.required as string[]).filter((name) => name !== "actor_id"),
    };
    const changes = diffSpecs(vendored, big as OpenAPI3);
    expect(changes.filter((c) => !c.wrapped).length).toBe(800); // 400 operations, 400 schemas

    const input = report(changes, lintProblems(1_200));
    const summary = renderSummary(input, "spec-bump.full.md");
    expect(summary.length).toBeLessThan(PR_BODY_LIMIT);
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    // Every change to the wrapped operation, in full and before anything else.
    for (const line of [
      "| **breaking** | `AuditEventResponse.actor_id` | now optional |",
      '| **breaking** | `AuditEventResponse.status` | now restricted to "success", "failure" (breaking for users who validate responses, the default: any other value now fails validation) |',
    ]) {
      expect(summary).toContain(line);
      expect(summary.indexOf(line)).toBeLessThan(summary.indexOf("## Elsewhere in the API"));
    }
    // The rest grouped with counts, by kind and by tag; the lint by rule.
    expect(summary).toContain("| operation added | 400 | 0 |");
    expect(summary).toContain("| schema added | 400 | 0 |");
    expect(summary).toContain("| Synthetic 7 | 20 |");
    expect(summary).toContain("| operation-4xx-response | error, warning | 120 | 120 | 12 |");
    expect(summary).toContain("Failed with 400 error(s):");
    expect(summary).toContain("… and 370 more.");
    expect(summary).toContain("Every change and lint problem, one per line: `spec-bump.full.md`.");
    expect(summary).not.toContain("cut to fit");

    // The companion has every line the summary counts.
    const full = renderFullReport(input);
    expect(full.length).toBeGreaterThan(PR_BODY_LIMIT);
    expect(full).toContain(
      "| non-breaking | Synthetic 19 | `GET /v1/synthetic/resources-399/{audit_id}` | operation added |",
    );
    expect(full).toContain("(synthetic problem 1199)");
  });

  test("any input — huge cells, thousands of rows — gives a summary under the limit that starts with the header", () => {
    const text = fc.string({ maxLength: 3_000, size: "max" });
    const change = fc.record({
      section: fc.constantFrom("info", "operations", "schemas", "parameters", "responses" as const),
      where: text,
      what: text,
      breaking: fc.boolean(),
      wrapped: fc.boolean(),
      tag: text,
    }) as fc.Arbitrary<SpecChange>;
    fc.assert(
      fc.property(
        fc.array(change, { maxLength: 400 }),
        fc.integer({ min: 0, max: 3_000 }),
        text,
        (changes, problems, source) => {
          const summary = renderSummary({ ...report(changes, lintProblems(problems)), source });
          expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
          expect(
            summary.startsWith("# Mixpeek spec update: Mixpeek API 0.82 → Mixpeek API 0.83\n"),
          ).toBe(true);
          expect(summary).toContain("- Outcome: ");
        },
      ),
      { numRuns: 40 },
    );
  });

  test("a wrapped section too long for a body is cut at a row, saying so; nothing after it is kept", () => {
    const changes: SpecChange[] = Array.from({ length: 100 }, (_, i) => ({
      section: "schemas",
      where: `AuditEventResponse.field_${i}`,
      what: `now restricted to ${'"value", '.repeat(200)}`,
      breaking: true,
      wrapped: true,
    }));
    const summary = renderSummary(report(changes, lintProblems(10)), "spec-bump.full.md");
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    expect(summary).toContain("| **breaking** | `AuditEventResponse.field_0` |");
    expect(summary).not.toContain("`AuditEventResponse.field_99`");
    expect(summary).toContain("_(The rest of this report is cut to fit a pull-request body.)_");
    expect(summary).not.toContain("## Lint");
    expect(
      summary
        .trimEnd()
        .endsWith("Every change and lint problem, one per line: `spec-bump.full.md`."),
    ).toBe(true);
  });

  test("a downgrade, and a version order that can't be told, come first", () => {
    const down = renderSummary({ ...report([], []), order: { kind: "older" } });
    expect(down.split("\n").slice(0, 3)).toEqual([
      "# Mixpeek spec update: Mixpeek API 0.82 → Mixpeek API 0.83",
      "",
      "> **Downgrade**: the new spec's version is older (Mixpeek API 0.82 → Mixpeek API 0.83).",
    ]);
    const unknown = renderSummary({
      ...report([], []),
      order: { kind: "unknown", reason: '"2026-11-26" is not a dotted number' },
    });
    expect(unknown.split("\n")[2]).toBe(
      '> **Version order unknown**: "2026-11-26" is not a dotted number, so whether this is a downgrade can\'t be told.',
    );
  });
});
