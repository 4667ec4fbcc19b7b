import { readFile } from "node:fs/promises";
import path from "node:path";
import { IGNORE_BANNER, IGNORE_FILE, parseYaml, stringifyYaml } from "@redocly/openapi-core";
import { PipelineError } from "./pipeline-error.js";
import type { LintProblem } from "./redocly-lint.js";

/**
 * The lint baseline: Redocly's own ignore file, next to the Redocly config (and so next to the
 * vendored spec). Redocly reads it by itself — in this pipeline and in `redocly lint` alike — and
 * marks the problems it lists as ignored; `spec:update --accept-lint-baseline` rewrites it.
 */
export function baselinePath(redoclyConfig: string): string {
  return path.join(path.dirname(redoclyConfig), IGNORE_FILE);
}

/** One accepted problem as the ignore file lists it. */
export interface BaselineEntry {
  /** Absolute path of the linted file. */
  readonly file: string;
  readonly ruleId: string;
  readonly pointer: string;
}

/**
 * The ignore file that accepts exactly `problems`, in Redocly's format (file → rule → pointers),
 * with file paths relative to the config folder. Sorted, so the same problems give the same bytes.
 */
export function renderBaseline(problems: readonly LintProblem[], redoclyConfig: string): string {
  const dir = path.dirname(redoclyConfig);
  const byFile: Record<string, Record<string, Set<string>>> = {};
  for (const { file, pointer, ruleId } of problems) {
    if (file === undefined || pointer === undefined) continue;
    const name = path.relative(dir, file).split(path.sep).join("/");
    ((byFile[name] ??= {})[ruleId] ??= new Set()).add(pointer);
  }
  const sorted = Object.fromEntries(
    Object.keys(byFile)
      .sort()
      .map((file) => {
        const rules = byFile[file]!;
        return [
          file,
          Object.fromEntries(
            Object.keys(rules)
              .sort()
              .map((r) => [r, [...rules[r]!].sort()]),
          ),
        ];
      }),
  );
  return IGNORE_BANNER + stringifyYaml(sorted);
}

/** The entries of the ignore file next to `redoclyConfig`; none when there is no such file. */
export async function readBaseline(
  redoclyConfig: string,
  nameFile: (file: string) => string,
): Promise<BaselineEntry[]> {
  const file = baselinePath(redoclyConfig);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new PipelineError(`${nameFile(file)}: cannot read the lint baseline`, { cause: error });
  }
  // Redocly has already read this file to lint (and said so if it was malformed): only its shape
  // is trusted here, file → rule → pointers.
  const parsed = parseYaml(text) as Record<string, Record<string, unknown>> | null;
  const entries: BaselineEntry[] = [];
  for (const [name, rules] of Object.entries(parsed ?? {})) {
    for (const [ruleId, pointers] of Object.entries(rules ?? {})) {
      for (const pointer of Array.isArray(pointers) ? pointers : []) {
        entries.push({
          file: path.resolve(path.dirname(redoclyConfig), name),
          ruleId,
          pointer: String(pointer),
        });
      }
    }
  }
  return entries;
}

/** Baseline entries that no longer match any problem: fixed upstream, kept for nothing. */
export function staleEntries(
  entries: readonly BaselineEntry[],
  problems: readonly LintProblem[],
): BaselineEntry[] {
  const key = (file: string, ruleId: string, pointer: string) => `${file}\0${ruleId}\0${pointer}`;
  const live = new Set(
    problems
      .filter((p) => p.file !== undefined && p.pointer !== undefined)
      .map((p) => key(p.file!, p.ruleId, p.pointer!)),
  );
  return entries.filter((e) => !live.has(key(e.file, e.ruleId, e.pointer)));
}
