import path from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Plugin } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "../..");

export interface BundleSize {
  readonly minified: number;
  /** gzip level 9 of the minified bundle. */
  readonly gzipped: number;
  /** Bytes that generated/api-types.ts put in the bundle: types must cost nothing. */
  readonly fromGeneratedTypes: number;
  /** Minified bytes each source file put in the bundle (esbuild's metafile), by repo path. */
  readonly byFile: Readonly<Record<string, number>>;
}

export interface BundleSizes {
  /** `import createClient from "openapi-fetch"` alone. */
  readonly openapiFetch: BundleSize;
  /** `import { createMixpeekClient }` with the response validators replaced by no-ops. */
  readonly clientWithoutValidation: BundleSize;
  /** `import { createMixpeekClient }` as shipped. */
  readonly client: BundleSize;
}

/**
 * Budgets in bytes, min+gz, from the project's issues: the shipped client (validators included)
 * over openapi-fetch alone, and the validators' share of it. `npm test` enforces both.
 */
export const BUDGETS = { clientOverOpenapiFetch: 7168, validation: 2048 } as const;

/** The validators module as a no-op, to tell the validation's share of the bundle apart. */
const withoutValidators: Plugin = {
  name: "without-validators",
  setup(b) {
    b.onResolve({ filter: /response-validators\.js$/ }, () => ({
      path: "stub",
      namespace: "no-validators",
    }));
    b.onLoad({ filter: /.*/, namespace: "no-validators" }, () => ({
      contents:
        "const ok = () => true; export const validateAuditLogResponse = ok, validateErrorResponse = ok, validateHttpValidationError = ok;",
      loader: "js",
    }));
  },
};

/**
 * What a browser or edge bundler ships for each import: esbuild, bundled, tree-shaken, minified,
 * ES2022, browser platform. Deterministic for a given esbuild version and source.
 */
export async function measureBundles(): Promise<BundleSizes> {
  const entry = path.join(ROOT, "src/index.ts");
  return {
    openapiFetch: await bundle(
      'import createClient from "openapi-fetch"; export { createClient };',
      [],
    ),
    clientWithoutValidation: await bundle(
      `export { createMixpeekClient } from ${JSON.stringify(entry)};`,
      [withoutValidators],
    ),
    client: await bundle(`export { createMixpeekClient } from ${JSON.stringify(entry)};`, []),
  };
}

async function bundle(contents: string, plugins: Plugin[]): Promise<BundleSize> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    metafile: true,
    legalComments: "none",
    plugins,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]!.contents;
  const output = Object.values(result.metafile.outputs)[0]!;
  const typesInput = Object.entries(output.inputs).find(([file]) =>
    file.endsWith("generated/api-types.ts"),
  );
  return {
    minified: code.byteLength,
    gzipped: gzipSync(code, { level: 9 }).byteLength,
    fromGeneratedTypes: typesInput?.[1].bytesInOutput ?? 0,
    byFile: Object.fromEntries(
      Object.entries(output.inputs).map(([file, input]) => [file, input.bytesInOutput]),
    ),
  };
}
