import type { BaselineEntry } from "./lint-baseline.js";
import type { LintProblem } from "./redocly-lint.js";
import { AUDIT_OPERATION } from "./project.js";
import type { SpecChange } from "./spec-diff.js";
import type { VersionOrder } from "./spec-version.js";
import type { TypecheckResult } from "./staging.js";
import type { VersionAdvice } from "./version-advice.js";

/** Everything a reviewer of a spec bump needs, rendered as Markdown (a pull-request body). */
export interface UpdateReport {
  readonly source: string;
  readonly fromMarkdown: boolean;
  readonly sha256: string;
  readonly versions: { readonly before: string; readonly after: string };
  /** How the new `info.version` relates to the vendored one; undefined on a first import. */
  readonly order: VersionOrder | undefined;
  readonly changes: readonly SpecChange[];
  /** Undefined when the lint did not run (a refused downgrade stops before it). */
  readonly lint:
    | {
        /** Every problem of the new spec, accepted by the baseline or not. */
        readonly problems: readonly LintProblem[];
        /** Baseline entries that match no problem any more (fixed upstream). */
        readonly stale: readonly BaselineEntry[];
        readonly baselineRewritten: boolean;
      }
    | undefined;
  /** Undefined when the type-check did not run; `typecheckSkipped` says why. */
  readonly typecheck: TypecheckResult | undefined;
  readonly typecheckSkipped?: string;
  /** Generated files whose content changes. */
  readonly changedFiles: readonly string[];
  /** Undefined when the spec itself does not change (only the baseline does). */
  readonly advice: VersionAdvice | undefined;
  /** package.json's version now, and after the advice; `applied` with --bump-version. */
  readonly packageVersion?: {
    readonly current: string;
    readonly next: string;
    readonly applied: boolean;
  };
  readonly outcome: string;
}

/**
 * A pull-request body holds 65,536 characters; the summary stays well under it, leaving room for
 * what a workflow adds around it.
 */
export const MAX_SUMMARY_CHARS = 60_000;
/** Breaking changes outside the wrapped operation listed one by one before they are counted. */
const MAX_LISTED_ELSEWHERE = 40;
/** Compile errors shown in the summary; the full report shows every one. */
const MAX_TYPECHECK_LINES = 30;
/** No single table cell (a path, a message) may crowd out the rest. */
const MAX_CELL_CHARS = 300;

export function isBreaking(report: Pick<UpdateReport, "changes" | "typecheck">): boolean {
  return report.changes.some((c) => c.breaking) || report.typecheck?.ok === false;
}

const WRAPPED = `${AUDIT_OPERATION.method.toUpperCase()} ${AUDIT_OPERATION.path}`;

/**
 * The report as a pull-request body: the header, then everything about the wrapped operation in
 * full, then the rest of the API and the lint grouped with counts; always under
 * MAX_SUMMARY_CHARS (sections that don't fit are cut, saying so). `fullReport` names the
 * companion file with every detail, when one is written.
 */
export function renderSummary(report: UpdateReport, fullReport?: string): string {
  const footer = fullReport
    ? [`Every change and lint problem, one per line: \`${fullReport}\`.`]
    : [];
  const sections = [
    header(report),
    wrappedSection(report.changes),
    elsewhereSection(report.changes),
    lintSummary(report),
    typecheckSection(report, MAX_TYPECHECK_LINES),
    filesSection(report),
  ];
  return fit(sections, footer, MAX_SUMMARY_CHARS);
}

