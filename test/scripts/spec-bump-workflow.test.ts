import { readFileSync } from "node:fs";
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

describe("the spec-bump workflow's path, against a local docs server", () => {
  test("the workflow opens a pull request only when the outcome says applied, from the keys it reads", () => {
    expect(step("pr").if).toBe("steps.outcome.outputs.status == 'applied'");
    expect(step("pr").uses).toMatch(/^peter-evans\/create-pull-request@/);
    const keys = [...step("outcome").run!.matchAll(/jq -r \.(\w+)/g)].map((m) => m[1]);
    expect(keys).toEqual(["status", "breaking", "title"]);
  });

  test("changed: applied, exit 0, a body under 65,536 characters, the version bumped, the changelog written", async () => {
    page = PAGES["0.82"];
    const run = await scheduledRun();
    expect(run.code).toBe(0);
    expect(run.outcome).toEqual({
      status: "applied",
      breaking: false,
      downgrade: false,
      advice: "minor",
      specVersion: { before: "Mixpeek API 0.81", after: "Mixpeek API 0.82" },
      packageVersion: { before: "0.1.0", after: "0.2.0" },
      title: "Mixpeek spec: Mixpeek API 0.81 → Mixpeek API 0.82 — minor",
    });
    expect(run.body!.length).toBeLessThan(65_536);
    expect(run.body).toContain(`- Source: \`${sourceUrl}\` (the OpenAPI block of a Markdown page)`);
    expect(run.body).toContain("Every change and lint problem, one per line: `spec-bump.full.md`.");
    const files = await project.snapshot();
    expect(JSON.parse(files["package.json"]!)).toMatchObject({ version: "0.2.0" });
    expect(files["CHANGELOG.md"]).toContain(
      "- Spec: Mixpeek API 0.81 → Mixpeek API 0.82, **non-breaking** for users of this client; version advice: minor.",
    );
  });

  test("unchanged: exit 0, status unchanged, no body, nothing written", async () => {
    page = PAGES["0.82"];
    const before = await project.snapshot();
    const run = await scheduledRun();
    expect(run.code).toBe(0);
    expect(run.outcome?.status).toBe("unchanged");
    expect(run.body).toBeUndefined();
    expect(await project.snapshot()).toEqual(before);
  });

  test("breaking (enums added to response fields): applied for review, labelled breaking, major advice", async () => {
    page = PAGES["0.83 enums added"];
    const run = await scheduledRun();
    expect(run.code).toBe(0);
    expect(run.outcome).toMatchObject({ status: "applied", breaking: true, advice: "major" });
    expect(run.outcome?.packageVersion).toEqual({ before: "0.2.0", after: "0.3.0" });
    expect(run.body).toContain(
      '| **breaking** | `AuditEventResponse.status` | now restricted to "success", "failure" (breaking for users who validate responses, the default: any other value now fails validation) |',
    );
  });

  test("downgrade: exit 1 (the run fails, no pull request), nothing changed", async () => {
    page = PAGES["0.81"];
    const before = await project.snapshot();
    const run = await scheduledRun();
    expect(run.code).toBe(1);
    expect(run.outcome).toMatchObject({ status: "refused", reason: "downgrade", downgrade: true });
    expect(run.io.err[0]).toMatch(/refused: downgrade from Mixpeek API 0\.83 to Mixpeek API 0\.81/);
    expect(await project.snapshot()).toEqual(before);
  });

  test("unreachable: exit 2 with one line, no outcome, nothing changed", async () => {
    const before = await project.snapshot();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const run = await scheduledRun();
    expect(run.code).toBe(2);
    expect(run.io.err).toEqual([`${sourceUrl}: fetch failed (ECONNREFUSED)`]);
    expect(run.outcome).toBeUndefined();
    expect(await project.snapshot()).toEqual(before);
  });
});
