import { readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { main as generate } from "../../scripts/generate.js";
import {
  FIXTURES,
  fullProjectCopy,
  runSpecUpdate,
  type FullProject,
} from "../helpers/full-project.js";
import { REPO_ROOT } from "../helpers/project-copy.js";
import { captureIo } from "../helpers/script-io.js";

const DOCS_PAGE = path.join(FIXTURES, "mixpeek-docs-page-0.82.md");
const OLDER = path.join(FIXTURES, "mixpeek-0.81-older.yaml");
const NEW_PROPERTIES = ["actor_name", "actor_email", "actor_key_name"];

let project: FullProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

function run(...argv: string[]) {
  return runSpecUpdate(project!, ...argv);
}

describe("spec:update applies a non-breaking spec", () => {
  test("0.81 → the published 0.82 docs page: three new optional nullable properties, applied", async () => {
    project = await fullProjectCopy(OLDER);
    const { code, report } = await run(DOCS_PAGE);
    expect(code).toBe(0);
    expect(report).toContain("# Mixpeek spec update: Mixpeek API 0.81 → Mixpeek API 0.82");
    expect(report).toContain("- Verdict: **non-breaking** for users of this client");
    for (const name of NEW_PROPERTIES) {
      expect(report).toContain(
        `| non-breaking | \`AuditEventResponse.${name}\` | property added (optional, string \\| null) |`,
      );
    }
    expect(report).not.toContain("**breaking**");
    expect(report).toContain("## Type-check of src/ and test/ against the new types\n\nPassed.");
    expect(report).toMatch(/- Outcome: applied: openapi\/mixpeek\.yaml, generated\//);

    // The vendored bytes are the page's yaml block, and generated/ is what the repository holds.
    const after = await project.snapshot();
    expect(after["openapi/mixpeek.yaml"]).toBe(
      await readFile(path.join(REPO_ROOT, "openapi/mixpeek.yaml"), "utf8"),
    );
    for (const name of NEW_PROPERTIES)
      expect(after["generated/api-types.ts"]).toContain(`${name}?: string | null;`);
    const check = captureIo();
    expect(await generate(["--check", "--root", project.layout.root], check)).toBe(0);
  });

  test("--dry-run from a URL reports, writes only the --report file, and changes nothing", async () => {
    project = await fullProjectCopy(OLDER);
    const before = await project.snapshot();
    const page = await readFile(DOCS_PAGE);
    const server = http.createServer((_, res) => res.end(page));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/docs/get-audit-log.md`;
    const reportFile = path.join(project.layout.root, "out", "bump.md");
    try {
      const { code, report } = await run(url, "--dry-run", "--report", reportFile);
      expect(code).toBe(0);
      expect(report).toContain(`- Source: \`${url}\` (the OpenAPI block of a Markdown page)`);
      expect(report).toContain("- Outcome: dry run: nothing written");
      expect(await readFile(reportFile, "utf8")).toBe(`${report}\n`);
      expect(await project.snapshot()).toEqual(before);
    } finally {
      server.close();
    }
  });

  test("the same spec again is a no-op", async () => {
    project = await fullProjectCopy();
    const before = await project.snapshot();
    const { code, io } = await run(DOCS_PAGE);
    expect(code).toBe(0);
    expect(io.out).toEqual([
      "openapi/mixpeek.yaml is already this spec (Mixpeek API 0.82); nothing to do",
    ]);
    expect(await project.snapshot()).toEqual(before);
  });
});

describe("the lint baseline", () => {
  /** The current spec plus a list endpoint with a trailing slash: a new upstream lint error. */
  async function specWithNewLintError(): Promise<string> {
    const spec = await readFile(path.join(REPO_ROOT, "openapi/mixpeek.yaml"), "utf8");
    const extra = [
      "  /v1/organizations/audit/logs/:",
      "    get:",
      "      summary: List Audit Logs",
      "      operationId: list_audit_logs_v1_organizations_audit_logs__get",
      "      responses:",
      "        '200':",
      "          description: Successful Response",
      "        '404':",
      "          description: Not Found",
      "",
    ].join("\n");
    const file = path.join(project!.layout.root, "new-spec.yaml");
    await writeFile(
      file,
      spec.replace("paths:\n", `paths:\n${extra}`).replace("version: '0.82'", "version: '0.83'"),
    );
    return file;
  }

  test("a new lint problem fails the update; --accept-lint-baseline records it and applies", async () => {
    project = await fullProjectCopy();
    const source = await specWithNewLintError();
    const before = await project.snapshot();

    const refused = await run(source);
    expect(refused.code).toBe(2);
    expect(refused.io.err).toEqual([
      `${source}:18:3: error no-path-trailing-slash: \`/v1/organizations/audit/logs/\` should not have a trailing slash.`,
      `${source}: 1 lint problem(s) not in the baseline (openapi/.redocly.lint-ignore.yaml); fix them upstream, or accept them with --accept-lint-baseline`,
    ]);
    expect(await project.snapshot()).toEqual(before);

    const accepted = await run(source, "--accept-lint-baseline");
    expect(accepted.code).toBe(0);
    expect(accepted.report).toContain(
      "1 new problem(s), accepted into the baseline by --accept-lint-baseline",
    );
    // An operation this package doesn't wrap: counted, under its tag.
    expect(accepted.report).toContain("| operation added | 1 | 0 |");
    const after = await project.snapshot();
    expect(after["openapi/.redocly.lint-ignore.yaml"]).toContain(
      "mixpeek.yaml:\n  no-path-trailing-slash:\n    - '#/paths/~1v1~1organizations~1audit~1logs~1'\n",
    );
    // The accepted problem no longer stops generation, and is not printed as new.
    const check = captureIo();
    expect(await generate(["--check", "--root", project.layout.root], check)).toBe(0);
    expect(check.err).toEqual([]);
  });
});
