import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseYaml } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UpdateOutcome } from "../../scripts/spec-update.js";
import {
  FIXTURES,
  fullProjectCopy,
  runSpecUpdate,
  type FullProject,
} from "../helpers/full-project.js";
import { REPO_ROOT } from "../helpers/project-copy.js";

interface Step {
  readonly id?: string;
  readonly if?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, string>;
}
const workflow = parseYaml(
  readFileSync(path.join(REPO_ROOT, ".github/workflows/spec-bump.yml"), "utf8"),
) as { jobs: { bump: { steps: Step[] } } };
const steps = workflow.jobs.bump.steps;
const step = (id: string) => steps.find((s) => s.id === id)!;

/** The `update` step's arguments, as the workflow runs them, with $RUNNER_TEMP pointing at `temp`. */
function workflowArgs(temp: string): string[] {
  const command = step("update").run!.trim();
  const prefix = "npm run spec:update -- ";
  expect(command.startsWith(prefix)).toBe(true);
  return command
    .slice(prefix.length)
    .split(/\s+/)
    .map((arg) => arg.replace(/^"(.*)"$/, "$1").replace("$RUNNER_TEMP", temp));
}

const PAGES = {
  "0.81": readFileSync(path.join(FIXTURES, "mixpeek-0.81-older.yaml")),
  "0.82": readFileSync(path.join(FIXTURES, "mixpeek-docs-page-0.82.md")),
  "0.83 enums added": readFileSync(path.join(FIXTURES, "mixpeek-0.83-enum-added.yaml")),
};

let project: FullProject;
let temp: string;
let server: http.Server;
let page: Buffer;
let sourceUrl: string;

