import { access, mkdir, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { writeFilesAtomically, type FileToWrite } from "./lib/atomic-write.js";
import { addChangelogEntry, CHANGELOG_PATH } from "./lib/changelog.js";
import {
  isBreaking,
  renderChangelogEntry,
  renderFullReport,
  renderSummary,
  type UpdateReport,
} from "./lib/change-report.js";
import {
  joinNegativeValues,
  projectRoot,
  reportPipelineError,
  runIfEntryPoint,
  usageError,
  type ScriptIo,
} from "./lib/script-runner.js";
import { EXIT, PipelineError } from "./lib/pipeline-error.js";
import { baselinePath, readBaseline, staleEntries } from "./lib/lint-baseline.js";
import { formatLintProblem, lintSpec, loadLintConfig } from "./lib/redocly-lint.js";
import { checkOutputPath } from "./lib/output-paths.js";
import { readPackageFile, withVersion, type PackageFile } from "./lib/package-file.js";
import { displayPath, projectLayout, SPEC_PATH, type ProjectLayout } from "./lib/project.js";
import { diffSpecs } from "./lib/spec-diff.js";
import { parseSpec, readSpecFile, type SpecDocument } from "./lib/spec-document.js";
import { findAuditOperation } from "./lib/spec-facts.js";
import { DEFAULT_SOURCE_LIMITS, readSpecSource } from "./lib/spec-source.js";
import { tryInStaging } from "./lib/spec-trial.js";
import { compareSpecVersions } from "./lib/spec-version.js";
import { adviseVersion, bumpVersion, isPlainVersion } from "./lib/version-advice.js";

const COMMAND = "npm run spec:update --";

const HELP = `Usage: ${COMMAND} [file|url] [--allow-breaking] [--allow-downgrade] [--bump-version]
                               [--report FILE] [--json FILE] [--dry-run] [--accept-lint-baseline]
                               [--max-bytes N] [--timeout-ms N] [--root DIR]

Brings a new Mixpeek spec into ${SPEC_PATH}: reads it (YAML, JSON, or a Markdown docs page with
the spec in a fenced yaml block; a local path or an http(s) URL; by default package.json's
config.specSource), validates and lints it, reports what changed for users of this client and
the package version that calls for, regenerates generated/ and type-checks src/ and test/
against the new types in a staging copy, and adds an entry to ${CHANGELOG_PATH}. Nothing in the
project changes unless every step passes.

Options:
  --allow-breaking        apply even if the change is breaking for users of the client
  --allow-downgrade       apply even if the new spec's info.version is older than the vendored one
  --bump-version          also set package.json's version as the report advises (no tag, no commit)
  --report FILE           also write the report (Markdown, sized for a pull-request body) to FILE,
                          and every detail to FILE's name with .full.md
  --json FILE             also write the outcome as JSON, for CI (status, breaking, advice, versions)
  --dry-run               report only; write nothing but the --report and --json files
  --accept-lint-baseline  accept the new spec's lint problems into the baseline
                          (openapi/.redocly.lint-ignore.yaml), and drop entries fixed upstream,
                          instead of failing on new problems
  --max-bytes N           largest source accepted (default ${DEFAULT_SOURCE_LIMITS.maxBytes})
  --timeout-ms N          time allowed to fetch a URL (default ${DEFAULT_SOURCE_LIMITS.timeoutMs})
  --root DIR              project folder (default: the current folder)
  -h, --help              show this help

Exit codes: 0 applied, already up to date, or a non-breaking dry run; 1 breaking or a downgrade
(nothing applied unless --allow-breaking / --allow-downgrade); 2 invalid source, spec, lint
problems or arguments.`;

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

/** What `--json` holds: what CI branches on. */
export interface UpdateOutcome {
  readonly status: "applied" | "unchanged" | "refused" | "dry-run";
  /** Why a refusal: the change is breaking, a downgrade, or the audit endpoint is gone. */
  readonly reason?: "breaking" | "downgrade" | "no-audit-operation";
  readonly breaking: boolean;
  readonly downgrade: boolean;
  readonly advice: "major" | "minor" | "patch" | null;
  readonly specVersion: { readonly before: string; readonly after: string };
  readonly packageVersion: { readonly before: string | null; readonly after: string | null };
  /** A one-line title for the pull request. */
  readonly title: string;
}

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
  try {
    return await update(options, io);
  } catch (error) {
    return reportPipelineError(error, io);
  }
}