/** Every change, lint problem, stale baseline entry and compile error: no limit. */
export function renderFullReport(report: UpdateReport): string {
  const lines = [...header(report), ...wrappedSection(report.changes)];
  const elsewhere = report.changes.filter((c) => !c.wrapped);
  if (elsewhere.length > 0) {
    lines.push("", "## Elsewhere in the API", "", ...changeTable(elsewhere, true, MAX_CELL_CHARS));
  }
  lines.push(...lintSummary(report));
  const lint = report.lint;
  if (lint && lint.problems.length > 0) {
    lines.push(
      "",
      "### Every problem",
      "",
      "| Severity | Rule | Location | In the baseline | Message |",
      "| --- | --- | --- | --- | --- |",
      ...lint.problems.map(
        (p) =>
          `| ${p.severity} | ${p.ruleId} | \`${cell(p.location)}\` | ${p.accepted ? "yes" : "no"} | ${cell(p.message)} |`,
      ),
    );
  }
  if (lint && lint.stale.length > 0) {
    lines.push(
      "",
      "### Stale baseline entries",
      "",
      ...lint.stale.map((e) => `- ${e.ruleId} \`${e.pointer}\``),
    );
  }
  lines.push(...typecheckSection(report, Infinity), ...filesSection(report));
  return `${lines.join("\n")}\n`;
}

/** Wrapped-operation changes a changelog entry names before it only counts. */
const MAX_CHANGELOG_ITEMS = 15;

/**
 * The changelog entry for an applied bump (Markdown list lines): the report's summary — versions,
 * verdict, version advice — and the wrapped operation's changes, the rest counted.
 */
export function renderChangelogEntry(report: UpdateReport): string[] {
  const advice = report.advice ? `; version advice: ${report.advice.level}` : "";
  const wrapped = [...report.changes.filter((c) => c.wrapped && c.where !== "info.version")].sort(
    (a, b) => Number(b.breaking) - Number(a.breaking),
  );
  const elsewhere = report.changes.filter((c) => !c.wrapped);
  const listed = wrapped.slice(0, MAX_CHANGELOG_ITEMS);
  const lines = [
    `- Spec: ${report.versions.before} → ${report.versions.after}, ${verdictOf(report)}${advice}.`,
    ...listed.map(
      (c) => `  - ${c.breaking ? "**Breaking:** " : ""}\`${inline(c.where)}\`: ${inline(c.what)}`,
    ),
  ];
  if (wrapped.length > listed.length)
    lines.push(`  - … and ${wrapped.length - listed.length} more change(s) to ${WRAPPED}`);
  if (elsewhere.length > 0) {
    const breaking = elsewhere.filter((c) => c.breaking).length;
    lines.push(
      `  - Elsewhere in the API: ${elsewhere.length} change(s) to operations and schemas this package does not wrap (${breaking} breaking).`,
    );
  }
  if (wrapped.length + elsewhere.length === 0) lines.push("  - Descriptions or formatting only.");
  return lines;
}

/** The one-line verdict a changelog or a log can quote. */
export function verdictOf(report: Pick<UpdateReport, "changes" | "typecheck">): string {
  return isBreaking(report)
    ? "**BREAKING** for users of this client"
    : "**non-breaking** for users of this client";
}

function header(report: UpdateReport): string[] {
  const lines = [`# Mixpeek spec update: ${report.versions.before} → ${report.versions.after}`, ""];
  const { order } = report;
  if (order?.kind === "older") {
    lines.push(
      `> **Downgrade**: the new spec's version is older (${report.versions.before} → ${report.versions.after}).`,
      "",
    );
  } else if (order?.kind === "unknown") {
    lines.push(
      `> **Version order unknown**: ${order.reason}, so whether this is a downgrade can't be told.`,
      "",
    );
  }
  lines.push(
    `- Source: \`${cell(report.source)}\`${report.fromMarkdown ? " (the OpenAPI block of a Markdown page)" : ""}`,
    `- SHA-256 of the new spec: \`${report.sha256}\``,
    `- Verdict: ${verdictOf(report)}`,
  );
  if (report.advice) {
    const bump = report.packageVersion;
    const applied = bump?.applied ? ", applied to package.json (--bump-version)" : "";
    lines.push(
      `- Version advice: **${report.advice.level}** (${report.advice.why})${bump ? `: ${bump.current} → ${bump.next}${applied}` : ""}`,
    );
  }
  lines.push(`- Outcome: ${cell(report.outcome)}`);
  return lines;
}

