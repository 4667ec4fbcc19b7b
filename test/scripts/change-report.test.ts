import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  fit,
  isBreaking,
  MAX_SUMMARY_CHARS,
  renderChangelogEntry,
  renderFullReport,
  renderSummary,
  renderTitle,
  type UpdateReport,
} from "../../scripts/lib/change-report.js";
import type { LintProblem } from "../../scripts/lib/redocly-lint.js";
import type { SpecChange } from "../../scripts/lib/spec-diff.js";
import type { SpecIdentity } from "../../scripts/lib/spec-identity.js";

/** A GitHub pull-request body holds this many characters. */
const PR_BODY_LIMIT = 65_536;
const SPEC_FILE = "/project/openapi/mixpeek.yaml";
const RULES = ["operation-4xx-response", "operation-summary", "security-defined"];

const BEFORE: SpecIdentity = { title: "Mixpeek API", version: "0.82", sha256: "a".repeat(64) };
const AFTER: SpecIdentity = { title: "Mixpeek API", version: "0.83", sha256: "b".repeat(64) };

function lintProblems(count: number, accepted = (i: number) => i % 2 === 0): LintProblem[] {
  return Array.from({ length: count }, (_, i) => ({
    location: `openapi/mixpeek.yaml:${i + 1}:3`,
    severity: i % 3 === 0 ? "warning" : "error",
    ruleId: RULES[i % RULES.length]!,
    message: `Operation must have at least one \`4XX\` response (synthetic problem ${i}).`,
    file: SPEC_FILE,
    pointer: `#/paths/~1v1~1synthetic~1resources-${i}~1{audit_id}/get/responses`,
    accepted: accepted(i),
  }));
}

const change = (where: string, what: string, breaking: boolean): SpecChange => ({
  where,
  what,
  breaking,
});

/** A plain, non-breaking, applied bump; each test changes what it is about. */
function report(overrides: Partial<UpdateReport> = {}): UpdateReport {
  return {
    source: "https://example.test/openapi.json",
    fromMarkdown: false,
    spec: { before: BEFORE, after: AFTER },
    order: { kind: "newer" },
    leftOut: { paths: 0, operations: 0, components: 0 },
    ignoredHeaders: [],
    changes: [change("AuditEventResponse.region", "property added (optional, string)", false)],
    lint: { problems: [], stale: [], accepting: false, baselineRewritten: false },
    typecheck: { ok: true, errors: [], preexisting: [] },
    changedFiles: ["generated/api-types.ts"],
    advice: { level: "patch", why: "additions, nothing breaking" },
    packageVersion: { current: "0.1.0", next: "0.1.1", applied: false },
    outcome: "applied: openapi/mixpeek.yaml",
    ...overrides,
  };
}

const errors = (count: number, file = "src/client.ts") =>
  Array.from(
    { length: count },
    (_, i) => `${file}(${i + 1},1): error TS2339: Property 'x${i}' does not exist.`,
  );

describe("the verdict", () => {
  test("breaking when a change is, or when the new types bring a type error; not otherwise", () => {
    const failing = { ok: false, errors: errors(1), preexisting: [] };
    const passingOverOldErrors = { ok: true, errors: [], preexisting: errors(1) };
    expect(isBreaking(report())).toBe(false);
    expect(isBreaking(report({ changes: [change("A.b", "property removed", true)] }))).toBe(true);
    expect(isBreaking(report({ typecheck: failing }))).toBe(true);
    expect(isBreaking(report({ typecheck: passingOverOldErrors }))).toBe(false);
    expect(isBreaking(report({ typecheck: undefined }))).toBe(false);
  });
});

