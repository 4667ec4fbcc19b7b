// Writes src/version.ts from package.json: `node scripts/write-version.mjs [project root]`.
//
// The version the client reports (User-Agent, `mixpeek-audit --version`) must be the one npm
// publishes, and `npm version` edits package.json only. So the module is derived, never edited
// or committed: `npm run build` writes it before compiling, npm's `prepare` (run by `npm ci` and
// `npm install`) and `npm run typecheck` (the first step of `npm test`) write it for the tests and
// type-checks of src/, also in a checkout pulled without a fresh `npm ci`. A constant module,
// rather than a JSON import of package.json, runs unbundled on every runtime and bundles small.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(process.argv[2] ?? path.join(fileURLToPath(import.meta.url), "../.."));
const { name, version } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const target = path.join(root, "src", "version.ts");
const text = [
  "// Written from package.json by scripts/write-version.mjs (build, typecheck, npm ci); not committed.",
  `export const PACKAGE_NAME = ${JSON.stringify(name)};`,
  `export const PACKAGE_VERSION = ${JSON.stringify(version)};`,
  "",
].join("\n");
// Unchanged bytes stay untouched, so watchers and incremental builds see no change.
if (!existsSync(target) || readFileSync(target, "utf8") !== text) writeFileSync(target, text);
