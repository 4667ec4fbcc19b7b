import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildSync } from "esbuild";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** `src/cli.ts` as one ES module file, for the CLI tests of the inner loop. */
    cli: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * Bundles the CLI from source once per run (tens of milliseconds), so `npm test` tests the CLI
 * a contributor just edited without building and packing the package; the CLI as shipped, from
 * the packed tarball, is tested by `npm run test:runtimes`.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "mixpeek-cli-"));
  const outfile = path.join(dir, "cli.mjs");
  buildSync({
    entryPoints: [path.join(ROOT, "src/cli.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "error",
  });
  project.provide("cli", outfile);
  return () => rmSync(dir, { recursive: true, force: true });
}
