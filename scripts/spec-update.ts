import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { writeFilesAtomically } from "./lib/atomic-write.js";
import { decide, type Decision } from "./lib/bump-decision.js";
import { lintBump, staleBaselineEntries, type BumpLint } from "./lib/bump-lint.js";
import {
  errorOutcome,
  renderOutcomeJson,
  reportOutcome,
  unchangedOutcome,
} from "./lib/bump-outcome.js";
import {
  checkReportOutputs,
  projectWrite,
  publish,
  type ProjectWrite,
  type ReportOutputs,
} from "./lib/bump-write.js";
import {
  renderChangelogEntry,
  renderFullReport,
  renderSummary,
  type UpdateReport,
} from "./lib/change-report.js";
import { writeStream } from "./lib/output-paths.js";
import { readPackageFile, type PackageFile } from "./lib/package-file.js";
import { EXIT, PipelineError } from "./lib/pipeline-error.js";
import { CHANGELOG_PATH } from "./lib/changelog.js";
import {
  displayPath,
  operationLabel,
  projectLayout,
  SPEC_PATH,
  WRAPPED_OPERATIONS,
  type ProjectLayout,
} from "./lib/project.js";
import { formatLintProblem } from "./lib/redocly-lint.js";
import {
  joinNegativeValues,
  projectRoot,
  reportPipelineError,
  runIfEntryPoint,
  usageError,
  type ScriptIo,
} from "./lib/script-runner.js";
import { compareWithVendored, readVendoredPart, type Comparison } from "./lib/spec-comparison.js";
import { parseSpec, parseSpecValue, readSpecFile, type SpecDocument } from "./lib/spec-document.js";
import { describeSpec } from "./lib/spec-identity.js";
import { DEFAULT_SOURCE_LIMITS, readSpecSource, type SpecSource } from "./lib/spec-source.js";
import type { StagedFiles } from "./lib/staged-generation.js";
import { isPlainVersion } from "./lib/version-advice.js";
import { extractWrappedPart, serializeWrappedPart, type WrappedPart } from "./lib/wrapped-part.js";

const COMMAND = "npm run spec:update --";

const HELP = `Usage: ${COMMAND} [file|url] [--allow-breaking] [--allow-downgrade] [--bump-version]
                               [--report FILE] [--json FILE] [--dry-run] [--accept-lint-baseline]
                               [--max-bytes N] [--timeout-ms N] [--root DIR]

Brings a new Mixpeek spec into ${SPEC_PATH}. The source is YAML, JSON, or a Markdown docs page
with the spec in a fenced yaml block; a local path or an http(s) URL; by default package.json's
config.specSource. Only what this package wraps is vendored: ${WRAPPED_OPERATIONS.map(operationLabel).join(", ")}
and what it reaches (a docs page that is exactly that: byte for byte). When that part is what
is vendored already, nothing happens ("unchanged"). Otherwise it is linted, compared with the
vendored part for users of this client, generated in memory and type-checked with src/ (what
the package ships); the report says what changed and the package version that calls for, and
an applied bump adds an entry to ${CHANGELOG_PATH}. Nothing in the project changes unless every
step passes.

Options:
  --allow-breaking        apply even if the change is breaking for users of the client
  --allow-downgrade       apply even if the new spec's info.version is older than the vendored one
  --bump-version          also set package.json's version as the report advises (no tag, no commit)
  --report FILE           also write the report (Markdown, sized for a pull-request body) to FILE,
                          and every detail to FILE's name with .full.md; - for standard output
  --json FILE             also write the outcome as JSON, for CI (status, reason, breaking,
                          advice, spec versions and content hashes); - for standard output (the
                          report then goes to standard error)
  --dry-run               report what a real run would do; write nothing but --report and --json
  --accept-lint-baseline  accept the new spec's lint problems into the baseline
                          (openapi/.redocly.lint-ignore.yaml), and drop entries fixed upstream,
                          instead of failing on new problems
  --max-bytes N           largest source accepted (default ${DEFAULT_SOURCE_LIMITS.maxBytes})
  --timeout-ms N          time allowed to fetch a URL (default ${DEFAULT_SOURCE_LIMITS.timeoutMs})
  --root DIR              project folder (default: the current folder)
  -h, --help              show this help

--report and --json are written for every outcome, errors included; a symbolic link is followed,
a FIFO or device is written as a stream.

Exit codes (a dry run exits as the real run would): 0 applied or unchanged; 1 breaking, a
downgrade or a wrapped operation gone (nothing applied unless --allow-breaking /
--allow-downgrade); 2 invalid source, spec, lint problems not in the baseline, or arguments.`;