/** Where the report, its full companion and the JSON outcome go: checked before anything runs. */
interface Outputs {
  readonly report: string | undefined;
  readonly fullReport: string | undefined;
  readonly json: string | undefined;
}

async function update(options: Options, io: ScriptIo): Promise<number> {
  const { layout } = options;
  const nameFile = (file: string) => displayPath(layout, file);
  const outputs = await checkOutputs(options);
  const pkg = await readPackageFile(layout.root);
  if (options.bumpVersion && !isPlainVersion(pkg.version)) {
    throw new PipelineError(
      `package.json: version ${JSON.stringify(pkg.version ?? null)} is not major.minor.patch, so --bump-version can't raise it`,
    );
  }
  const sourceArg = options.source ?? pkg.specSource;
  if (sourceArg === undefined) {
    throw new PipelineError(
      "no source given, and package.json has no config.specSource to read the spec from",
    );
  }
  const source = await readSpecSource(sourceArg, options);
  // Messages name the source (positions are within the spec, also for a Markdown page's block);
  // Redocly sees the vendored path, so baseline entries and $refs resolve as they will there.
  const shownAs = source.fromMarkdown ? `${source.name} (embedded spec)` : source.name;
  const nameSource = (file: string) => (file === layout.specFile ? shownAs : nameFile(file));
  const next = parseSpec(source.bytes, layout.specFile, shownAs);
  const current = await readCurrentSpec(layout, nameFile);
  const sameSpec = current !== undefined && Buffer.compare(current.bytes, next.bytes) === 0;
  const versions = { before: current ? versionOf(current) : "(none)", after: versionOf(next) };
  const order = current
    ? compareSpecVersions(current.openapi.info?.version, next.openapi.info?.version)
    : undefined;
  const changes = current ? diffSpecs(current.openapi, next.openapi) : [];
  const base = {
    source: source.name,
    fromMarkdown: source.fromMarkdown,
    sha256: next.sha256,
    versions,
    order,
    changes,
  };

  if (order?.kind === "unknown") {
    io.stderr(`spec:update: version order unknown: ${order.reason}; not checked for a downgrade`);
  }
  // A downgrade is refused before lint: whatever its problems, it is not an update.
  if (order?.kind === "older" && !options.allowDowngrade) {
    io.stderr(
      `spec:update: refused: downgrade from ${versions.before} to ${versions.after} ` +
        "(rerun with --allow-downgrade to apply anyway)",
    );
    const report: UpdateReport = {
      ...base,
      lint: undefined,
      typecheck: undefined,
      typecheckSkipped: "the downgrade is refused",
      changedFiles: [],
      advice: undefined,
      outcome: "not applied: downgrade (rerun with --allow-downgrade to apply anyway)",
    };
    const outcome = outcomeOf(report, pkg, undefined, "refused", "downgrade");
    await publish(report, outcome, outputs, io);
    return EXIT.FAILED_CHECK;
  }

  const config = await loadLintConfig(layout.redoclyConfig, nameFile);
  const problems = await lintSpec(next, config, nameSource);
  const stale = staleEntries(await readBaseline(layout.redoclyConfig, nameFile), problems);
  if (sameSpec && !(options.acceptBaseline && stale.length > 0)) {
    const dropHint =
      stale.length > 0
        ? `; ${stale.length} lint baseline entr${stale.length === 1 ? "y matches" : "ies match"} no problem any more (--accept-lint-baseline drops them)`
        : "";
    io.stdout(`${SPEC_PATH} is already this spec (${versionOf(next)}); nothing to do${dropHint}`);
    const unchanged: UpdateOutcome = {
      status: "unchanged",
      breaking: false,
      downgrade: false,
      advice: null,
      specVersion: versions,
      packageVersion: { before: pkg.version ?? null, after: pkg.version ?? null },
      title: `Mixpeek spec: already ${versions.after}`,
    };
    if (outputs.json) await writeAll([], [], [jsonFile(outputs.json, unchanged)]);
    return EXIT.OK;
  }

  const fresh = problems.filter((p) => !p.accepted);
  const unlocatable = fresh.filter((p) => p.file === undefined || p.pointer === undefined);
  if (options.acceptBaseline && unlocatable.length > 0) {
    for (const problem of unlocatable) io.stderr(formatLintProblem(problem));
    throw new PipelineError(
      `${source.name}: ${unlocatable.length} lint problem(s) have no location, so no baseline entry can accept them`,
    );
  }
  if (fresh.length > 0 && !options.acceptBaseline) {
    for (const problem of fresh) io.stderr(formatLintProblem(problem));
    throw new PipelineError(
      `${source.name}: ${fresh.length} lint problem(s) not in the baseline ` +
        `(${nameFile(baselinePath(layout.redoclyConfig))}); fix them upstream, or accept them ` +
        "with --accept-lint-baseline",
    );
  }

  const trial = findAuditOperation(next)
    ? await tryInStaging(layout, next, options.acceptBaseline ? problems : undefined, io.stderr)
    : undefined;
  const breaking = isBreaking({ changes, typecheck: trial?.typecheck });
  const advice = sameSpec ? undefined : adviseVersion(changes, breaking);
  const nextVersion =
    advice && pkg.version !== undefined ? bumpVersion(pkg.version, advice.level) : undefined;

  let status: UpdateOutcome["status"];
  let reason: UpdateOutcome["reason"];
  let outcome: string;
  if (!trial) {
    status = "refused";
    reason = "no-audit-operation";
    outcome = `not applied: the new spec has no GET /v1/organizations/audit/logs/{audit_id}, which this package wraps`;
  } else if (options.dryRun) {
    status = "dry-run";
    outcome = "dry run: nothing written";
  } else if (breaking && !options.allowBreaking) {
    status = "refused";
    reason = "breaking";
    outcome = "not applied: breaking (rerun with --allow-breaking to apply anyway)";
  } else {
    status = "applied";
    outcome = "";
  }

  const applying = status === "applied" && trial !== undefined;
  const baselineRewritten =
    applying && options.acceptBaseline && (fresh.length > 0 || stale.length > 0);
  const report: UpdateReport = {
    ...base,
    lint: { problems, stale, baselineRewritten },
    typecheck: trial?.typecheck,
    changedFiles: trial?.changedFiles ?? [],
    advice,
    ...(nextVersion !== undefined && pkg.version !== undefined
      ? {
          packageVersion: {
            current: pkg.version,
            next: nextVersion,
            applied: applying && options.bumpVersion,
          },
        }
      : {}),
    outcome,
  };

  if (!applying) {
    const result = outcomeOf(report, pkg, nextVersion, status, reason);
    await publish(report, result, outputs, io);
    return status === "dry-run" && !breaking ? EXIT.OK : EXIT.FAILED_CHECK;
  }

  // Everything the apply writes, decided before the first byte is written: the spec, the
  // baseline, generated/, package.json, the changelog — and the reports, which name them.
  const projectFiles: FileToWrite[] = [...trial.files];
  if (options.bumpVersion && nextVersion !== undefined) {
    projectFiles.push({ path: pkg.path, content: withVersion(pkg, nextVersion) });
  }
  if (advice) {
    const file = path.join(layout.root, CHANGELOG_PATH);
    const text = await readFile(file, "utf8").catch(() => undefined);
    projectFiles.push({
      path: file,
      content: addChangelogEntry(text, renderChangelogEntry(report)),
    });
  }
  const changing = await filesThatChange(projectFiles);
  const removals = await existing(trial.removals);
  const names = [...changing, ...removals].map(nameFile);
  const applied: UpdateReport = {
    ...report,
    outcome: `applied${breaking ? " despite breaking changes (--allow-breaking)" : ""}${order?.kind === "older" ? " despite the downgrade (--allow-downgrade)" : ""}: ${names.join(", ") || "nothing changed on disk"}`,
  };
  const result = outcomeOf(applied, pkg, nextVersion, "applied", undefined);
  await publish(applied, result, outputs, io, { files: projectFiles, removals, layout });
  return EXIT.OK;
}