describe("the header says which spec, from where, and what to do", () => {
  test("versions and content hashes; the source's date; the rest of the document counted on one line", () => {
    const summary = renderSummary(
      report({
        spec: { before: BEFORE, after: { ...AFTER, published: "2026-02-16" } },
        leftOut: { paths: 317, operations: 392, components: 811 },
        ignoredHeaders: ["GET /v1/organizations/audit/logs/{audit_id} header Authorization"],
      }),
    );
    expect(summary.split("\n").slice(0, 10)).toEqual([
      "# Mixpeek spec update: Mixpeek API 0.82 (aaaaaaaa) → 0.83 (bbbbbbbb, 2026-02-16)",
      "",
      "- Source: `https://example.test/openapi.json`, last modified 2026-02-16",
      "- Vendored: GET /v1/organizations/audit/logs/{audit_id} and what it reaches; not vendored: the source's 317 other path(s), 392 other operation(s) and 811 other component(s), which this package does not wrap",
      "- Ignored (OpenAPI ignores header parameters named Accept, Content-Type or Authorization): `GET /v1/organizations/audit/logs/{audit_id} header Authorization`",
      `- Content hash of the vendored part (SHA-256 of its canonical JSON): \`${"b".repeat(64)}\``,
      "- Verdict: **non-breaking** for users of this client",
      "- Version advice: **patch** (additions, nothing breaking): 0.1.0 → 0.1.1",
      "- Outcome: applied: openapi/mixpeek.yaml",
      "",
    ]);
  });

  test("a docs page is named as such; nothing left out, nothing ignored: no such lines", () => {
    const summary = renderSummary(report({ fromMarkdown: true }));
    expect(summary).toContain(
      "- Source: `https://example.test/openapi.json` (the OpenAPI block of a Markdown page)\n",
    );
    expect(summary).not.toContain("- Vendored:");
    expect(summary).not.toContain("- Ignored");
  });

  test("the same version with other content, a downgrade, an order that can't be told: said first", () => {
    const sameVersion = renderSummary(
      report({ spec: { before: BEFORE, after: { ...AFTER, version: "0.82" } } }),
    );
    expect(sameVersion.split("\n").slice(0, 5)).toEqual([
      "# Mixpeek spec update: Mixpeek API 0.82 (aaaaaaaa) → 0.82 (bbbbbbbb), changed without a version bump",
      "",
      "> **Changed without a version bump**: the source still says 0.82, but what this package vendors from it is not what is vendored now.",
      "",
      "- Source: `https://example.test/openapi.json`",
    ]);
    const down = renderSummary(report({ order: { kind: "older" } }));
    expect(down.split("\n").slice(2, 5)).toEqual([
      "> **Downgrade**: the new spec's version is older than the vendored one.",
      "",
      "- Source: `https://example.test/openapi.json`",
    ]);
    const unknown = renderSummary(
      report({ order: { kind: "unknown", reason: '"2026-11-26" is not a dotted number' } }),
    );
    expect(unknown.split("\n").slice(2, 5)).toEqual([
      '> **Version order unknown**: "2026-11-26" is not a dotted number, so whether this is a downgrade can\'t be told.',
      "",
      "- Source: `https://example.test/openapi.json`",
    ]);
    expect(renderSummary(report())).not.toContain(">");
  });

  test("a first import has no left side; --bump-version says it was applied", () => {
    const summary = renderSummary(
      report({
        spec: { before: undefined, after: AFTER },
        order: undefined,
        packageVersion: { current: "0.1.0", next: "0.1.1", applied: true },
      }),
    );
    expect(summary.split("\n")[0]).toBe(
      "# Mixpeek spec update: (none) → Mixpeek API 0.83 (bbbbbbbb)",
    );
    expect(summary).toContain(": 0.1.0 → 0.1.1, applied to package.json (--bump-version)\n");
  });
});

describe("the changes to the wrapped operation", () => {
  test("in full, breaking first, cells escaped; none: said so", () => {
    const summary = renderSummary(
      report({
        changes: [
          change("AuditEventResponse.region", "property added (optional, string | null)", false),
          change("AuditEventResponse.action", "property removed", true),
        ],
      }),
    );
    expect(summary).toContain(
      [
        "## GET /v1/organizations/audit/logs/{audit_id}, the schemas it reaches, the client's defaults",
        "",
        "| Impact | Where | Change |",
        "| --- | --- | --- |",
        "| **breaking** | `AuditEventResponse.action` | property removed |",
        "| non-breaking | `AuditEventResponse.region` | property added (optional, string \\| null) |",
      ].join("\n"),
    );
    expect(renderSummary(report({ changes: [] }))).toContain(
      "No change to its parameters, responses or schemas (descriptions or formatting only).",
    );
  });
});

