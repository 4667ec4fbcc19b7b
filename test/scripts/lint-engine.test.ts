import { spawnSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { loadLintConfig, lintSpec } from "../../scripts/lib/redocly-lint.js";
import { displayPath, projectLayout, SPEC_PATH } from "../../scripts/lib/project.js";
import { readSpecFile } from "../../scripts/lib/spec-document.js";
import { FIXTURES } from "../helpers/full-project.js";
import { REPO_ROOT } from "../helpers/project-copy.js";

const repo = projectLayout(REPO_ROOT);
const require = createRequire(import.meta.url);
/** The CLI's own entry point, as `npx redocly` runs it. */
const REDOCLY_CLI = path.join(
  path.dirname(require.resolve("@redocly/cli/package.json")),
  "bin/cli.js",
);

interface CliProblem {
  ruleId: string;
  severity: "error" | "warn";
  message: string;
  location: { start: { line: number; col: number } }[];
}

/** `npx redocly lint FILE --config openapi/redocly.yaml --format json`: exit code and verdicts. */
function redoclyCliLint(relPath: string) {
  const run = spawnSync(
    process.execPath,
    [REDOCLY_CLI, "lint", relPath, "--config", repo.redoclyConfig, "--format", "json"],
    { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 },
  );
  const { problems } = JSON.parse(run.stdout) as { problems: CliProblem[] };
  const verdicts = problems.map((p) => {
    const { line, col } = p.location[0]!.start;
    const severity = p.severity === "warn" ? "warning" : p.severity;
    return `${line}:${col} ${severity} ${p.ruleId}: ${p.message}`;
  });
  return { exitCode: run.status, verdicts: verdicts.sort() };
}

/** The same file through `npm run lint:spec`'s engine, in process. */
async function pipelineLint(relPath: string) {
  const nameFile = (file: string) => displayPath(repo, file);
  const config = await loadLintConfig(repo.redoclyConfig, nameFile);
  const spec = await readSpecFile(path.join(REPO_ROOT, relPath), relPath);
  const problems = await lintSpec(spec, config, nameFile);
  const verdicts = problems.map(
    (p) => `${p.location.split(":").slice(-2).join(":")} ${p.severity} ${p.ruleId}: ${p.message}`,
  );
  return { failed: problems.some((p) => p.severity === "error"), verdicts: verdicts.sort() };
}

// One Redocly engine: the pipeline's @redocly/openapi-core is the version bundled in the
// installed @redocly/cli, so a maintainer's `npx redocly lint` never disagrees with the pipeline.
describe("npm run lint:spec and npx redocly lint", () => {
  test("run the same Redocly version (the CLI and the core library are released together)", async () => {
    const version = async (pkg: string) =>
      (
        JSON.parse(
          await readFile(path.join(REPO_ROOT, "node_modules", pkg, "package.json"), "utf8"),
        ) as { version: string }
      ).version;
    expect(await version("@redocly/openapi-core")).toBe(await version("@redocly/cli"));
  });

  test.each([
    ["the vendored spec", SPEC_PATH, 0],
    [
      "a spec with lint errors and a warning",
      path.relative(REPO_ROOT, `${FIXTURES}/lint-problems.yaml`),
      3,
    ],
  ])(
    "agree on %s: same problems, same pass/fail verdict",
    async (_name, relPath, expected) => {
      const [cli, ours] = [redoclyCliLint(relPath), await pipelineLint(relPath)];
      expect(ours.verdicts).toEqual(cli.verdicts);
      expect(ours.verdicts).toHaveLength(expected);
      expect(cli.exitCode).toBe(ours.failed ? 1 : 0);
    },
    60_000,
  );
});
