import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { REPO_ROOT } from "./helpers/project-copy.js";

const WRITE_VERSION = path.join(REPO_ROOT, "scripts/write-version.mjs");

async function nameAndVersion(root: string): Promise<{ name: string; version: string }> {
  const { name, version } = JSON.parse(await readFile(path.join(root, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  return { name, version };
}

test("the built package reports the name and version in package.json", async () => {
  // dist/ as `npm pack` builds it for publishing (the pack setup has just run it).
  const built = (await import(pathToFileURL(path.join(REPO_ROOT, "dist/src/version.js")).href)) as {
    PACKAGE_NAME: string;
    PACKAGE_VERSION: string;
  };
  expect({ name: built.PACKAGE_NAME, version: built.PACKAGE_VERSION }).toEqual(
    await nameAndVersion(REPO_ROOT),
  );
});

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
