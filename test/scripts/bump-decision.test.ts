import { describe, expect, test } from "vitest";
import { decide, type BumpFlags } from "../../scripts/lib/bump-decision.js";
import type { Comparison } from "../../scripts/lib/spec-comparison.js";
import type { SpecChange } from "../../scripts/lib/spec-diff.js";
import type { LintProblem } from "../../scripts/lib/redocly-lint.js";

const AUDIT = { method: "get", path: "/v1/organizations/audit/logs/{audit_id}" } as const;
const added: SpecChange = {
  where: "AuditEventResponse.region",
  what: "property added (optional, string)",
  breaking: false,
};
const removed: SpecChange = { ...added, what: "property removed", breaking: true };
const problem = { ruleId: "operation-summary" } as LintProblem;

function comparison(changes: SpecChange[], older = false): Comparison {
  return {
    before: { title: "Mixpeek API", version: older ? "0.83" : "0.81", sha256: "a".repeat(64) },
    after: { title: "Mixpeek API", version: "0.82", sha256: "b".repeat(64) },
    unchanged: false,
    order: { kind: older ? "older" : "newer" },
    changes,
  };
}

const NO_FLAGS: BumpFlags = { allowBreaking: false, allowDowngrade: false, dryRun: false };

function decision(
  changes: SpecChange[],
  options: {
    older?: boolean;
    flags?: Partial<BumpFlags>;
    fresh?: LintProblem[];
    accepting?: boolean;
    missing?: boolean;
    typeErrors?: boolean;
    version?: string;
  } = {},
) {
  return decide({
    comparison: comparison(changes, options.older),
    part: { missing: options.missing ? [AUDIT] : [], renamed: [] },
    lint: { fresh: options.fresh ?? [], accepting: options.accepting ?? false },
    typecheck: {
      ok: !options.typeErrors,
      errors: options.typeErrors ? ["x"] : [],
      preexisting: [],
    },
    packageVersion: options.version ?? "0.1.0",
    flags: { ...NO_FLAGS, ...options.flags },
  });
}

describe("what a changed spec leads to", () => {
  test("non-breaking: applied, exit 0, 0.1.0 → 0.1.1", () => {
    expect(decision([added])).toEqual({
      status: "applied",
      reason: undefined,
      breaking: false,
      advice: {
        level: "patch",
        why: "additions, nothing breaking; while 0.x that raises the patch number",
      },
      nextVersion: "0.1.1",
      exitCode: 0,
      outcome: "",
    });
  });

  test("breaking by the diff or by a new type error: refused (exit 1) unless --allow-breaking; 0.1.0 → 0.2.0", () => {
    for (const breaking of [decision([removed]), decision([added], { typeErrors: true })]) {
      expect(breaking).toMatchObject({
        status: "refused",
        reason: "breaking",
        breaking: true,
        nextVersion: "0.2.0",
        exitCode: 1,
        outcome: "not applied: breaking (rerun with --allow-breaking to apply anyway)",
      });
    }
    expect(decision([removed], { flags: { allowBreaking: true } })).toMatchObject({
      status: "applied",
      reason: undefined,
      breaking: true,
      exitCode: 0,
    });
  });

  test("a downgrade: refused before anything else but a missing operation, naming both versions", () => {
    expect(decision([removed], { older: true, fresh: [problem] })).toMatchObject({
      status: "refused",
      reason: "downgrade",
      exitCode: 1,
      outcome:
        "not applied: downgrade from 0.83 to 0.82 (rerun with --allow-downgrade to apply anyway)",
    });
    expect(decision([added], { older: true, flags: { allowDowngrade: true } }).status).toBe(
      "applied",
    );
  });

  test("new lint problems: refused with exit 2 unless accepted", () => {
    expect(decision([added], { fresh: [problem, problem] })).toMatchObject({
      status: "refused",
      reason: "lint",
      exitCode: 2,
      outcome:
        "not applied: 2 lint problem(s) not in the baseline (fix them upstream, or accept them with --accept-lint-baseline)",
    });
    expect(decision([added], { fresh: [problem], accepting: true }).status).toBe("applied");
  });

  test("the wrapped operation gone: refused whatever the flags", () => {
    const everything = { allowBreaking: true, allowDowngrade: true };
    expect(decision([removed], { missing: true, flags: everything })).toMatchObject({
      status: "refused",
      reason: "no-wrapped-operation",
      exitCode: 1,
      outcome:
        "not applied: the new spec has no GET /v1/organizations/audit/logs/{audit_id}, which this package wraps",
    });
  });

  test("a dry run writes nothing and exits as the real run would, saying what it would do", () => {
    expect(decision([added], { flags: { dryRun: true } })).toMatchObject({
      status: "dry-run",
      reason: undefined,
      exitCode: 0,
      outcome: "dry run: nothing written; a real run applies it",
    });
    expect(decision([removed], { flags: { dryRun: true } })).toMatchObject({
      status: "dry-run",
      reason: "breaking",
      exitCode: 1,
      outcome:
        "dry run: nothing written; a real run does not: breaking (rerun with --allow-breaking to apply anyway)",
    });
  });

  test("from 1.0.0 the usual semver; no plain version in package.json: no next version", () => {
    expect(decision([added], { version: "1.4.2" })).toMatchObject({
      advice: { level: "minor" },
      nextVersion: "1.5.0",
    });
    expect(decision([removed], { version: "1.4.2", flags: { allowBreaking: true } })).toMatchObject(
      { advice: { level: "major" }, nextVersion: "2.0.0" },
    );
    expect(decision([added], { version: "1.0.0-rc.1" }).nextVersion).toBeUndefined();
  });
});