/**
 * Writes the report files with the project's (one all-or-nothing batch), then prints the summary:
 * a write that failed, and was rolled back, must not have printed "applied".
 */
async function publish(
  report: UpdateReport,
  outcome: UpdateOutcome,
  outputs: Outputs,
  io: ScriptIo,
  project?: { files: FileToWrite[]; removals: string[]; layout: ProjectLayout },
): Promise<void> {
  const summary = renderSummary(
    report,
    outputs.fullReport ? path.basename(outputs.fullReport) : undefined,
  );
  const files: FileToWrite[] = [];
  if (outputs.report) files.push({ path: outputs.report, content: summary });
  if (outputs.fullReport)
    files.push({ path: outputs.fullReport, content: renderFullReport(report) });
  if (outputs.json) files.push(jsonFile(outputs.json, outcome));
  await writeAll(project?.files ?? [], project?.removals ?? [], files, project?.layout);
  io.stdout(summary.trimEnd());
}

function jsonFile(file: string, outcome: UpdateOutcome): FileToWrite {
  return { path: file, content: `${JSON.stringify(outcome, null, 2)}\n` };
}

function outcomeOf(
  report: UpdateReport,
  pkg: PackageFile,
  nextVersion: string | undefined,
  status: UpdateOutcome["status"],
  reason: UpdateOutcome["reason"],
): UpdateOutcome {
  const applied = status === "applied" && report.packageVersion?.applied === true;
  const breaking = isBreaking(report);
  return {
    status,
    ...(reason ? { reason } : {}),
    breaking,
    downgrade: report.order?.kind === "older",
    advice: report.advice?.level ?? null,
    specVersion: report.versions,
    packageVersion: {
      before: pkg.version ?? null,
      after: (applied ? nextVersion : pkg.version) ?? null,
    },
    // One line: CI writes it into $GITHUB_OUTPUT, where a newline from info.title would inject.
    title: (
      `Mixpeek spec: ${report.versions.before} → ${report.versions.after}` +
      (breaking ? " (breaking)" : "") +
      (report.advice ? ` — ${report.advice.level}` : "")
    ).replace(/\s+/g, " "),
  };
}

