import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { main as generate } from "../../scripts/generate.js";
import {
  FIXTURES,
  fullProjectCopy,
  runSpecUpdate,
  type FullProject,
} from "../helpers/full-project.js";
import { captureIo } from "../helpers/script-io.js";

let project: FullProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

/** Applies a fixture with --allow-breaking, then proves generated/ is what `generate` makes. */
async function applyAndCheck(fixture: string) {
  project = await fullProjectCopy();
  const applied = await runSpecUpdate(project, path.join(FIXTURES, fixture), "--allow-breaking");
  const check = captureIo();
  const checkCode = await generate(["--check", "--root", project.layout.root], check);
  return { ...applied, checkCode, after: await project.snapshot() };
}

// The improvements Mixpeek's FastAPI document is likely to get next. None may crash the bump
// (exit 2 or 70): each either applies, or is refused as breaking (exit 1), which
// --allow-breaking overrides (spec-update-gate.test.ts).
describe("likely upstream fixes go through spec:update", () => {
  test("timestamp gains `type: string, format: date-time`: breaking (unknown → string), applies with --allow-breaking; the format is an annotation, not checked", async () => {
    const { code, io, report, checkCode, after } = await applyAndCheck(
      "mixpeek-0.83-timestamp-date-time.yaml",
    );
    expect(io.err.join("\n")).not.toContain("unknown format");
    expect(code).toBe(0);
    expect(report).toContain(
      "| **breaking** | `AuditEventResponse.timestamp` | type changed: unknown → string |",
    );
    // What ships compiles against it (only a type test pinning `unknown` would notice: npm test).
    expect(report).toMatch(/against the new types\n\nPassed\./);
    expect(checkCode).toBe(0);
    expect(after["generated/api-types.ts"]).toContain("timestamp: string;");
    expect(after["generated/response-validators.ts"]).toContain('"timestamp":{"type":"string"}');
    expect(after["generated/response-validators.ts"]).not.toContain("date-time");
  });

  test("a bearer security scheme, required by the audit operation: non-breaking, applied", async () => {
    project = await fullProjectCopy();
    const { code, report } = await runSpecUpdate(
      project,
      path.join(FIXTURES, "mixpeek-0.83-bearer-security.yaml"),
    );
    expect(code).toBe(0);
    expect(report).toContain("- Verdict: **non-breaking** for users of this client");
    const check = captureIo();
    expect(await generate(["--check", "--root", project.layout.root], check)).toBe(0);
  });

  test("enums on actor_type (a referenced enum schema) and status (inline): generated in staging, refused as breaking", async () => {
    project = await fullProjectCopy();
    const before = await project.snapshot();
    const { code, report } = await runSpecUpdate(
      project,
      path.join(FIXTURES, "mixpeek-0.83-enums.yaml"),
    );
    expect(code).toBe(1);
    expect(report).toContain("- Verdict: **BREAKING** for users of this client");
    // Generation and the type-check ran (`--allow-breaking` would apply what they made).
    expect(report).toMatch(/against the new types\n\nPassed\./);
    expect(report).toContain("- `generated/api-types.ts`");
    expect(await project.snapshot()).toEqual(before);
  });
});
