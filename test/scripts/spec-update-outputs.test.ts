import { execFileSync } from "node:child_process";
import { createReadStream } from "node:fs";
import { lstat, mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UpdateOutcome } from "../../scripts/spec-update.js";
import {
  FIXTURES,
  fullProjectCopy,
  runSpecUpdate,
  type FullProject,
} from "../helpers/full-project.js";

const DOCS_PAGE = path.join(FIXTURES, "mixpeek-docs-page-0.82.md");

// --report and --json for every outcome, wherever they point. The page is what is vendored, so
// most runs here are "unchanged": the outputs are written the same way for every outcome.
let project: FullProject;
beforeAll(async () => {
  project = await fullProjectCopy();
});
afterAll(() => project.remove());

const at = (name: string) => path.join(project.layout.root, "out", name);
const run = (...argv: string[]) => runSpecUpdate(project, ...argv);
const json = async (file: string) => JSON.parse(await readFile(file, "utf8")) as UpdateOutcome;

describe("--report and --json are written for every outcome", () => {
  test("unchanged: the outcome with the spec's identity, a short report, nothing else written", async () => {
    const before = await project.snapshot();
    const { code, report } = await run(
      DOCS_PAGE,
      "--report",
      at("unchanged.md"),
      "--json",
      at("unchanged.json"),
    );
    expect(code).toBe(0);
    expect(await json(at("unchanged.json"))).toMatchObject({
      status: "unchanged",
      breaking: false,
      advice: null,
      spec: { before: { version: "0.82" }, after: { version: "0.82" } },
      packageVersion: { before: "0.1.0", after: "0.1.0" },
    });
    expect(report).toMatch(
      /^# Mixpeek spec update: unchanged\n\n- Source: `.*mixpeek-docs-page-0\.82\.md`\n- openapi\/mixpeek\.yaml already holds what this package vendors from it: Mixpeek API 0\.82 \([0-9a-f]{8}\)\. Nothing to do\.$/,
    );
    expect(await readFile(at("unchanged.md"), "utf8")).toBe(`${report}\n`);
    expect(await project.snapshot()).toEqual(before);
  });

  test("an error: status error with the one line printed, and a report saying so", async () => {
    const { code, io } = await run(
      "missing.yaml",
      "--report",
      at("error.md"),
      "--json",
      at("error.json"),
    );
    expect(code).toBe(2);
    expect(io.err).toEqual(["missing.yaml: cannot read: no such file"]);
    expect(await json(at("error.json"))).toMatchObject({
      status: "error",
      message: "missing.yaml: cannot read: no such file",
    });
    expect(await readFile(at("error.md"), "utf8")).toBe(
      "# Mixpeek spec update: failed\n\nmissing.yaml: cannot read: no such file\n",
    );
    const toStdout = await run("missing.yaml", "--json", "-");
    expect(JSON.parse(toStdout.io.out.join("\n"))).toMatchObject({ status: "error" });
    expect((await run("missing.yaml", "--report", "-")).io.out).toEqual([
      "# Mixpeek spec update: failed",
      "",
      "missing.yaml: cannot read: no such file",
    ]);
  });
});

describe("where the outputs go", () => {
  test("`--json -`: the outcome alone on stdout (jq can read it), the report on stderr", async () => {
    const { code, io } = await run(DOCS_PAGE, "--json", "-");
    expect(code).toBe(0);
    expect(JSON.parse(io.out.join("\n"))).toMatchObject({ status: "unchanged" });
    expect(io.err[0]).toBe("# Mixpeek spec update: unchanged");
  });

  test("`--report -`: the report on stdout, once, and no companion file; both on stdout: refused", async () => {
    const { code, io } = await run(DOCS_PAGE, "--report", "-");
    expect(code).toBe(0);
    expect(io.out.filter((line) => line.startsWith("# Mixpeek spec update"))).toHaveLength(1);
    await expect(lstat(path.join(project.layout.root, "-.full.md"))).rejects.toThrow();
    const both = await run(DOCS_PAGE, "--report", "-", "--json", "-");
    expect(both.code).toBe(2);
    expect(both.io.err).toEqual([
      "--report - and --json -: only one of them can go to standard output",
    ]);
  });

  test("a FIFO is written as a stream, as its reader reads it", async () => {
    await mkdir(at(""), { recursive: true });
    const fifo = at("outcome.fifo");
    execFileSync("mkfifo", [fifo]);
    const chunks: Buffer[] = [];
    const read = new Promise<string>((resolve, reject) => {
      createReadStream(fifo)
        .on("data", (chunk) => chunks.push(Buffer.from(chunk)))
        .on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
        .on("error", reject);
    });
    const { code } = await run(DOCS_PAGE, "--json", fifo);
    expect(code).toBe(0);
    expect(JSON.parse(await read)).toMatchObject({ status: "unchanged" });
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  test("a symbolic link is followed (it stays a link); one to nothing is refused with one line", async () => {
    await mkdir(at("real"), { recursive: true });
    await writeFile(at("real/outcome.json"), "old");
    await symlink(at("real/outcome.json"), at("link.json"));
    const { code } = await run(DOCS_PAGE, "--json", at("link.json"));
    expect(code).toBe(0);
    expect((await lstat(at("link.json"))).isSymbolicLink()).toBe(true);
    expect(await json(at("real/outcome.json"))).toMatchObject({ status: "unchanged" });

    await symlink(at("nowhere/outcome.json"), at("dangling.json"));
    const dangling = await run(DOCS_PAGE, "--json", at("dangling.json"));
    expect(dangling.code).toBe(2);
    expect(dangling.io.err).toEqual([
      `--json ${at("dangling.json")}: is a symbolic link to ${at("nowhere/outcome.json")}, which does not exist`,
    ]);
  });
});