describe("the lint section", () => {
  test("new problems are listed (30 in the summary, every one in the full report), with what a rerun needs", () => {
    const problems = lintProblems(40, () => false);
    const refused = renderSummary(
      report({ lint: { problems, stale: [], accepting: false, baselineRewritten: false } }),
    );
    expect(refused).toContain(
      "40 new problem(s), not in the baseline: fix them upstream, or accept them with --accept-lint-baseline; 0 known upstream problem(s) accepted by the baseline:\n\n- `openapi/mixpeek.yaml:1:3`: warning operation-4xx-response: ",
    );
    expect(refused).toContain("(synthetic problem 29).\n- … and 10 more\n");
    expect(refused).not.toContain("(synthetic problem 30)");
    expect(refused).toContain("| operation-4xx-response | warning | 14 | 0 | 0 |");
    expect(
      renderFullReport(
        report({ lint: { problems, stale: [], accepting: false, baselineRewritten: false } }),
      ),
    ).toContain(
      "| warning | operation-4xx-response | `openapi/mixpeek.yaml:40:3` | no | Operation must have at least one `4XX` response (synthetic problem 39). |",
    );

    // With --accept-lint-baseline nothing tells the maintainer to rerun with it.
    const dryRun = renderSummary(
      report({ lint: { problems, stale: [], accepting: true, baselineRewritten: false } }),
    );
    expect(dryRun).toContain(
      "40 new problem(s), accepted by --accept-lint-baseline, into the baseline when applied;",
    );
    const applied = renderSummary(
      report({ lint: { problems, stale: [], accepting: true, baselineRewritten: true } }),
    );
    expect(applied).toContain(
      "40 new problem(s), accepted into the baseline by --accept-lint-baseline;",
    );
    for (const text of [dryRun, applied]) expect(text).not.toContain("rerun with");
  });

  test("stale baseline entries: how to drop them, or that they are (being) dropped", () => {
    const stale = [{ file: SPEC_FILE, ruleId: "operation-summary", pointer: "#/paths/~1gone/get" }];
    const lint = (accepting: boolean, baselineRewritten: boolean) =>
      renderSummary(
        report({
          lint: { problems: lintProblems(2, () => true), stale, accepting, baselineRewritten },
        }),
      );
    expect(lint(false, false)).toContain(
      "No new problems; 2 known upstream problem(s) accepted by the baseline.\n\n1 baseline entry matches no problem any more (fixed upstream): rerun with --accept-lint-baseline to drop them.",
    );
    expect(lint(true, false)).toContain(
      "(fixed upstream): dropped from the baseline when applied (--accept-lint-baseline).",
    );
    expect(lint(true, true)).toContain("(fixed upstream): dropped from the baseline.");
    expect(lint(false, false)).toContain("| operation-summary | error | 0 | 1 | 1 |");
    expect(
      renderFullReport(
        report({ lint: { problems: [], stale, accepting: false, baselineRewritten: false } }),
      ),
    ).toContain("### Stale baseline entries\n\n- operation-summary `#/paths/~1gone/get`");
  });

  test("not run: said so", () => {
    expect(renderSummary(report({ lint: undefined }))).toContain("## Lint\n\nNot run.");
  });
});

