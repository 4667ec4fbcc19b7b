import type { LintProblem } from "./lint-spec.js";
import type { SpecChange } from "./spec-diff.js";
import type { TypecheckResult } from "./staging.js";

/** Everything a reviewer of a spec bump needs, rendered as Markdown (a pull-request body). */
export interface UpdateReport {
  readonly source: string;
  readonly fromMarkdown: boolean;
  readonly sha256: string;
  readonly versions: { readonly before: string; readonly after: string };
  readonly changes: readonly SpecChange[];
  readonly lint: {
    readonly fresh: readonly LintProblem[];
    readonly accepted: number;
    readonly baselineRewritten: boolean;
  };
  /** Undefined when the type-check could not run (the spec can't generate this client). */
  readonly typecheck: TypecheckResult | undefined;
  /** Generated files whose content changes. */
  readonly changedFiles: readonly string[];
  readonly outcome: string;
}

/** Compile errors shown in full; the rest are counted. */
const MAX_TYPECHECK_LINES = 30;

export function isBreaking(report: Pick<UpdateReport, "changes" | "typecheck">): boolean {
  return report.changes.some((c) => c.breaking) || report.typecheck?.ok === false;
}

export function renderReport(report: UpdateReport): string {
  const breaking = isBreaking(report);
  const lines = [
    `# Mixpeek spec update: ${report.versions.before} → ${report.versions.after}`,
    "",
    `- Source: \`${report.source}\`${report.fromMarkdown ? " (the OpenAPI block of a Markdown page)" : ""}`,
    `- SHA-256 of the new spec: \`${report.sha256}\``,
    `- Verdict: ${breaking ? "**BREAKING** for users of this client" : "**non-breaking** for users of this client"}`,
    `- Outcome: ${report.outcome}`,
    "",
    "## Changes",
    "",
  ];
  if (report.changes.length === 0) {
    lines.push(
      "No change to operations, parameters, responses or schemas (descriptions or formatting only).",
    );
  } else {
    lines.push("| Impact | Where | Change |", "| --- | --- | --- |");
    const ordered = [...report.changes].sort((a, b) => Number(b.breaking) - Number(a.breaking));
    for (const change of ordered) {
      lines.push(
        `| ${change.breaking ? "**breaking**" : "non-breaking"} | \`${cell(change.where)}\` | ${cell(change.what)} |`,
      );
    }
  }
  lines.push("", "## Lint", "");
  const { fresh, accepted, baselineRewritten } = report.lint;
  const known = `${accepted} known upstream problem(s) accepted by the baseline`;
  if (fresh.length === 0) {
    lines.push(`No new problems; ${known}.`);
  } else {
    lines.push(
      baselineRewritten
        ? `${fresh.length} new problem(s), accepted into the baseline by --accept-lint-baseline; ${known}.`
        : `${fresh.length} new problem(s) not in the baseline (accepted for this run by --accept-lint-baseline; written only if the update is applied); ${known}.`,
      "",
      "| Severity | Rule | Location | Message |",
      "| --- | --- | --- | --- |",
      ...fresh.map(
        (p) => `| ${p.severity} | ${p.ruleId} | \`${cell(p.location)}\` | ${cell(p.message)} |`,
      ),
    );
  }
  lines.push("", "## Type-check of src/ and test/ against the new types", "");
  if (report.typecheck === undefined) {
    lines.push("Not run: the new spec cannot generate this client.");
  } else if (report.typecheck.ok) {
    lines.push("Passed.");
  } else {
    const shown = report.typecheck.errors.slice(0, MAX_TYPECHECK_LINES);
    const hidden = report.typecheck.errors.length - shown.length;
    lines.push(
      `Failed with ${report.typecheck.errors.length} error(s):`,
      "",
      "```text",
      ...shown,
      "```",
    );
    if (hidden > 0) lines.push("", `… and ${hidden} more.`);
  }
  if (report.changedFiles.length > 0) {
    lines.push(
      "",
      "## Generated files that change",
      "",
      ...report.changedFiles.map((f) => `- \`${f}\``),
    );
  }
  return `${lines.join("\n")}\n`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}