function wrappedSection(changes: readonly SpecChange[]): string[] {
  const wrapped = changes.filter((c) => c.wrapped);
  const lines = ["", `## ${WRAPPED}, the schemas it reaches, the client's defaults`, ""];
  if (wrapped.length === 0) {
    lines.push(
      "No change to its parameters, responses or schemas (descriptions or formatting only).",
    );
  } else {
    // In full: this is what a reviewer of the client must see, however long the cells are.
    lines.push(...changeTable(wrapped, false, Infinity));
  }
  return lines;
}

function changeTable(changes: readonly SpecChange[], withTag: boolean, maxCell: number): string[] {
  const ordered = [...changes].sort((a, b) => Number(b.breaking) - Number(a.breaking));
  return [
    withTag ? "| Impact | Tag | Where | Change |" : "| Impact | Where | Change |",
    withTag ? "| --- | --- | --- | --- |" : "| --- | --- | --- |",
    ...ordered.map(
      (c) =>
        `| ${c.breaking ? "**breaking**" : "non-breaking"} |${withTag ? ` ${cell(c.tag ?? "")} |` : ""} \`${cell(c.where, maxCell)}\` | ${cell(c.what, maxCell)} |`,
    ),
  ];
}

/** The rest of the API: counted by kind and by tag; breaking ones named, up to a limit. */
function elsewhereSection(changes: readonly SpecChange[]): string[] {
  const elsewhere = changes.filter((c) => !c.wrapped);
  if (elsewhere.length === 0) return [];
  const breaking = elsewhere.filter((c) => c.breaking);
  const lines = [
    "",
    "## Elsewhere in the API",
    "",
    `${elsewhere.length} change(s) to operations and schemas this package does not wrap ` +
      `(${breaking.length} breaking: their exported types change in generated/api-types.ts).`,
    "",
    "| Change | Count | Breaking |",
    "| --- | --- | --- |",
    ...countBy(elsewhere, (c) => kindOf(c)).map(
      ([kind, group]) =>
        `| ${cell(kind)} | ${group.length} | ${group.filter((c) => c.breaking).length} |`,
    ),
  ];
  const operations = elsewhere.filter((c) => c.section === "operations");
  if (operations.length > 0) {
    const kinds = [...new Set(operations.map(kindOf))].sort();
    lines.push(
      "",
      `| Tag | ${kinds.join(" | ")} |`,
      `| --- | ${kinds.map(() => "---").join(" | ")} |`,
      ...countBy(operations, (c) => c.tag ?? "(untagged)").map(
        ([tag, group]) =>
          `| ${cell(tag)} | ${kinds.map((k) => group.filter((c) => kindOf(c) === k).length).join(" | ")} |`,
      ),
    );
  }
  if (breaking.length > 0) {
    const listed = breaking.slice(0, MAX_LISTED_ELSEWHERE);
    lines.push(
      "",
      "Breaking:",
      "",
      ...listed.map((c) => `- \`${cell(c.where)}\`: ${cell(c.what)}`),
    );
    if (breaking.length > listed.length)
      lines.push(`- … and ${breaking.length - listed.length} more`);
  }
  return lines;
}

/** "path template renamed to /x" and "path template renamed to /y" are one kind. */
function kindOf(change: SpecChange): string {
  return change.what.replace(/ to .*$/, "").replace(/ \(.*\)$/, "");
}