describe("the type-check section", () => {
  const section = (r: UpdateReport, full = false) => {
    const text = full ? renderFullReport(r) : renderSummary(r);
    return text.slice(text.indexOf("## Type-check"));
  };

  test("passed, with or without errors the vendored spec's types already had", () => {
    expect(section(report())).toMatch(/against the new types\n\nPassed\.\n/);
    const old = section(
      report({ typecheck: { ok: true, errors: [], preexisting: errors(2, "src/errors.ts") } }),
    );
    expect(old).toContain(
      "Passed: no new error.\n\n2 error(s) that the vendored spec's types have too, not counted:\n\n```text\nsrc/errors.ts(1,1): error TS2339",
    );
  });

  test("failed: the new errors, 30 in the summary and all in the full report", () => {
    const failing = report({ typecheck: { ok: false, errors: errors(40), preexisting: [] } });
    expect(section(failing)).toContain(
      "Failed with 40 new error(s):\n\n```text\nsrc/client.ts(1,1)",
    );
    expect(section(failing)).toContain(
      "src/client.ts(30,1): error TS2339: Property 'x29' does not exist.\n… and 10 more\n```",
    );
    expect(section(failing, true)).toContain("src/client.ts(40,1): error TS2339");
    expect(section(failing, true)).not.toContain("more");
  });

  test("not run: why", () => {
    expect(
      section(
        report({
          typecheck: undefined,
          typecheckSkipped: "new lint problems stop the update first",
        }),
      ),
    ).toContain("Not run: new lint problems stop the update first.");
  });
});

describe("the changelog entry and the title", () => {
  test("versions with content hashes, the verdict, the advice with the versions, breaking changes first", () => {
    const entry = renderChangelogEntry(
      report({
        changes: [
          { where: "info.version", what: "0.82 → 0.83", breaking: false },
          change("AuditEventResponse.region", "property added (optional, string)", false),
          change("AuditEventResponse.action", "property\nremoved", true),
        ],
      }),
    );
    expect(entry).toEqual([
      "- Spec: Mixpeek API 0.82 (aaaaaaaa) → 0.83 (bbbbbbbb), **BREAKING** for users of this client; version advice: patch (0.1.0 → 0.1.1).",
      "  - **Breaking:** `AuditEventResponse.action`: property removed",
      "  - `AuditEventResponse.region`: property added (optional, string)",
    ]);
  });

  test("many changes are counted after 15; none but the version: descriptions only; no version bump: said", () => {
    const many = Array.from({ length: 20 }, (_, i) => change(`A.f${i}`, "property added", false));
    const entry = renderChangelogEntry(report({ changes: many }));
    expect(entry).toHaveLength(17);
    expect(entry.at(-1)).toBe("  - … and 5 more change(s)");
    const docs = renderChangelogEntry(
      report({
        changes: [{ where: "info.version", what: "0.82 → 0.83", breaking: false }],
        advice: undefined,
      }),
    );
    expect(docs).toEqual([
      "- Spec: Mixpeek API 0.82 (aaaaaaaa) → 0.83 (bbbbbbbb), **non-breaking** for users of this client.",
      "  - Descriptions or formatting only.",
    ]);
    const noBump = renderChangelogEntry(
      report({ spec: { before: BEFORE, after: { ...AFTER, version: "0.82" } } }),
    );
    expect(noBump[0]).toContain(
      "→ 0.82 (bbbbbbbb), changed without a version bump, **non-breaking**",
    );
  });

  test("the title is one line: versions, hashes, breaking, advice", () => {
    expect(renderTitle(report())).toBe(
      "Mixpeek spec: Mixpeek API 0.82 (aaaaaaaa) → 0.83 (bbbbbbbb) — patch (0.1.0 → 0.1.1)",
    );
    const { packageVersion: _, ...breaking } = report({
      spec: { before: { ...BEFORE, title: "Mixpeek\nAPI" }, after: AFTER },
      changes: [change("A.b", "property removed", true)],
      advice: { level: "minor", why: "breaking" },
    });
    expect(renderTitle(breaking)).toBe(
      "Mixpeek spec: Mixpeek API 0.82 (aaaaaaaa) → Mixpeek API 0.83 (bbbbbbbb) (breaking) — minor",
    );
  });
});

