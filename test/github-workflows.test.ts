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

async function readWorkflow(name: string) {
  const file = path.join(WORKFLOWS, name);
  return makeDocumentFromString(await readFile(file, "utf8"), file).parsed as {
    on: { push?: { tags?: string[] } };
    jobs: Record<string, { permissions?: Record<string, string>; steps: { run?: string }[] }>;
  };
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
    const commands = steps.flatMap((step) => step.run ?? []);
    expect(commands.filter((c) => /^npm (ci|test|publish)\b/.test(c))).toEqual([
      "npm ci",
      "npm test",
      "npm publish --provenance --access public",
    ]);
  });
});