/** Options taking a value: a value like `-5` is theirs, not another option. */
const VALUED = ["--report", "--json", "--max-bytes", "--timeout-ms", "--root"];

interface Options {
  /** Undefined: package.json's config.specSource. */
  readonly source: string | undefined;
  readonly allowBreaking: boolean;
  readonly allowDowngrade: boolean;
  readonly bumpVersion: boolean;
  readonly reportFile: string | undefined;
  readonly jsonFile: string | undefined;
  readonly dryRun: boolean;
  readonly acceptBaseline: boolean;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly layout: ProjectLayout;
}

export type { UpdateOutcome } from "./lib/bump-outcome.js";

export async function main(argv: string[], io: ScriptIo): Promise<number> {
  let options: Options | "help";
  try {
    options = parseOptions(argv);
  } catch (error) {
    return usageError("spec:update", error, io);
  }
  if (options === "help") {
    io.stdout(HELP);
    return EXIT.OK;
  }
  let outputs: ReportOutputs | undefined;
  try {
    outputs = await checkReportOutputs(options.reportFile, options.jsonFile);
    return await update(options, outputs, io);
  } catch (error) {
    if (outputs !== undefined && error instanceof PipelineError)
      await reportFailure(error.message, outputs, io);
    return reportPipelineError(error, io);
  }
}

/**
 * The bump, step by step: read the source → extract what the package wraps → compare with what
 * is vendored → lint → generate in staging → type-check what ships → decide → write. Nothing in
 * the project changes before the last step, and only when the decision is to apply.
 */
async function update(options: Options, outputs: ReportOutputs, io: ScriptIo): Promise<number> {
  const { layout } = options;
  const pkg = await readPackageFile(layout.root);
  const source = await readSpecSource(sourceOf(options, pkg), options);
  const part = extractWrappedPart(
    parseSpecValue(source.bytes, layout.specFile, source.name),
    source.name,
  );
  const vendored = await readVendoredPart(layout, SPEC_PATH);
  const comparison = await compareWithVendored(vendored?.part, part.document, source.lastModified);
  if (comparison.unchanged) return finishUnchanged(options, source, comparison, pkg, outputs, io);
  if (comparison.order?.kind === "unknown") {
    io.stderr(
      `spec:update: version order unknown: ${comparison.order.reason}; not checked for a downgrade`,
    );
  }
  const next = partToVendor(layout, source, part);
  const lint = await lintBump(layout, next.spec, options.acceptBaseline, {
    source: (file) => (file === layout.specFile ? next.shownAs : displayPath(layout, file)),
    project: (file) => displayPath(layout, file),
  });
  const skipped = whyNotGenerated(part, lint.fresh.length > 0 && !lint.accepting);
  const staged = skipped ? undefined : await generateAndTypecheck(layout, next.spec, io);
  const decision = decide({
    comparison,
    part,
    lint,
    typecheck: staged?.typecheck,
    packageVersion: pkg.version,
    flags: options,
  });
  const report: UpdateReport = {
    source: source.name,
    fromMarkdown: source.fromMarkdown,
    spec: { before: comparison.before, after: comparison.after },
    order: comparison.order,
    leftOut: part.leftOut,
    ignoredHeaders: part.ignoredHeaders,
    changes: comparison.changes,
    lint: {
      ...lint,
      baselineRewritten: decision.status === "applied" && lint.baseline !== undefined,
    },
    typecheck: staged?.typecheck,
    ...(skipped ? { typecheckSkipped: skipped } : {}),
    changedFiles: staged?.files.changedFiles ?? [],
    advice: decision.advice,
    ...packageVersionOf(pkg, decision, options),
    outcome: decision.outcome,
  };
  await write(options, { report, decision, bytes: next.bytes, lint, staged, pkg, outputs }, io);
  if (decision.reason === "lint") for (const p of lint.fresh) io.stderr(formatLintProblem(p));
  if (decision.reason !== undefined) io.stderr(`spec:update: ${decision.outcome}`);
  return decision.exitCode;
}