describe("the report fits a pull-request body", () => {
  test("hundreds of changes, 1,200 lint problems and 400 compile errors stay under the limit, the header and changes first", () => {
    const changes = Array.from({ length: 300 }, (_, i) =>
      change(`AuditEventResponse.field_${i}`, "property added (optional, string)", i % 7 === 0),
    );
    const input = report({
      changes,
      lint: { problems: lintProblems(1_200), stale: [], accepting: true, baselineRewritten: true },
      typecheck: { ok: false, errors: errors(400), preexisting: [] },
    });
    const summary = renderSummary(input, "spec-bump.full.md");
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    expect(summary).toContain("| **breaking** | `AuditEventResponse.field_0` |");
    expect(summary).toContain("Failed with 400 new error(s):");
    expect(summary).toContain(
      "Every lint problem and compile error, one per line: `spec-bump.full.md`.",
    );
    expect(summary).not.toContain("cut to fit");
    const full = renderFullReport(input);
    expect(full.length).toBeGreaterThan(PR_BODY_LIMIT);
    expect(full).toContain("(synthetic problem 1199)");
  });

  test("any input — huge cells, thousands of rows — gives a summary under the limit that starts with the header", () => {
    const text = fc.string({ maxLength: 3_000, size: "max" });
    const anyChange = fc.record({
      where: text,
      what: text,
      breaking: fc.boolean(),
    }) as fc.Arbitrary<SpecChange>;
    fc.assert(
      fc.property(
        fc.array(anyChange, { maxLength: 400 }),
        fc.integer({ min: 0, max: 3_000 }),
        text,
        (changes, problems, source) => {
          const summary = renderSummary(
            report({
              changes,
              source,
              lint: {
                problems: lintProblems(problems),
                stale: [],
                accepting: false,
                baselineRewritten: false,
              },
            }),
          );
          expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
          expect(
            summary.startsWith(
              "# Mixpeek spec update: Mixpeek API 0.82 (aaaaaaaa) → 0.83 (bbbbbbbb)\n",
            ),
          ).toBe(true);
          expect(summary).toContain("- Outcome: ");
        },
      ),
      { numRuns: 40 },
    );
  });

  test("a wrapped section too long for a body is cut at a row, saying so; nothing after it is kept", () => {
    const changes = Array.from({ length: 100 }, (_, i) =>
      change(`AuditEventResponse.field_${i}`, `now restricted to ${'"value", '.repeat(200)}`, true),
    );
    const summary = renderSummary(report({ changes }), "spec-bump.full.md");
    expect(summary.length).toBeLessThanOrEqual(MAX_SUMMARY_CHARS);
    expect(summary).toContain("| **breaking** | `AuditEventResponse.field_0` |");
    expect(summary).not.toContain("`AuditEventResponse.field_99`");
    expect(summary).toContain("_(The rest of this report is cut to fit a pull-request body.)_");
    expect(summary).not.toContain("## Lint");
    expect(
      summary
        .trimEnd()
        .endsWith("Every lint problem and compile error, one per line: `spec-bump.full.md`."),
    ).toBe(true);
  });

  test("the generated files that change are listed", () => {
    expect(renderSummary(report())).toContain(
      "## Generated files that change\n\n- `generated/api-types.ts`\n",
    );
    expect(renderSummary(report({ changedFiles: [] }))).not.toContain("## Generated files");
  });
});

