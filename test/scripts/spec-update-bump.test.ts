import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import prettier from "prettier";
import { afterEach, describe, expect, test } from "vitest";
import { main as specUpdate } from "../../scripts/spec-update.js";
import {
  FIXTURES,
  fullProjectCopy,
  runSpecUpdate,
  type FullProject,
} from "../helpers/full-project.js";
import { captureIo } from "../helpers/script-io.js";

const OLDER = path.join(FIXTURES, "mixpeek-0.81-older.yaml");
const DOCS_PAGE = path.join(FIXTURES, "mixpeek-docs-page-0.82.md");
const BASELINE = "openapi/.redocly.lint-ignore.yaml";

let project: FullProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

function run(...argv: string[]) {
  return runSpecUpdate(project!, ...argv);
}

const inProject = (name: string) => path.join(project!.layout.root, name);

describe("a downgrade is not an update", () => {
  test("an older info.version is refused with exit 1, both versions named, nothing changed; --allow-downgrade applies it", async () => {
    project = await fullProjectCopy();
    const before = await project.snapshot();
    const refused = await run(
      OLDER,
      "--report",
      inProject("out/bump.md"),
      "--json",
      inProject("out/bump.json"),
    );
    expect(refused.code).toBe(1);
    expect(refused.io.lastError()).toBe(
      "spec:update: not applied: downgrade from 0.82 to 0.81 (rerun with --allow-downgrade to apply anyway)",
    );
    expect(await project.snapshot()).toEqual(before);
    const report = await readFile(inProject("out/bump.md"), "utf8");
    expect(report.split("\n")[2]).toBe(
      "> **Downgrade**: the new spec's version is older than the vendored one.",
    );
    expect(report).toContain(
      "- Outcome: not applied: downgrade from 0.82 to 0.81 (rerun with --allow-downgrade to apply anyway)",
    );
    expect(JSON.parse(await readFile(inProject("out/bump.json"), "utf8"))).toMatchObject({
      status: "refused",
      reason: "downgrade",
      downgrade: true,
    });

    // Also breaking (0.81 lacks three properties), so both gates must be opened.
    const forced = await run(OLDER, "--allow-downgrade", "--allow-breaking", "--bump-version");
    expect(forced.code).toBe(0);
    expect(forced.report).toContain("despite the downgrade (--allow-downgrade)");
    expect(forced.report).toContain(
      "- Version advice: **minor** (breaking for users of the client; while 0.x that raises the minor number): 0.1.0 → 0.2.0, applied to package.json (--bump-version)",
    );
    const after = await project.snapshot();
    expect(after["openapi/mixpeek.yaml"]).toBe(await readFile(OLDER, "utf8"));
    // Only the version changed in package.json, formatting kept.
    expect(after["package.json"]).toBe(
      before["package.json"]!.replace('"version": "0.1.0"', '"version": "0.2.0"'),
    );
    const changelog = after["CHANGELOG.md"]!;
    // Under Unreleased → Changed, after the entries already there (whatever the project's own are).
    const unreleased = changelog.slice(changelog.indexOf("## [Unreleased]"));
    const changed = unreleased.slice(unreleased.indexOf("### Changed"));
    expect(changed.split(/\n## /)[0]).toMatch(
      /\n- Spec: Mixpeek API 0\.82 \([0-9a-f]{8}\) → 0\.81 \([0-9a-f]{8}\), \*\*BREAKING\*\* for users of this client; version advice: minor \(0\.1\.0 → 0\.2\.0\)\.\n {2}- \*\*Breaking:\*\* `AuditEventResponse\.actor_name`: property removed\n/,
    );
    // The bot's pull request must pass `npm test`'s format check.
    const options = await prettier.resolveConfig(inProject("CHANGELOG.md"));
    expect(await prettier.check(changelog, { ...options, parser: "markdown" })).toBe(true);
  });
});

test("a version that is not a dotted number: said so on stderr and at the top of the report, not refused", async () => {
  project = await fullProjectCopy();
  const spec = await readFile(path.join(project.layout.root, "openapi/mixpeek.yaml"), "utf8");
  const source = inProject("dated.yaml");
  await writeFile(source, spec.replace("version: '0.82'", "version: '2026-11-26'"));
  const result = await run(source, "--dry-run");
  expect(result.code).toBe(0);
  expect(result.io.err[0]).toBe(
    'spec:update: version order unknown: "2026-11-26" is not a dotted number; not checked for a downgrade',
  );
  expect(result.report.split("\n")[2]).toBe(
    '> **Version order unknown**: "2026-11-26" is not a dotted number, so whether this is a downgrade can\'t be told.',
  );
  // Only info.version changed: documentation only.
  expect(result.report).toContain("- Version advice: **patch** (documentation only");
});

describe("output paths are checked before anything is applied", () => {
  test("--report naming a folder, or a path under a file, and --json naming a folder: exit 2, one line, nothing changed", async () => {
    project = await fullProjectCopy(OLDER);
    const before = await project.snapshot();
    const folder = inProject("reports");
    await mkdir(folder);
    const file = inProject("not-a-folder");
    await writeFile(file, "x");
    for (const [args, message] of [
      [["--report", folder], `--report ${folder}: is a folder, not a file`],
      [
        ["--report", `${file}/bump.md`],
        `--report ${file}/bump.md: cannot write there: ${file} is not a folder`,
      ],
      [["--json", folder], `--json ${folder}: is a folder, not a file`],
    ] as const) {
      const result = await run(DOCS_PAGE, ...args);
      expect(result.code).toBe(2);
      expect(result.io.err).toEqual([message]);
      expect(result.io.out).toEqual([]);
      expect(await project.snapshot()).toEqual(before);
    }
  });
});

describe("the lint baseline loses entries fixed upstream", () => {
  test("a stale entry is reported, also for the same spec (which writes nothing); the next bump with --accept-lint-baseline drops it", async () => {
    project = await fullProjectCopy(OLDER);
    await writeFile(
      inProject(BASELINE),
      "mixpeek.yaml:\n  operation-summary:\n    - '#/paths/~1v1~1fixed~1upstream/get'\n",
    );
    const before = await project.snapshot();
    const same = await run(OLDER, "--accept-lint-baseline");
    expect(same.code).toBe(0);
    expect(same.report).toContain(
      "- 1 lint baseline entry matches no problem any more: the next bump with --accept-lint-baseline drops it.",
    );
    expect(await project.snapshot()).toEqual(before);

    const accepted = await run(DOCS_PAGE, "--accept-lint-baseline");
    expect(accepted.code).toBe(0);
    expect(accepted.report).toContain(
      "1 baseline entry matches no problem any more (fixed upstream): dropped from the baseline.",
    );
    expect(accepted.report).toContain("| operation-summary | — | 0 | 0 | 1 |");
    // No problem left: no baseline file.
    expect((await project.snapshot())[BASELINE]).toBeUndefined();
  });
});

describe("bad arguments say what is wrong with them", () => {
  test.each([
    [
      ["--timeout-ms", "-5"],
      "spec:update: --timeout-ms -5: must be a positive whole number (see --help)",
    ],
    [
      ["--timeout-ms", "9999999999"],
      "spec:update: --timeout-ms 9999999999: must be at most 2147483647 (see --help)",
    ],
    [
      ["--max-bytes", "-1"],
      "spec:update: --max-bytes -1: must be a positive whole number (see --help)",
    ],
    [["--root", "/nope"], "spec:update: --root /nope: no such folder (see --help)"],
  ])("%j", async (args, message) => {
    const io = captureIo();
    expect(await specUpdate([DOCS_PAGE, ...args], io)).toBe(2);
    expect(io.err).toEqual([message]);
  });
});
