import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { REPO_ROOT } from "../helpers/project-copy.js";

const WORKFLOWS = path.join(REPO_ROOT, ".github/workflows");
const VALIDATOR = createRequire(import.meta.url).resolve("@action-validator/cli/cli.mjs");

/** action-validator's verdict on one file: exit 0 and nothing printed when it is valid. */
function validate(file: string) {
  const result = spawnSync(process.execPath, [VALIDATOR, file], { encoding: "utf8" });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

const workflowFiles = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));

describe("every GitHub workflow file is valid (action-validator)", () => {
  test("there is at least the spec-bump workflow", () => {
    expect(workflowFiles).toContain("spec-bump.yml");
  });

  test.each(workflowFiles)("%s", (name) => {
    expect(validate(path.join(WORKFLOWS, name))).toEqual({ code: 0, output: "" });
  });

  test("the validator rejects a misspelt trigger, so a pass means something", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "workflow-"));
    try {
      const file = path.join(dir, "broken.yml");
      writeFileSync(
        file,
        'on:\n  shedule:\n    - cron: "1 1 * * 1"\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n',
      );
      const { code, output } = validate(file);
      expect(code).toBe(1);
      expect(output).toContain("Additional property 'shedule' is not allowed");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
