import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { createTwoFilesPatch } from "diff";
import type { FileToWrite } from "./atomic-write.js";
import type { NameFile } from "./redocly-lint.js";

/** One way the committed output differs from a fresh run. */
export interface Drift {
  readonly file: string;
  readonly kind: "changed" | "missing" | "unexpected";
  /** Unified diff from the committed file to the fresh one. */
  readonly diff: string;
}

/** Enough to see what drifted without flooding a CI log; the full diff is one regenerate away. */
export const MAX_DIFF_LINES = 200;

/**
 * Compares freshly generated files with what is on disk. Files in the output folder that the
 * pipeline no longer produces count as drift too (stale outputs would ship otherwise). Dotfiles
 * are skipped: they are temp files of an interrupted write, ignored by git.
 */
export async function findDrift(
  expected: readonly FileToWrite[],
  outputDir: string,
  nameFile: NameFile,
): Promise<Drift[]> {
  const drifts: Drift[] = [];
  for (const file of expected) {
    const fresh = contentText(file.content);
    const committed = await readIfExists(file.path);
    if (committed === fresh) continue;
    const name = nameFile(file.path);
    drifts.push({
      file: name,
      kind: committed === undefined ? "missing" : "changed",
      diff: unifiedDiff(name, committed ?? "", fresh),
    });
  }
  for (const stale of await staleOutputs(expected, outputDir)) {
    const name = nameFile(stale);
    const committed = (await readIfExists(stale)) ?? "";
    drifts.push({ file: name, kind: "unexpected", diff: unifiedDiff(name, committed, "") });
  }
  return drifts;
}

/** Files the pipeline no longer produces, for `generate` to delete. */
export async function staleOutputs(
  expected: readonly FileToWrite[],
  outputDir: string,
): Promise<string[]> {
  const produced = new Set(expected.map((f) => path.resolve(f.path)));
  return (await listOutputFiles(outputDir)).filter((f) => !produced.has(f));
}

/** The report printed by the check: each drift with its diff, cut at `maxLines` lines in all. */
export function formatDrift(drifts: readonly Drift[], maxLines = MAX_DIFF_LINES): string[] {
  const lines: string[] = [];
  let hidden = 0;
  for (const drift of drifts) {
    const what = {
      changed: "differs from a fresh regeneration",
      missing: "is missing",
      unexpected: "is not produced by the generator any more",
    }[drift.kind];
    for (const line of [`${drift.file} ${what}:`, ...drift.diff.trimEnd().split("\n")]) {
      if (lines.length < maxLines) lines.push(line);
      else hidden++;
    }
  }
  if (hidden > 0) lines.push(`… ${hidden} more diff lines not shown`);
  return lines;
}

function unifiedDiff(name: string, committed: string, fresh: string): string {
  const patch = createTwoFilesPatch(
    `a/${name}`,
    `b/${name}`,
    committed,
    fresh,
    "committed",
    "regenerated",
    {
      context: 3,
    },
  );
  // Drop jsdiff's "Index:"/"===" preamble; keep the ---/+++ headers and hunks git users know.
  return patch.replace(/^(Index: .*\n)?=+\n/, "");
}

async function listOutputFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && !e.name.startsWith("."))
      .map((e) => path.resolve(dir, e.name))
      .sort();
  } catch {
    return [];
  }
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

function contentText(content: string | Uint8Array): string {
  return typeof content === "string" ? content : Buffer.from(content).toString("utf8");
}
