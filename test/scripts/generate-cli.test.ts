import { spawnSync } from "node:child_process";
import { cp, mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { copyProject, REPO_ROOT, type ProjectCopy } from "../helpers/project-copy.js";
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

  test("a corrupt TypeScript code cache is ignored, and replaced after the run", async () => {
    // The launcher and a node_modules of its own in the copy, so the cache it writes is the
    // copy's and other tests never read the corrupt one.
    await cp(path.join(REPO_ROOT, "scripts"), path.join(copy.root, "scripts"), { recursive: true });
    await mkdir(path.join(copy.root, "node_modules"));
    for (const entry of await readdir(path.join(REPO_ROOT, "node_modules"))) {
      if (entry === ".cache") continue;
      await symlink(
        path.join(REPO_ROOT, "node_modules", entry),
        path.join(copy.root, "node_modules", entry),
      );
    }
    const check = () =>
      spawnSync(
        process.execPath,
        [path.join(copy.root, "scripts/run.mjs"), "generate", "--check"],
        {
          cwd: copy.root,
          encoding: "utf8",
          timeout: 60_000,
        },
      );
    const cache = path.join(copy.root, "node_modules/.cache/mixpeek-scripts");
    expect(check().status).toBe(0);
    const files = (await readdir(cache)).filter((f) => /^typescript-.*\.v8cache$/.test(f));
    expect(files).toHaveLength(1);
    const file = path.join(cache, files[0]!);
    await writeFile(file, "not a V8 code cache");
    const run = check();
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect((await readFile(file)).length).toBeGreaterThan(1_000_000);
  });

  test("the launcher refuses an unknown script name", () => {
    const run = runScript("genrate", []);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^run: unknown script "genrate"; one of: .*generate/);
  });
});
