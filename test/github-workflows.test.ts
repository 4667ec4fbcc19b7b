import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { makeDocumentFromString } from "@redocly/openapi-core";
import { describe, expect, test } from "vitest";
import { REPO_ROOT } from "./helpers/project-copy.js";

const run = promisify(execFile);
const WORKFLOWS = path.join(REPO_ROOT, ".github/workflows");
/** Validates against GitHub's workflow schema, bundled in the package: no network. */
const VALIDATOR = path.join(REPO_ROOT, "node_modules/.bin/action-validator");

interface Workflow {
  on: {
    push?: { tags?: string[] } | null;
    pull_request?: unknown;
    schedule?: { cron: string }[];
    workflow_dispatch?: unknown;
  };
  jobs: Record<
    string,
    {
      permissions?: Record<string, string>;
      strategy?: { matrix: { node?: string[] } };
      steps: { run?: string; with?: Record<string, unknown> }[];
    }
  >;
}

async function readWorkflow(name: string) {
  const file = path.join(WORKFLOWS, name);
  return makeDocumentFromString(await readFile(file, "utf8"), file).parsed as Workflow;
}

/** Every npm command of a job's steps, one per line of its `run`. */
function npmCommands(job: Workflow["jobs"][string]): string[] {
  return job.steps
    .flatMap((step) => step.run?.split("\n") ?? [])
    .map((line) => line.trim())
    .filter((line) => /^npm /.test(line));
}

describe("GitHub Actions workflows", () => {
  test.each(readdirSync(WORKFLOWS))("%s passes action-validator", async (name) => {
    await expect(run(VALIDATOR, [path.join(WORKFLOWS, name)])).resolves.toBeDefined();
  });

  test("action-validator rejects a workflow with a misspelt key", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "mixpeek-workflow-"));
    try {
      const file = path.join(dir, "bad.yml");
      await writeFile(
        file,
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    stepz: []\n",
      );
      await expect(run(VALIDATOR, [file])).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringContaining("Additional property 'stepz' is not allowed") as unknown,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("release.yml publishes on a version tag, with provenance, after the tests pass", async () => {
    const workflow = await readWorkflow("release.yml");
    expect(workflow.on.push?.tags).toEqual(["v*"]);
    const { permissions, steps } = workflow.jobs.publish!;
    // --provenance needs the job's OIDC token.
    expect(permissions).toMatchObject({ "id-token": "write" });
    expect(npmCommands({ steps })).toEqual([
      "npm ci",
      "npm test",
      "npm run test:runtimes",
      "npm publish --provenance --access public",
    ]);
  });

  test("ci.yml runs npm test on Node 20.19.0, 22 and 24, and the runtime matrix, on every push and pull request", async () => {
    const workflow = await readWorkflow("ci.yml");
    expect(Object.keys(workflow.on).sort()).toEqual(["pull_request", "push"]);
    expect(workflow.on.push ?? null).toBeNull();
    const { test: unit, runtimes } = workflow.jobs;
    expect(unit?.strategy?.matrix.node).toEqual(["20.19.0", "22", "24"]);
    expect(npmCommands(unit!)).toEqual(["npm ci", "npm test"]);
    expect(npmCommands(runtimes!)).toEqual(["npm ci", "npm run test:runtimes"]);
  });

  test("mutation.yml runs npm run test:mutation weekly and on demand", async () => {
    const workflow = await readWorkflow("mutation.yml");
    expect(workflow.on.schedule).toHaveLength(1);
    expect(workflow.on.workflow_dispatch).toBeDefined();
    expect(npmCommands(workflow.jobs.mutation!)).toEqual([
      "npm ci",
      "npm run test:mutation -- $SUITE",
    ]);
  });

  // Nothing CI-only: a contributor can run every command a workflow runs.
  test.each(readdirSync(WORKFLOWS))("%s runs only scripts package.json defines", async (name) => {
    const { scripts } = JSON.parse(
      await readFile(path.join(REPO_ROOT, "package.json"), "utf8"),
    ) as {
      scripts: Record<string, string>;
    };
    const workflow = await readWorkflow(name);
    const used = Object.values(workflow.jobs)
      .flatMap(npmCommands)
      .flatMap((command) => /^npm run ([\w:-]+)/.exec(command)?.[1] ?? []);
    for (const script of used) expect(Object.keys(scripts)).toContain(script);
  });
});
