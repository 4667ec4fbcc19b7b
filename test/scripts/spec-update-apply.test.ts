import { readFile, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { main as generate } from "../../scripts/generate.js";
import type { UpdateOutcome } from "../../scripts/spec-update.js";
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

let project: FullProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

function run(...argv: string[]) {
  return runSpecUpdate(project!, ...argv);
}

const inProject = (name: string) => path.join(project!.layout.root, name);

describe("spec:update from a URL", () => {
  test("--dry-run: the report names the page's date (Last-Modified), writes only --report and --json, changes nothing", async () => {
    project = await fullProjectCopy(OLDER);
    const before = await project.snapshot();
    const page = await readFile(DOCS_PAGE);
    const server = http.createServer((_, res) =>
      res.writeHead(200, { "last-modified": "Wed, 25 Feb 2026 09:30:00 GMT" }).end(page),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/docs/get-audit-log.md`;
    try {
      const { code, report } = await run(
        url,
        "--dry-run",
        "--report",
        inProject("out/bump.md"),
        "--json",
        inProject("out/bump.json"),
      );
      expect(code).toBe(0);
      expect(report.split("\n")[0]).toMatch(
        /^# Mixpeek spec update: Mixpeek API 0\.81 \([0-9a-f]{8}\) → 0\.82 \([0-9a-f]{8}, 2026-02-25\)$/,
      );
      expect(report).toContain(
        `- Source: \`${url}\` (the OpenAPI block of a Markdown page), last modified 2026-02-25`,
      );
      expect(report).toContain("- Outcome: dry run: nothing written; a real run applies it");
      expect(await readFile(inProject("out/bump.md"), "utf8")).toBe(`${report}\n`);
      const outcome = JSON.parse(
        await readFile(inProject("out/bump.json"), "utf8"),
      ) as UpdateOutcome;
      expect(outcome).toMatchObject({
        status: "dry-run",
        breaking: false,
        advice: "patch",
        spec: { before: { version: "0.81" }, after: { version: "0.82", published: "2026-02-25" } },
      });
      expect(outcome.title).toMatch(/ — patch \(0\.1\.0 → 0\.1\.1\)$/);
      expect(await project.snapshot()).toEqual(before);
    } finally {
      server.close();
    }
  });
});

describe("the lint baseline", () => {
  /** The vendored spec, its operation without a summary: a lint problem inside what is vendored. */
  async function specWithNewLintError(): Promise<string> {
    const spec = await readFile(path.join(REPO_ROOT, "openapi/mixpeek.yaml"), "utf8");
    const file = inProject("new-spec.yaml");
    await writeFile(
      file,
      spec
        .replace("      summary: Get Audit Log\n", "")
        .replace("version: '0.82'", "version: '0.83'"),
    );
    return file;
  }

  test("a new lint problem: the report lists it and the update is refused (exit 2); a dry run says the same", async () => {
    project = await fullProjectCopy();
    const source = await specWithNewLintError();
    const before = await project.snapshot();
    const problem = `${source}:19:5: error operation-summary: Operation object should contain \`summary\` field.`;
    for (const dryRun of [[], ["--dry-run"]]) {
      const refused = await run(source, ...dryRun, "--json", inProject("bump.json"));
      expect(refused.code).toBe(2);
      expect(refused.report).toContain(
        "1 new problem(s), not in the baseline: fix them upstream, or accept them with --accept-lint-baseline; 0 known upstream problem(s) accepted by the baseline:",
      );
      expect(refused.report).toContain(
        `- \`${problem.split(": error")[0]}\`: error operation-summary`,
      );
      expect(refused.io.err).toEqual([
        problem,
        `spec:update: ${dryRun.length ? "dry run: nothing written; a real run does not" : "not applied"}: 1 lint problem(s) not in the baseline (fix them upstream, or accept them with --accept-lint-baseline)`,
      ]);
      expect(JSON.parse(await readFile(inProject("bump.json"), "utf8"))).toMatchObject({
        status: dryRun.length ? "dry-run" : "refused",
        reason: "lint",
      });
      expect(await project.snapshot()).toEqual(before);
    }
  });

  test("--accept-lint-baseline --dry-run does not ask for itself; without --dry-run it records the problem and applies", async () => {
    project = await fullProjectCopy();
    const source = await specWithNewLintError();
    const dryRun = await run(source, "--accept-lint-baseline", "--dry-run");
    expect(dryRun.code).toBe(0);
    expect(dryRun.report).toContain(
      "1 new problem(s), accepted by --accept-lint-baseline, into the baseline when applied;",
    );
    expect(dryRun.report).not.toContain("rerun with");

    const accepted = await run(source, "--accept-lint-baseline");
    expect(accepted.code).toBe(0);
    expect(accepted.report).toContain(
      "1 new problem(s), accepted into the baseline by --accept-lint-baseline",
    );
    const after = await project.snapshot();
    expect(after["openapi/.redocly.lint-ignore.yaml"]).toContain(
      "mixpeek.yaml:\n  operation-summary:\n    - '#/paths/~1v1~1organizations~1audit~1logs~1{audit_id}/get/summary'\n",
    );
    // The accepted problem no longer stops generation, and is not printed as new.
    const check = captureIo();
    expect(await generate(["--check", "--root", project.layout.root], check)).toBe(0);
    expect(check.err).toEqual([]);
  });
});
