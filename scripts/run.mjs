// Runs a TypeScript script from scripts/ at native speed: `node scripts/run.mjs generate --check`.
//
// Why not a TypeScript loader (tsx): a loader hook sits on every module load, and the pipeline
// loads thousands (Redocly, openapi-typescript, TypeScript, prettier); that alone doubled its
// run time. Instead the script is bundled once with esbuild into one ESM file, cached under
// node_modules/.cache and rebuilt when any of its inputs (scripts/, the lock file, this file)
// change. TypeScript itself is loaded with require(): importing its 9 MB CommonJS file from ESM
// makes Node scan it twice more (format detection and export lexing).
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
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
      contents: `export { main } from "./${script}.ts"; export { runMain } from "./lib/cli.ts";`,
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
 * `import ts from "typescript"` becomes a call to this launcher (which loads it from V8's code
 * cache), or a plain require() when the bundle runs without it; only scripts that import
 * TypeScript load it.
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
      contents:
        'const load = globalThis[Symbol.for("mixpeek-scripts.typescript")];\n' +
        'export default load ? load() : require("typescript");',
      loader: "js",
    }));
  },
};

/** How a bundle asks this launcher for TypeScript (see typescriptViaRequire). */
const TYPESCRIPT_HOOK = Symbol.for("mixpeek-scripts.typescript");

/**
 * TypeScript, loaded on a script's first use into require's cache from V8's code cache for it.
 * Node 20 compiles its 9 MB afresh on every run (Node 22 has module.enableCompileCache; this is
 * that, for one file): ~110 ms, a sixth of a check. The cache is written after a run, so it holds
 * the functions the run compiled. V8 only checks a cache against the source's length, the engine
 * and its flags, not the content, so the file name carries typescript.js's size, mtime and inode:
 * an edited or replaced file never meets an old cache. `save` writes it when there was none or
 * V8 rejected it.
 */
function loadTypescript() {
  const file = createRequire(import.meta.url).resolve("typescript");
  if (Module._cache[file]) return { exports: Module._cache[file].exports, save() {} };
  const stat = statSync(file);
  const key = createHash("sha256")
    .update([process.versions.v8, file, stat.size, stat.mtimeMs, stat.ino].join("\0"))
    .digest("hex")
    .slice(0, 16);
  const cacheFile = path.join(CACHE, `typescript-${key}.v8cache`);
  const cachedData = existsSync(cacheFile) ? readFileSync(cacheFile) : undefined;
  const script = new vm.Script(Module.wrap(readFileSync(file, "utf8")), {
    filename: file,
    cachedData,
  });
  const module = new Module(file);
  module.filename = file;
  module.paths = Module._nodeModulePaths(path.dirname(file));
  script
    .runInThisContext()
    .call(module.exports, module.exports, createRequire(file), module, file, path.dirname(file));
  module.loaded = true;
  Module._cache[file] = module;
  const save = () => {
    if (cachedData !== undefined && !script.cachedDataRejected) return;
    try {
      const temp = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temp, script.createCachedData());
      renameSync(temp, cacheFile);
      // Caches of another TypeScript or Node version.
      for (const old of readdirSync(CACHE))
        if (/^typescript-.*\.v8cache$/.test(old) && path.join(CACHE, old) !== cacheFile)
          rmSync(path.join(CACHE, old), { force: true });
    } catch {
      // A read-only node_modules only costs the speed-up.
    }
  };
  return { exports: module.exports, save };
}

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

const bundle = await cachedBundle(name);
let typescript;
globalThis[TYPESCRIPT_HOOK] = () => (typescript ??= loadTypescript()).exports;
const { main, runMain } = await import(pathToFileURL(bundle).href);
process.exitCode = await runMain(main, args);
typescript?.save();