describe("the whole report, as a reviewer reads it", () => {
  test("a small bump's summary, line for line: sections in order, nothing more", () => {
    const summary = renderSummary(
      report({
        lint: {
          problems: lintProblems(1, () => false),
          stale: [{ file: SPEC_FILE, ruleId: "operation-4xx-response", pointer: "#/x" }],
          accepting: true,
          baselineRewritten: true,
        },
      }),
    );
    expect(summary).toBe(
      [
        "# Mixpeek spec update: Mixpeek API 0.82 (aaaaaaaa) → 0.83 (bbbbbbbb)",
        "",
        "- Source: `https://example.test/openapi.json`",
        `- Content hash of the vendored part (SHA-256 of its canonical JSON): \`${"b".repeat(64)}\``,
        "- Verdict: **non-breaking** for users of this client",
        "- Version advice: **patch** (additions, nothing breaking): 0.1.0 → 0.1.1",
        "- Outcome: applied: openapi/mixpeek.yaml",
        "",
        "## GET /v1/organizations/audit/logs/{audit_id}, the schemas it reaches, the client's defaults",
        "",
        "| Impact | Where | Change |",
        "| --- | --- | --- |",
        "| non-breaking | `AuditEventResponse.region` | property added (optional, string) |",
        "",
        "## Lint",
        "",
        "1 new problem(s), accepted into the baseline by --accept-lint-baseline; 0 known upstream problem(s) accepted by the baseline:",
        "",
        "- `openapi/mixpeek.yaml:1:3`: warning operation-4xx-response: Operation must have at least one `4XX` response (synthetic problem 0).",
        "",
        "1 baseline entry matches no problem any more (fixed upstream): dropped from the baseline.",
        "",
        "| Rule | Severity | New | In the baseline | Fixed upstream |",
        "| --- | --- | --- | --- | --- |",
        "| operation-4xx-response | warning | 1 | 0 | 1 |",
        "",
        "## Type-check of what ships (src/ and generated/) against the new types",
        "",
        "Passed.",
        "",
        "## Generated files that change",
        "",
        "- `generated/api-types.ts`",
        "",
      ].join("\n"),
    );
  });

  test("the full report adds every problem, the stale entries, every error; nothing when there are none", () => {
    const full = renderFullReport(
      report({
        changes: [],
        lint: {
          problems: lintProblems(1, () => true),
          stale: [{ file: SPEC_FILE, ruleId: "operation-summary", pointer: "#/paths/~1gone/get" }],
          accepting: false,
          baselineRewritten: false,
        },
        typecheck: { ok: true, errors: [], preexisting: errors(1, "src/errors.ts") },
        changedFiles: [],
      }),
    );
    const [header = ""] = renderSummary(report({ changes: [] })).split("\n## Lint");
    expect(full.startsWith(header)).toBe(true);
    expect(full.slice(full.indexOf("## Lint"))).toBe(
      [
        "## Lint",
        "",
        "No new problems; 1 known upstream problem(s) accepted by the baseline.",
        "",
        "1 baseline entry matches no problem any more (fixed upstream): rerun with --accept-lint-baseline to drop them.",
        "",
        "| Rule | Severity | New | In the baseline | Fixed upstream |",
        "| --- | --- | --- | --- | --- |",
        "| operation-4xx-response | warning | 0 | 1 | 0 |",
        "| operation-summary | — | 0 | 0 | 1 |",
        "",
        "### Every problem",
        "",
        "| Severity | Rule | Location | In the baseline | Message |",
        "| --- | --- | --- | --- | --- |",
        "| warning | operation-4xx-response | `openapi/mixpeek.yaml:1:3` | yes | Operation must have at least one `4XX` response (synthetic problem 0). |",
        "",
        "### Stale baseline entries",
        "",
        "- operation-summary `#/paths/~1gone/get`",
        "",
        "## Type-check of what ships (src/ and generated/) against the new types",
        "",
        "Passed: no new error.",
        "",
        "1 error(s) that the vendored spec's types have too, not counted:",
        "",
        "```text",
        "src/errors.ts(1,1): error TS2339: Property 'x0' does not exist.",
        "```",
        "",
      ].join("\n"),
    );
    const clean = renderFullReport(report({ changedFiles: [] }));
    expect(clean.slice(clean.indexOf("## Lint"))).toBe(
      [
        "## Lint",
        "",
        "No new problems; 0 known upstream problem(s) accepted by the baseline.",
        "",
        "## Type-check of what ships (src/ and generated/) against the new types",
        "",
        "Passed.",
        "",
      ].join("\n"),
    );
  });

  test("the rest of the header: two ignored headers, a source counted without components, no advice or no version", () => {
    const summary = renderSummary(
      report({
        leftOut: { paths: 2, operations: 2, components: 0 },
        ignoredHeaders: ["GET /a header Authorization", "GET /a header Accept"],
        advice: undefined,
      }),
    );
    expect(summary).toContain(
      "- Vendored: GET /v1/organizations/audit/logs/{audit_id} and what it reaches; not vendored: the source's 2 other path(s), 2 other operation(s) and 0 other component(s), which this package does not wrap\n",
    );
    expect(summary).toContain(": `GET /a header Authorization`, `GET /a header Accept`\n");
    expect(summary).not.toContain("Version advice");
    const { packageVersion: _, ...unversioned } = report();
    expect(renderSummary(unversioned)).toContain(
      "- Version advice: **patch** (additions, nothing breaking)\n- Outcome:",
    );
    expect(renderChangelogEntry(unversioned)[0]).toBe(
      "- Spec: Mixpeek API 0.82 (aaaaaaaa) → 0.83 (bbbbbbbb), **non-breaking** for users of this client; version advice: patch.",
    );
    expect(renderTitle({ ...unversioned, advice: undefined })).toBe(
      "Mixpeek spec: Mixpeek API 0.82 (aaaaaaaa) → 0.83 (bbbbbbbb)",
    );
    expect(
      renderTitle({
        ...unversioned,
        spec: { before: { ...BEFORE, title: "Mixpeek \n\t API" }, after: AFTER },
      }),
    ).toBe("Mixpeek spec: Mixpeek API 0.82 (aaaaaaaa) → Mixpeek API 0.83 (bbbbbbbb) — patch");
  });

  test("two stale entries and a rule with both severities; a type-check that could not run without a reason", () => {
    const stale = ["#/a", "#/b"].map((pointer) => ({
      file: SPEC_FILE,
      ruleId: "zz-rule",
      pointer,
    }));
    const problems = [...lintProblems(3, () => true), ...lintProblems(1, () => true)].map(
      (p, i) => ({
        ...p,
        ruleId: i === 0 ? "security-defined" : p.ruleId,
        severity: i === 3 ? ("error" as const) : p.severity,
      }),
    );
    const summary = renderSummary(
      report({
        lint: { problems, stale, accepting: false, baselineRewritten: false },
        typecheck: undefined,
      }),
    );
    expect(summary).toContain("2 baseline entries match no problem any more (fixed upstream)");
    const table = summary.slice(summary.indexOf("| Rule |"), summary.indexOf("\n\n## Type-check"));
    expect(table.split("\n").slice(2)).toEqual([
      "| operation-4xx-response | error | 0 | 1 | 0 |",
      "| operation-summary | error | 0 | 1 | 0 |",
      "| security-defined | error, warning | 0 | 2 | 0 |",
      "| zz-rule | — | 0 | 0 | 2 |",
    ]);
    expect(summary).toContain("Not run: the new spec cannot generate this client.");
  });

  test("cells are clipped at 300 characters, with an ellipsis, and not before", () => {
    const summary = (where: string) =>
      renderSummary(report({ changes: [change("w", where, false)], source: where }));
    expect(summary("x".repeat(300))).toContain(`\`${"x".repeat(300)}\``);
    expect(summary("x".repeat(301))).toContain(`\`${"x".repeat(300)}…\``);
  });
});

