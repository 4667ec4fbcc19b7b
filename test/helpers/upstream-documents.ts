import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { REPO_ROOT } from "./project-copy.js";

/** Mixpeek's published full documents under test/fixtures/upstream/, by commit (see its README). */
export const UPSTREAM = {
  /** 2025-12-12, the oldest with the audit operation. */
  oldest: "d34c087",
  /** 2025-12-21: ~100 `$ref`s to `#/$defs/…` that resolve nowhere, none in the audit part. */
  danglingRefs: "ca05d65",
  /** 2026-02-16, the newest published: 318 paths, 4 MB. */
  newest: "2d105b7",
} as const;

export type UpstreamCommit = (typeof UPSTREAM)[keyof typeof UPSTREAM];

/** A raw spec document, edited by tests: it has no useful static type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RawDocument = Record<string, any>;

/** One document, parsed, to be edited into a variant. */
export async function upstreamDocument(commit: UpstreamCommit): Promise<RawDocument> {
  return JSON.parse((await upstreamBytes(commit)).toString("utf8")) as RawDocument;
}

/** The document as published, written as `<dir>/mixpeek-openapi-<commit>.json`: a source to bump from. */
export async function writeUpstreamDocument(commit: UpstreamCommit, dir: string): Promise<string> {
  const file = path.join(dir, `mixpeek-openapi-${commit}.json`);
  await writeFile(file, await upstreamBytes(commit));
  return file;
}

async function upstreamBytes(commit: UpstreamCommit): Promise<Buffer> {
  const file = path.join(REPO_ROOT, "test/fixtures/upstream", `mixpeek-openapi-${commit}.json.gz`);
  return gunzipSync(await readFile(file));
}
