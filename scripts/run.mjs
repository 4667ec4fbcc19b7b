// Runs a TypeScript script from scripts/ at native speed: `node scripts/run.mjs generate --check`.
//
// Why not a TypeScript loader (tsx): a loader hook sits on every module load, and the pipeline
// loads thousands (Redocly, openapi-typescript, TypeScript, prettier); that alone doubled its
// run time. Instead the script is bundled once with esbuild into one ESM file, cached under
// node_modules/.cache and rebuilt when any of its inputs (scripts/, the lock file, this file)
// change.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SCRIPTS = path.join(ROOT, "scripts");
const CACHE = path.join(ROOT, "node_modules", ".cache", "mixpeek-scripts");

async function cachedBundle(script) {
  const file = path.join(CACHE, `${script}-${inputsHash()}.mjs`);
  if (existsSync(file)) return file;
  const { build } = await import("esbuild");
  mkdirSync(CACHE, { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await build({
    stdin: {
      contents: `export { main } from "./${script}.ts"; export { runMain } from "./lib/script-runner.ts";`,
      resolveDir: SCRIPTS,
      sourcefile: `${script}-entry.ts`,
      loader: "ts",
    },
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile: temp,
    // prettier is ESM already and loads its parsers on demand: leave it to Node.
    external: ["prettier"],
    plugins: [typescriptViaRequire],
    // Bundled CommonJS dependencies call require(); ESM output has none, so provide one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: "error",
  });
  renameSync(temp, file);
  // Bundles of older inputs; another process's temp file (still being written) is left alone.
  const stale = readdirSync(CACHE).filter((f) => f.startsWith(`${script}-`) && f.endsWith(".mjs"));
  for (const old of stale)
    if (path.join(CACHE, old) !== file) rmSync(path.join(CACHE, old), { force: true });
  return file;
}

/** Everything a bundle is made from, besides node_modules (pinned by the lock file). */
function inputsHash() {
  const hash = createHash("sha256");
  const lock = path.join(ROOT, "package-lock.json");
  const files = [
    fileURLToPath(import.meta.url),
    ...(existsSync(lock) ? [lock] : []),
    ...tsFiles(SCRIPTS),
  ];
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest("hex").slice(0, 16);
}

function tsFiles(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

/**
 * `import ts from "typescript"` (openapi-typescript's) becomes `require("typescript")`: importing
 * its 9 MB CommonJS file from ESM makes Node scan it twice more (format detection and export
 * lexing). Only bundles that import TypeScript load it.
 */
const typescriptViaRequire = {
  name: "typescript-via-require",
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, (args) =>
      args.kind === "require-call"
        ? { path: "typescript", external: true }
        : { path: "typescript", namespace: "typescript-via-require" },
    );
    build.onLoad({ filter: /.*/, namespace: "typescript-via-require" }, () => ({
      contents: 'export default require("typescript");',
      loader: "js",
    }));
  },
};

const [name, ...args] = process.argv.slice(2);
const scripts = readdirSync(SCRIPTS)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3));
if (name === undefined || !scripts.includes(name)) {
  process.stderr.write(
    `run: unknown script ${JSON.stringify(name ?? "")}; one of: ${scripts.join(", ")}\n`,
  );
  process.exit(2);
}

const { main, runMain } = await import(pathToFileURL(await cachedBundle(name)).href);
process.exitCode = await runMain(main, args);
