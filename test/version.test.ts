import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { REPO_ROOT } from "./helpers/project-copy.js";

const WRITE_VERSION = path.join(REPO_ROOT, "scripts/write-version.mjs");

test("a version bump in package.json (as `npm version` makes) reaches src/version.ts with no hand edit", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "mixpeek-version-"));
  try {
    await mkdir(path.join(root, "src"));
    const bumped = { name: "mixpeek-audit", version: "9.8.7-rc.1" };
    await writeFile(path.join(root, "package.json"), JSON.stringify(bumped));
    execFileSync(process.execPath, [WRITE_VERSION, root]);
    const written = await readFile(path.join(root, "src/version.ts"), "utf8");
    expect(written).toContain('export const PACKAGE_NAME = "mixpeek-audit";\n');
    expect(written).toContain('export const PACKAGE_VERSION = "9.8.7-rc.1";\n');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