beforeAll(async () => {
  project = await fullProjectCopy(path.join(FIXTURES, "mixpeek-0.81-older.yaml"));
  temp = await mkdtemp(path.join(tmpdir(), "runner-temp-"));
  server = http.createServer((req, res) => {
    if (req.url === "/docs/get-audit-log.md") res.end(page);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  sourceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/docs/get-audit-log.md`;
  // The one place the source is set: the workflow passes none.
  const pkgFile = path.join(project.layout.root, "package.json");
  const pkg = JSON.parse(await readFile(pkgFile, "utf8")) as { config: { specSource: string } };
  expect(pkg.config.specSource).toMatch(/^https:\/\//);
  pkg.config.specSource = sourceUrl;
  await writeFile(pkgFile, `${JSON.stringify(pkg, null, 2)}\n`);
}, 120_000);

afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await project.remove();
  await rm(temp, { recursive: true, force: true });
});

/** One scheduled run: the update step as written, then what the outcome step would read. */
async function scheduledRun() {
  await rm(path.join(temp, "spec-bump.json"), { force: true });
  await rm(path.join(temp, "spec-bump.md"), { force: true });
  const result = await runSpecUpdate(project, ...workflowArgs(temp));
  const json = await readFile(path.join(temp, "spec-bump.json"), "utf8").catch(() => undefined);
  const outcome = json === undefined ? undefined : (JSON.parse(json) as UpdateOutcome);
  const body = await readFile(path.join(temp, "spec-bump.md"), "utf8").catch(() => undefined);
  return { ...result, outcome, body };
}

/**
 * The `body` step's script as the runner runs it (bash, in the repository), with the test step's
 * exit code and log; returns the pull-request body and the step's outputs.
 */
function bodyStep(testExit: number, testLog: string, breaking: boolean) {
  const output = path.join(temp, "github-output");
  writeFileSync(path.join(temp, "npm-test.log"), testLog);
  execFileSync("bash", ["-e", "-c", `: > "$GITHUB_OUTPUT"\n${step("body").run!}`], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: output,
      TEST_EXIT: String(testExit),
      BREAKING: String(breaking),
    },
    stdio: "pipe",
    timeout: 60_000,
  });
  return {
    body: readFileSync(path.join(temp, "pr-body.md"), "utf8"),
    outputs: readFileSync(output, "utf8"),
  };
}

describe("the spec-bump workflow's path, against a local docs server", () => {
  test("the workflow tests the bump and opens a pull request only when the outcome says applied, from the keys it reads", () => {
    expect(step("pr").if).toBe("steps.outcome.outputs.status == 'applied'");
    expect(step("test").if).toBe("steps.outcome.outputs.status == 'applied'");
    expect(step("test").run).toContain('npm test > "$RUNNER_TEMP/npm-test.log"');
    expect(step("pr").uses).toMatch(/^peter-evans\/create-pull-request@/);
    expect(step("pr").with).toMatchObject({
      token: "${{ secrets.SPEC_BUMP_TOKEN || github.token }}",
      "body-path": "${{ runner.temp }}/pr-body.md",
      labels: "${{ steps.body.outputs.labels }}",
    });
    const keys = [...step("outcome").run!.matchAll(/jq -r \.(\w+)/g)].map((m) => m[1]);
    expect(keys).toEqual(["status", "breaking", "title"]);
    const nodes = steps.flatMap((s) => (s.with?.["node-version"] ? [s.with["node-version"]] : []));
    expect(nodes.length).toBeGreaterThan(0);
    for (const version of nodes) expect(String(version)).toMatch(/^(22|24)$/);
  });

  test("changed: applied, exit 0, a body under 65,536 characters, the version bumped, the changelog written", async () => {
    page = PAGES["0.82"];
    const run = await scheduledRun();
    expect(run.code).toBe(0);
    expect(run.outcome).toMatchObject({
      status: "applied",
      breaking: false,
      downgrade: false,
      changedWithoutVersionBump: false,
      advice: "patch",
      spec: { before: { version: "0.81" }, after: { version: "0.82" } },
      packageVersion: { before: "0.1.0", after: "0.1.1" },
    });
    expect(run.outcome?.title).toMatch(
      /^Mixpeek spec: Mixpeek API 0\.81 \([0-9a-f]{8}\) → 0\.82 \([0-9a-f]{8}\) — patch \(0\.1\.0 → 0\.1\.1\)$/,
    );
    expect(run.body).toContain(`- Source: \`${sourceUrl}\` (the OpenAPI block of a Markdown page)`);
    expect(run.body).toContain(
      "Every lint problem and compile error, one per line: `spec-bump.full.md`.",
    );
    const files = await project.snapshot();
    expect(JSON.parse(files["package.json"]!)).toMatchObject({ version: "0.1.1" });
    expect(files["CHANGELOG.md"]).toMatch(
      /- Spec: Mixpeek API 0\.81 \([0-9a-f]{8}\) → 0\.82 \([0-9a-f]{8}\), \*\*non-breaking\*\* for users of this client; version advice: patch \(0\.1\.0 → 0\.1\.1\)\./,
    );

    // The pull request says whether the bumped project passes npm test, first, and is labelled.
    const failing = bodyStep(
      1,
      "\u001b[31mFAIL\u001b[39m test/client/errors.test.ts\nTests  1 failed | 379 passed\n",
      false,
    );
    expect(failing.body.split("\n").slice(0, 2)).toEqual([
      "> [!CAUTION]",
      "> **`npm test` fails on this branch** (exit 1): do not merge it as it is. The spec is applied; src/ or the tests must follow it first. The last 2 lines of its output (the whole log is in the workflow run):",
    ]);
    expect(failing.body).toContain(
      "```text\nFAIL test/client/errors.test.ts\nTests  1 failed | 379 passed\n```\n\n# Mixpeek spec update:",
    );
    expect(failing.body.length).toBeLessThan(65_536);
    expect(failing.outputs).toBe("labels=tests-failing\n");
    const passing = bodyStep(0, "", true);
    expect(passing.body.split("\n").slice(0, 3)).toEqual([
      "> [!NOTE]",
      "> **`npm test` passed** on this branch (run by the bump job after applying the spec).",
      "",
    ]);
    expect(passing.outputs).toBe("labels=breaking\n");
  });

  test("unchanged: exit 0, status unchanged, nothing written to the project", async () => {
    page = PAGES["0.82"];
    const before = await project.snapshot();
    const run = await scheduledRun();
    expect(run.code).toBe(0);
    expect(run.outcome?.status).toBe("unchanged");
    expect(await project.snapshot()).toEqual(before);
  });

  test("breaking (enums added to response fields): applied for review, labelled breaking, 0.x: minor", async () => {
    page = PAGES["0.83 enums added"];
    const run = await scheduledRun();
    expect(run.code).toBe(0);
    expect(run.outcome).toMatchObject({ status: "applied", breaking: true, advice: "minor" });
    expect(run.outcome?.packageVersion).toEqual({ before: "0.1.1", after: "0.2.0" });
    expect(run.body).toContain(
      '| **breaking** | `AuditEventResponse.status` | now restricted to "success", "failure" (breaking for users who validate responses, the default: any other value now fails validation) |',
    );
  });

  test("downgrade: exit 1 (the run fails, no pull request), nothing changed, the outcome still written", async () => {
    page = PAGES["0.81"];
    const before = await project.snapshot();
    const run = await scheduledRun();
    expect(run.code).toBe(1);
    expect(run.outcome).toMatchObject({ status: "refused", reason: "downgrade", downgrade: true });
    expect(run.io.lastError()).toMatch(/not applied: downgrade from 0\.83 to 0\.81/);
    expect(await project.snapshot()).toEqual(before);
  });

  test("unreachable: exit 2 with one line, the outcome says error, nothing changed", async () => {
    const before = await project.snapshot();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const run = await scheduledRun();
    expect(run.code).toBe(2);
    const message = `${sourceUrl}: fetch failed (ECONNREFUSED)`;
    expect(run.io.err).toEqual([message]);
    expect(run.outcome).toMatchObject({ status: "error", message });
    expect(run.body).toBe(`# Mixpeek spec update: failed\n\n${message}\n`);
    expect(await project.snapshot()).toEqual(before);
  });
});