/**
 * One all-or-nothing write: project files and reports together (a report that can't be written
 * undoes the apply), then the deletions the apply calls for.
 */
async function writeAll(
  projectFiles: readonly FileToWrite[],
  removals: readonly string[],
  reports: readonly FileToWrite[],
  layout?: ProjectLayout,
): Promise<void> {
  const files = [...projectFiles, ...reports];
  for (const dir of new Set(files.map((f) => path.dirname(f.path))))
    await mkdir(dir, { recursive: true });
  if (layout) await mkdir(layout.generatedDir, { recursive: true });
  await writeFilesAtomically(files);
  await Promise.all(removals.map((file) => unlink(file).catch(() => {})));
}

async function checkOutputs(options: Options): Promise<Outputs> {
  const report =
    options.reportFile === undefined
      ? undefined
      : await checkOutputPath("--report", options.reportFile);
  const fullReport =
    report === undefined
      ? undefined
      : await checkOutputPath("--report", report.replace(/(\.md)?$/i, ".full.md"));
  const json =
    options.jsonFile === undefined ? undefined : await checkOutputPath("--json", options.jsonFile);
  return { report, fullReport, json };
}

async function filesThatChange(files: readonly FileToWrite[]): Promise<string[]> {
  const changing: string[] = [];
  for (const file of files) {
    const before = await readFile(file.path).catch(() => undefined);
    if (!before?.equals(Buffer.from(file.content))) changing.push(file.path);
  }
  return changing;
}

async function existing(files: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files) if (await exists(file)) found.push(file);
  return found;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

async function readCurrentSpec(
  layout: ProjectLayout,
  nameFile: (file: string) => string,
): Promise<SpecDocument | undefined> {
  // No vendored spec yet (a first import): everything is new. A broken one is an error: it
  // can't be compared with and must be restored first (git checkout).
  if (!(await exists(layout.specFile))) return undefined;
  return readSpecFile(layout.specFile, nameFile(layout.specFile));
}

function versionOf(spec: SpecDocument): string {
  return `${spec.openapi.info?.title ?? "?"} ${spec.openapi.info?.version ?? "?"}`;
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