describe("fit: the report cut to a pull-request body", () => {
  const sections = [
    ["# title", "", "- a line"],
    ["", "## next", "", ...Array.from({ length: 50 }, (_, i) => `row ${i}`)],
  ];
  const whole = `${sections.flat().join("\n")}\n`;

  test("what fits is kept whole, footer last; what doesn't is cut at a line, saying so", () => {
    expect(fit(sections, [], 10_000)).toBe(whole);
    expect(fit(sections, ["footer"], 10_000)).toBe(`${sections.flat().join("\n")}\n\nfooter\n`);
    const cut = fit(sections, ["footer"], 150);
    expect(cut.startsWith("# title\n\n- a line\n\n## next\n")).toBe(true);
    expect(
      cut.endsWith(
        "\n\n_(The rest of this report is cut to fit a pull-request body.)_\n\nfooter\n",
      ),
    ).toBe(true);
  });

  test("for every limit, the result fits it (footer and note included) and starts with the header", () => {
    for (const footer of [[], ["a footer line that takes room"]]) {
      for (let limit = 110; limit <= whole.length + 120; limit++) {
        const text = fit(sections, footer, limit);
        expect(text.length, `limit ${limit}`).toBeLessThanOrEqual(limit);
        expect(text.startsWith("# title\n")).toBe(true);
      }
    }
  });
});
