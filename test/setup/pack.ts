import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The package as npm would publish it (`npm pack`, which builds dist/ first). */
    tarball: string;
  }
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/** Packs once per test run: the CLI and package tests use the built, packed artefact. */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(path.join(tmpdir(), "mixpeek-pack-"));
  const output = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [{ filename }] = JSON.parse(output) as [{ filename: string }];
  project.provide("tarball", path.join(dir, filename));
  return () => rmSync(dir, { recursive: true, force: true });
}
