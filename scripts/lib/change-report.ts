import type { BumpLint } from "./bump-lint.js";
import type { LintProblem } from "./redocly-lint.js";
import { operationLabel, WRAPPED_OPERATIONS } from "./project.js";
import type { SpecChange } from "./spec-diff.js";
import { changedWithoutVersionBump, describeChange, type SpecIdentity } from "./spec-identity.js";
import type { VersionOrder } from "./spec-version.js";
import type { TypecheckResult } from "./staged-typecheck.js";
import type { VersionAdvice } from "./version-advice.js";
import type { WrappedPart } from "./wrapped-part.js";

/** Everything a reviewer of a spec bump needs, rendered as Markdown (a pull-request body). */
export interface UpdateReport {
  readonly source: string;
  readonly fromMarkdown: boolean;
  /** The vendored part and the new one; `before` is undefined on a first import. */
  readonly spec: { readonly before: SpecIdentity | undefined; readonly after: SpecIdentity };
  /** How the new `info.version` relates to the vendored one; undefined on a first import. */
  readonly order: VersionOrder | undefined;
  /** What the source holds beyond the part this package vendors. */
  readonly leftOut: WrappedPart["leftOut"];
  /** Header parameters OpenAPI ignores, dropped from the part. */
  readonly ignoredHeaders: readonly string[];
  readonly changes: readonly SpecChange[];
  /** Undefined when the lint did not run. */
  readonly lint:
    | (Pick<BumpLint, "problems" | "stale" | "accepting"> & { readonly baselineRewritten: boolean })
    | undefined;
  /** Undefined when the type-check did not run; `typecheckSkipped` says why. */
  readonly typecheck: TypecheckResult | undefined;
  readonly typecheckSkipped?: string;
  /** Generated files whose content changes. */
  readonly changedFiles: readonly string[];
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
 * what a workflow adds around it (the result of `npm test`).
 */
export const MAX_SUMMARY_CHARS = 60_000;
/** Compile errors and new lint problems shown in the summary; the full report shows every one. */
const MAX_LISTED_LINES = 30;
/** No single table cell (a path, a message) may crowd out the rest. */
const MAX_CELL_CHARS = 300;

/** Breaking for users of this client: by the diff, or by a type error the new types bring. */
export function isBreaking(report: Pick<UpdateReport, "changes" | "typecheck">): boolean {
  return report.changes.some((c) => c.breaking) || report.typecheck?.ok === false;
}

const WRAPPED = WRAPPED_OPERATIONS.map(operationLabel).join(", ");

/** `Mixpeek API 0.81 (1a2b3c4d) → 0.82 (5e6f7a8b)`, saying so when the version did not move. */
export function specChangeLine(report: Pick<UpdateReport, "spec">): string {
  const { before, after } = report.spec;
  return `${describeChange(before, after)}${changedWithoutVersionBump(before, after) ? ", changed without a version bump" : ""}`;
}

/** The pull request's title: one line (CI writes it into $GITHUB_OUTPUT, where a newline would inject). */
export function renderTitle(
  report: Pick<UpdateReport, "spec" | "changes" | "typecheck" | "advice" | "packageVersion">,
): string {
  const bump = report.packageVersion;
  const advice = report.advice
    ? ` — ${report.advice.level}${bump ? ` (${bump.current} → ${bump.next})` : ""}`
    : "";
  const title = `Mixpeek spec: ${specChangeLine(report)}${isBreaking(report) ? " (breaking)" : ""}${advice}`;
  return title.replace(/\s+/g, " ");
}

/**
 * The report as a pull-request body: the header, then everything about the wrapped operations
 * in full, then the lint and the type-check; always under MAX_SUMMARY_CHARS (sections that
 * don't fit are cut, saying so). `fullReport` names the companion file with every detail.
 */
export function renderSummary(report: UpdateReport, fullReport?: string): string {
  const footer = fullReport
    ? [`Every lint problem and compile error, one per line: \`${fullReport}\`.`]
    : [];
  const sections = [
    header(report),
    wrappedSection(report.changes),
    lintSection(report, MAX_LISTED_LINES),
    typecheckSection(report, MAX_LISTED_LINES),
    filesSection(report),
  ];
  return fit(sections, footer, MAX_SUMMARY_CHARS);
}

/** Every change, lint problem, stale baseline entry and compile error: no limit. */
export function renderFullReport(report: UpdateReport): string {
  const lines = [...header(report), ...wrappedSection(report.changes)];
  lines.push(...lintSection(report, Infinity));
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

/** Changes a changelog entry names before it only counts them. */
const MAX_CHANGELOG_ITEMS = 15;

/**
 * The changelog entry for an applied bump (Markdown list lines): the versions and content hashes,
 * the verdict, the version advice, and the changes (breaking first).
 */
export function renderChangelogEntry(report: UpdateReport): string[] {
  const bump = report.packageVersion;
  const advice = report.advice
    ? `; version advice: ${report.advice.level}${bump ? ` (${bump.current} → ${bump.next})` : ""}`
    : "";
  const changes = report.changes
    .filter((c) => c.where !== "info.version")
    .sort((a, b) => Number(b.breaking) - Number(a.breaking));
  const listed = changes.slice(0, MAX_CHANGELOG_ITEMS);
  const lines = [
    `- Spec: ${specChangeLine(report)}, ${verdictOf(report)}${advice}.`,
    ...listed.map(
      (c) => `  - ${c.breaking ? "**Breaking:** " : ""}\`${inline(c.where)}\`: ${inline(c.what)}`,
    ),
  ];
  if (changes.length > listed.length)
    lines.push(`  - … and ${changes.length - listed.length} more change(s)`);
  if (changes.length === 0) lines.push("  - Descriptions or formatting only.");
  return lines;
}

/** The one-line verdict a changelog or a log can quote. */
export function verdictOf(report: Pick<UpdateReport, "changes" | "typecheck">): string {
  return isBreaking(report)
    ? "**BREAKING** for users of this client"
    : "**non-breaking** for users of this client";
}

function header(report: UpdateReport): string[] {
  const lines = [`# Mixpeek spec update: ${specChangeLine(report)}`, ""];
  const { order } = report;
  const { before, after } = report.spec;
  if (changedWithoutVersionBump(before, after)) {
    lines.push(
      `> **Changed without a version bump**: the source still says ${after.version}, but what this package vendors from it is not what is vendored now.`,
      "",
    );
  }
  if (order?.kind === "older") {
    lines.push("> **Downgrade**: the new spec's version is older than the vendored one.", "");
  } else if (order?.kind === "unknown") {
    lines.push(
      `> **Version order unknown**: ${order.reason}, so whether this is a downgrade can't be told.`,
      "",
    );
  }
  const published = after.published ? `, last modified ${after.published}` : "";
  lines.push(
    `- Source: \`${cell(report.source)}\`${report.fromMarkdown ? " (the OpenAPI block of a Markdown page)" : ""}${published}`,
  );
  const { paths, operations, components } = report.leftOut;
  if (paths + operations + components > 0) {
    lines.push(
      `- Vendored: ${WRAPPED} and what it reaches; not vendored: the source's ${paths} other path(s), ${operations} other operation(s) and ${components} other component(s), which this package does not wrap`,
    );
  }
  if (report.ignoredHeaders.length > 0) {
    lines.push(
      `- Ignored (OpenAPI ignores header parameters named Accept, Content-Type or Authorization): ${report.ignoredHeaders.map((h) => `\`${cell(h)}\``).join(", ")}`,
    );
  }
  lines.push(
    `- Content hash of the vendored part (SHA-256 of its canonical JSON): \`${after.sha256}\``,
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
  const lines = ["", `## ${WRAPPED}, the schemas it reaches, the client's defaults`, ""];
  if (changes.length === 0) {
    lines.push(
      "No change to its parameters, responses or schemas (descriptions or formatting only).",
    );
    return lines;
  }
  // In full: this is what a reviewer of the client must see, however long the cells are.
  const ordered = [...changes].sort((a, b) => Number(b.breaking) - Number(a.breaking));
  lines.push(
    "| Impact | Where | Change |",
    "| --- | --- | --- |",
    ...ordered.map(
      (c) =>
        `| ${c.breaking ? "**breaking**" : "non-breaking"} | \`${cell(c.where, Infinity)}\` | ${cell(c.what, Infinity)} |`,
    ),
  );
  return lines;
}

function lintSection(report: UpdateReport, maxLines: number): string[] {
  const lines = ["", "## Lint", ""];
  const { lint } = report;
  if (!lint) return [...lines, "Not run."];
  const fresh = lint.problems.filter((p) => !p.accepted);
  const known = `${lint.problems.length - fresh.length} known upstream problem(s) accepted by the baseline`;
  if (fresh.length === 0) {
    lines.push(`No new problems; ${known}.`);
  } else {
    const what = lint.baselineRewritten
      ? "accepted into the baseline by --accept-lint-baseline"
      : lint.accepting
        ? "accepted by --accept-lint-baseline, into the baseline when applied"
        : "not in the baseline: fix them upstream, or accept them with --accept-lint-baseline";
    lines.push(`${fresh.length} new problem(s), ${what}; ${known}:`, "");
    lines.push(
      ...listed(
        fresh.map((p) => `- ${inline(formatProblem(p))}`),
        maxLines,
        "- ",
      ),
    );
  }
  if (lint.stale.length > 0) {
    const what = lint.baselineRewritten
      ? "dropped from the baseline."
      : lint.accepting
        ? "dropped from the baseline when applied (--accept-lint-baseline)."
        : "rerun with --accept-lint-baseline to drop them.";
    lines.push(
      "",
      `${lint.stale.length} baseline entr${lint.stale.length === 1 ? "y matches" : "ies match"} no problem any more (fixed upstream): ${what}`,
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

function formatProblem(p: LintProblem): string {
  return `\`${p.location}\`: ${p.severity} ${p.ruleId}: ${p.message}`;
}

function typecheckSection(report: UpdateReport, maxLines: number): string[] {
  const lines = ["", "## Type-check of what ships (src/ and generated/) against the new types", ""];
  const { typecheck } = report;
  if (typecheck === undefined) {
    lines.push(
      `Not run: ${report.typecheckSkipped ?? "the new spec cannot generate this client"}.`,
    );
    return lines;
  }
  if (typecheck.ok) {
    lines.push(typecheck.preexisting.length === 0 ? "Passed." : "Passed: no new error.");
  } else {
    lines.push(
      `Failed with ${typecheck.errors.length} new error(s):`,
      "",
      "```text",
      ...listed(
        typecheck.errors.map((line) => clip(line)),
        maxLines,
      ),
      "```",
    );
  }
  if (typecheck.preexisting.length > 0) {
    lines.push(
      "",
      `${typecheck.preexisting.length} error(s) that the vendored spec's types have too, not counted:`,
      "",
      "```text",
      ...listed(
        typecheck.preexisting.map((line) => clip(line)),
        maxLines,
      ),
      "```",
    );
  }
  return lines;
}

/** The first `max` lines, and how many more there are (as a list item, with `bullet`). */
function listed(lines: readonly string[], max: number, bullet = ""): string[] {
  const shown = lines.slice(0, max);
  const more = lines.length - shown.length;
  return more > 0 ? [...shown, `${bullet}… and ${more} more`] : shown;
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
export function fit(
  sections: readonly string[][],
  footer: readonly string[],
  limit: number,
): string {
  const cut = "_(The rest of this report is cut to fit a pull-request body.)_";
  const tail = ["", ...footer];
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
  // Keys are unique: code-unit order, the same on every machine (unlike localeCompare).
  return [...groups].sort(([a], [b]) => (a < b ? -1 : 1));
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
