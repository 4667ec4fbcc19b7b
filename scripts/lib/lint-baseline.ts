import path from "node:path";
import { IGNORE_BANNER, IGNORE_FILE, stringifyYaml } from "@redocly/openapi-core";
import type { LintProblem } from "./lint-spec.js";

/**
 * The lint baseline: Redocly's own ignore file, next to the Redocly config (and so next to the
 * vendored spec). Redocly reads it by itself — in this pipeline and in `redocly lint` alike — and
 * marks the problems it lists as ignored; `spec:update --accept-lint-baseline` rewrites it.
 */
export function baselinePath(redoclyConfig: string): string {
  return path.join(path.dirname(redoclyConfig), IGNORE_FILE);
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
