import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { copyProject, type ProjectCopy } from "../helpers/project-copy.js";
import { runScript } from "../helpers/run-script.js";

let copy: ProjectCopy;
beforeEach(async () => {
  copy = await copyProject();
});
afterEach(async () => {
  await copy.remove();
});

/** The command as `npm run generate` runs it. */
function generate(...args: string[]) {
  return runScript("generate", args, { cwd: copy.root });
}

describe("npm run generate (scripts/run.mjs generate) as a command", () => {
  test("--check exits 1 with the diff on stderr when a generated file was edited by hand", async () => {
    await copy.edit("generated/api-types.ts", "resource_type: string;", "resource_type: number;");
    const run = generate("--check");
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("+            resource_type: string;");
  });

  test("exits 2 with one line on stderr for an empty spec, run from the project folder", async () => {
    await copy.write("openapi/mixpeek.yaml", "");
    const run = generate();
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("openapi/mixpeek.yaml: the spec is empty\n");
  });

  test("--help documents the options and exit codes", () => {
    const run = generate("--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("--check");
    expect(run.stdout).toMatch(/Exit codes: 0 .*; 1 drift found by --check; 2 invalid spec/s);
  });

  test("the launcher refuses an unknown script name", () => {
    const run = runScript("genrate", []);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^run: unknown script "genrate"; one of: .*generate/);
  });
});