/**
 * The bytes to vendor — a docs page is already exactly the part, and goes as published — and
 * the spec they make. Lint positions are in those bytes: the page's own block, or the part as it
 * will be vendored; generated headers name the vendored file, what generated/ is made from.
 */
function partToVendor(layout: ProjectLayout, source: SpecSource, part: WrappedPart) {
  const bytes = part.isWholeSource ? source.bytes : Buffer.from(serializeWrappedPart(part));
  const shownAs = part.isWholeSource
    ? `${source.name}${source.fromMarkdown ? " (embedded spec)" : ""}`
    : `${SPEC_PATH} (extracted from ${source.name})`;
  return { bytes, shownAs, spec: parseSpec(bytes, layout.specFile, SPEC_PATH) };
}

/**
 * generated/ for the new part, in memory, and the type-check of what ships against it. Loaded
 * here, not at start-up: openapi-typescript, Ajv and TypeScript are most of this script's
 * start-up, and an unchanged source (the weekly common case) needs none of them.
 */
async function generateAndTypecheck(layout: ProjectLayout, spec: SpecDocument, io: ScriptIo) {
  const { generateInStaging } = await import("./lib/staged-generation.js");
  const { typecheckStaged } = await import("./lib/staged-typecheck.js");
  const files = await generateInStaging(layout, spec, io.stderr);
  io.stderr("spec:update: type-checking src/ and generated/ against the new types…");
  return { files, typecheck: typecheckStaged(layout, files) };
}

function packageVersionOf(pkg: PackageFile, decision: Decision, options: Options) {
  if (decision.nextVersion === undefined || pkg.version === undefined) return {};
  const applied = decision.status === "applied" && options.bumpVersion;
  return { packageVersion: { current: pkg.version, next: decision.nextVersion, applied } };
}

/**
 * The last step: on apply, the project's files (all or nothing) with the changelog entry and an
 * outcome naming what changed; in every case the report and the JSON.
 */
async function write(
  options: Options,
  bump: {
    readonly report: UpdateReport;
    readonly decision: Decision;
    readonly bytes: Uint8Array;
    readonly lint: BumpLint;
    readonly staged: { readonly files: StagedFiles } | undefined;
    readonly pkg: PackageFile;
    readonly outputs: ReportOutputs;
  },
  io: ScriptIo,
): Promise<void> {
  const { decision, staged, pkg, outputs } = bump;
  const { layout } = options;
  let report = bump.report;
  let project: ProjectWrite | undefined;
  if (decision.status === "applied" && staged !== undefined) {
    project = await projectWrite(layout, {
      spec: bump.bytes,
      baseline: bump.lint.baseline,
      staged: staged.files,
      pkg,
      nextVersion: options.bumpVersion ? decision.nextVersion : undefined,
      changelogEntry: renderChangelogEntry(report),
    });
    const despite = [
      ...(decision.breaking ? [" despite breaking changes (--allow-breaking)"] : []),
      ...(report.order?.kind === "older" ? [" despite the downgrade (--allow-downgrade)"] : []),
    ].join("");
    const names = project.changing.map((file) => displayPath(layout, file)).join(", ");
    report = { ...report, outcome: `applied${despite}: ${names || "nothing changed on disk"}` };
  }
  const outcome = reportOutcome(report, decision.status, decision.reason, pkg.version);
  const full =
    outputs.fullReport?.kind === "file" ? path.basename(outputs.fullReport.path) : undefined;
  const texts = {
    summary: renderSummary(report, full),
    full: renderFullReport(report),
    json: renderOutcomeJson(outcome),
  };
  await publish(outputs, texts, io, project);
}

function sourceOf(options: Options, pkg: PackageFile): string {
  if (options.bumpVersion && !isPlainVersion(pkg.version)) {
    throw new PipelineError(
      `package.json: version ${JSON.stringify(pkg.version ?? null)} is not major.minor.patch, so --bump-version can't raise it`,
    );
  }
  const source = options.source ?? pkg.specSource;
  if (source === undefined) {
    throw new PipelineError(
      "no source given, and package.json has no config.specSource to read the spec from",
    );
  }
  return source;
}

/** Why the new part is neither generated nor type-checked, if it isn't. */
function whyNotGenerated(part: WrappedPart, lintRefused: boolean): string | undefined {
  if (part.missing.length + part.renamed.length > 0)
    return "the new spec lacks an operation this package wraps, so the client can't be generated from it";
  if (lintRefused) return "new lint problems not in the baseline stop the update first";
  return undefined;
}

