import { readFile } from "node:fs/promises";
import path from "node:path";
import semver from "semver";
import { expect, test } from "vitest";
import { REPO_ROOT } from "../helpers/project-copy.js";
import { RUNTIMES } from "../helpers/runtimes.js";

/** Every Node the project is developed and tested on: the tested lines and this machine's. */
const NODE_VERSIONS = [
  RUNTIMES["node-20"].version,
  RUNTIMES["node-22"].version,
  RUNTIMES["node-24"].version,
  process.versions.node,
];

interface LockedPackage {
  version?: string;
  optional?: boolean;
  engines?: { node?: string } | string[];
}

// What npm ci checks when it prints EBADENGINE, read from the lock file it installs.
test("every locked dependency supports every Node version we develop on (npm ci warns of none)", async () => {
  const lock = JSON.parse(await readFile(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockedPackage>;
  };
  const unsupported = Object.entries(lock.packages).flatMap(([name, pkg]) => {
    const range = Array.isArray(pkg.engines) ? undefined : pkg.engines?.node;
    if (!range) return [];
    const excluded = NODE_VERSIONS.filter((v) => !semver.satisfies(v, range));
    return excluded.length
      ? [`${name}@${pkg.version ?? ""} wants node ${range}, not ${excluded.join(", ")}`]
      : [];
  });
  expect(unsupported).toEqual([]);
});