function lintSummary(report: UpdateReport): string[] {
  const lines = ["", "## Lint", ""];
  const { lint } = report;
  if (!lint) return [...lines, "Not run."];
  const fresh = lint.problems.filter((p) => !p.accepted);
  const known = `${lint.problems.length - fresh.length} known upstream problem(s) accepted by the baseline`;
  if (fresh.length === 0) lines.push(`No new problems; ${known}.`);
  else
    lines.push(
      lint.baselineRewritten
        ? `${fresh.length} new problem(s), accepted into the baseline by --accept-lint-baseline; ${known}.`
        : `${fresh.length} new problem(s) not in the baseline (accepted for this run by --accept-lint-baseline; written only if the update is applied); ${known}.`,
    );
  if (lint.stale.length > 0) {
    lines.push(
      "",
      `${lint.stale.length} baseline entr${lint.stale.length === 1 ? "y matches" : "ies match"} no problem any more (fixed upstream): ` +
        (lint.baselineRewritten
          ? "dropped from the baseline."
          : "rerun with --accept-lint-baseline to drop them."),
    );
  }
  if (lint.problems.length + lint.stale.length > 0) {
    lines.push(
      "",
      "| Rule | Severity | New | In the baseline | Fixed upstream |",
      "| --- | --- | --- | --- | --- |",
      ...countBy(
        [...lint.problems, ...lint.stale.map((e) => ({ ...e, stale: true }) as const)],
        (p) => p.ruleId,
      ).map(([rule, group]) => {
        const problems = group.filter((p): p is LintProblem => !("stale" in p));
        const severity = [...new Set(problems.map((p) => p.severity))].sort().join(", ") || "—";
        const fresh = problems.filter((p) => !p.accepted).length;
        return `| ${cell(rule)} | ${severity} | ${fresh} | ${problems.length - fresh} | ${group.length - problems.length} |`;
      }),
    );
  }
  return lines;
}

function typecheckSection(report: UpdateReport, maxLines: number): string[] {
  const lines = ["", "## Type-check of src/ and test/ against the new types", ""];
  if (report.typecheck === undefined) {
    lines.push(
      `Not run: ${report.typecheckSkipped ?? "the new spec cannot generate this client"}.`,
    );
  } else if (report.typecheck.ok) {
    lines.push("Passed.");
  } else {
    const { errors } = report.typecheck;
    const shown = errors.slice(0, maxLines);
    lines.push(
      `Failed with ${errors.length} error(s):`,
      "",
      "```text",
      ...shown.map((line) => clip(line)),
      "```",
    );
    if (errors.length > shown.length) lines.push("", `… and ${errors.length - shown.length} more.`);
  }
  return lines;
}

function filesSection(report: UpdateReport): string[] {
  if (report.changedFiles.length === 0) return [];
  return [
    "",
    "## Generated files that change",
    "",
    ...report.changedFiles.map((f) => `- \`${cell(f)}\``),
  ];
}

/**
 * Joins sections in order while they fit in `limit` (footer included); a section that doesn't
 * is cut at a line boundary, and every later one replaced by a note, so the most important
 * parts — the header and the wrapped operation — survive any input.
 */
function fit(sections: readonly string[][], footer: readonly string[], limit: number): string {
  const cut = "_(The rest of this report is cut to fit a pull-request body.)_";
  const tail = ["", ...(footer.length > 0 ? footer : [])];
  const reserve = [cut, ...tail].join("\n").length + 2;
  const out: string[] = [];
  let size = 0;
  let truncated = false;
  for (const section of sections) {
    for (const line of section) {
      if (size + line.length + 1 > limit - reserve) {
        truncated = true;
        break;
      }
      out.push(line);
      size += line.length + 1;
    }
    if (truncated) break;
  }
  if (truncated) out.push("", cut);
  if (footer.length > 0) out.push("", ...footer);
  return `${out.join("\n")}\n`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function clip(text: string, max = MAX_CELL_CHARS): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Text on one line, clipped: for a list item. */
function inline(text: string, max = MAX_CELL_CHARS): string {
  return clip(text.replace(/\s*\n\s*/g, " "), max);
}

/** Text for a table cell: on one line, clipped, pipes escaped. */
function cell(text: string, max = MAX_CELL_CHARS): string {
  return inline(text, max).replace(/\|/g, "\\|");
}