/**
 * The source's part is what is vendored: nothing is written but the reports. Stale baseline
 * entries are looked for only when there is a baseline (linting the small vendored part).
 */
async function finishUnchanged(
  options: Options,
  source: SpecSource,
  comparison: Comparison,
  pkg: PackageFile,
  outputs: ReportOutputs,
  io: ScriptIo,
): Promise<number> {
  const { layout } = options;
  const vendored = await readSpecFile(layout.specFile, SPEC_PATH);
  const stale = (await staleBaselineEntries(layout, vendored, (f) => displayPath(layout, f)))
    .length;
  const lines = [
    "# Mixpeek spec update: unchanged",
    "",
    `- Source: \`${source.name}\``,
    `- ${SPEC_PATH} already holds what this package vendors from it: ${describeSpec(comparison.after)}. Nothing to do.`,
  ];
  if (stale > 0) {
    lines.push(
      `- ${stale} lint baseline entr${stale === 1 ? "y matches" : "ies match"} no problem any more: the next bump with --accept-lint-baseline drops ${stale === 1 ? "it" : "them"}.`,
    );
  }
  const summary = `${lines.join("\n")}\n`;
  const json = renderOutcomeJson(unchangedOutcome(comparison.after, pkg.version));
  await publish(outputs, { summary, full: summary, json }, io);
  return EXIT.OK;
}

/** `--report` and `--json` for a bump that stopped on an error, so CI always finds them. */
async function reportFailure(message: string, outputs: ReportOutputs, io: ScriptIo) {
  const texts = {
    report: `# Mixpeek spec update: failed\n\n${message}\n`,
    json: renderOutcomeJson(errorOutcome(message)),
  };
  try {
    for (const [target, text] of [
      [outputs.report, texts.report],
      [outputs.fullReport, texts.report],
      [outputs.json, texts.json],
    ] as const) {
      if (target?.kind === "file") {
        await mkdir(path.dirname(target.path), { recursive: true });
        await writeFilesAtomically([{ path: target.path, content: text }]);
      } else if (target?.kind === "stream") await writeStream(target.path, text);
      else if (target?.kind === "stdout") io.stdout(text.trimEnd());
    }
  } catch {
    // The error itself is what the user must see; it is printed next whatever happens here.
  }
}

function parseOptions(argv: string[]): Options | "help" {
  const { values, positionals } = parseArgs({
    args: joinNegativeValues(argv, VALUED),
    options: {
      "allow-breaking": { type: "boolean" },
      "allow-downgrade": { type: "boolean" },
      "bump-version": { type: "boolean" },
      report: { type: "string" },
      json: { type: "string" },
      "dry-run": { type: "boolean" },
      "accept-lint-baseline": { type: "boolean" },
      "max-bytes": { type: "string" },
      "timeout-ms": { type: "string" },
      root: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) return "help";
  if (positionals.length > 1) {
    throw new Error(`expected at most one source (a file or a URL), got ${positionals.length}`);
  }
  return {
    source: positionals[0],
    allowBreaking: values["allow-breaking"] ?? false,
    allowDowngrade: values["allow-downgrade"] ?? false,
    bumpVersion: values["bump-version"] ?? false,
    reportFile: values.report,
    jsonFile: values.json,
    dryRun: values["dry-run"] ?? false,
    acceptBaseline: values["accept-lint-baseline"] ?? false,
    maxBytes: positiveInteger(values["max-bytes"], "--max-bytes") ?? DEFAULT_SOURCE_LIMITS.maxBytes,
    timeoutMs:
      positiveInteger(values["timeout-ms"], "--timeout-ms", MAX_TIMER_MS) ??
      DEFAULT_SOURCE_LIMITS.timeoutMs,
    layout: projectLayout(projectRoot(values.root)),
  };
}

/** Longest delay setTimeout takes; a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

function positiveInteger(
  value: string | undefined,
  name: string,
  max = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) === 0)
    throw new Error(`${name} ${value}: must be a positive whole number`);
  if (Number(value) > max) throw new Error(`${name} ${value}: must be at most ${max}`);
  return Number(value);
}

runIfEntryPoint(import.meta.url, main);
