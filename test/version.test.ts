import { readFile } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import { PACKAGE_NAME, PACKAGE_VERSION } from "../src/version.js";
import { REPO_ROOT } from "./helpers/project-copy.js";

test("src/version.ts matches package.json", async () => {
  const pkg = JSON.parse(await readFile(path.join(REPO_ROOT, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  expect({ name: PACKAGE_NAME, version: PACKAGE_VERSION }).toEqual({
    name: pkg.name,
    version: pkg.version,
  });
});
