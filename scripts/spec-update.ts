import { access, mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { writeFilesAtomically, type FileToWrite } from "./lib/atomic-write.js";
import { isBreaking, renderReport, type UpdateReport } from "./lib/change-report.js";
import { reportPipelineError, runIfEntryPoint, usageError, type ScriptIo } from "./lib/cli.js";
import { staleOutputs } from "./lib/drift.js";
import { EXIT, PipelineError } from "./lib/errors.js";
import { baselinePath, renderBaseline } from "./lib/lint-baseline.js";
import { formatLintProblem, lintSpec, loadLintConfig, type LintProblem } from "./lib/lint-spec.js";
import { runPipeline } from "./lib/pipeline.js";
import { displayPath, projectLayout, SPEC_PATH, type ProjectLayout } from "./lib/project.js";
import { diffSpecs } from "./lib/spec-diff.js";
import { parseSpec, readSpecFile, type SpecDocument } from "./lib/spec-document.js";
import { findAuditOperation } from "./lib/spec-facts.js";
import { DEFAULT_SOURCE_LIMITS, readSpecSource } from "./lib/spec-source.js";
import { stageProject, typecheck, type TypecheckResult } from "./lib/staging.js";

const COMMAND = "npm run spec:update --";

const HELP = `Usage: ${COMMAND} <file|url> [--allow-breaking] [--report FILE] [--dry-run]
                               [--accept-lint-baseline] [--max-bytes N] [--timeout-ms N] [--root DIR]

Brings a new Mixpeek spec into ${SPEC_PATH}: reads it (YAML, JSON, or a Markdown docs page with
the spec in a fenced yaml block; a local path or an http(s) URL), validates and lints it, reports
what changed for users of this client, regenerates generated/ and type-checks src/ and test/
against the new types in a staging copy. Nothing in the project changes unless every step passes.

Options:
  --allow-breaking        apply even if the change is breaking for users of the client
  --report FILE           also write the report (Markdown) to FILE, e.g. for a pull request
  --dry-run               report only; write nothing but the --report file
  --accept-lint-baseline  accept the new spec's lint problems into the baseline
                          (openapi/.redocly.lint-ignore.yaml) instead of failing on them
  --max-bytes N           largest source accepted (default ${DEFAULT_SOURCE_LIMITS.maxBytes})
  --timeout-ms N          time allowed to fetch a URL (default ${DEFAULT_SOURCE_LIMITS.timeoutMs})
  --root DIR              project folder (default: the current folder)
  -h, --help              show this help

Exit codes: 0 applied, already up to date, or a non-breaking dry run; 1 breaking (nothing
applied unless --allow-breaking); 2 invalid source, spec, lint problems or arguments.`;

interface Options {
  readonly source: string;
  readonly allowBreaking: boolean;
  readonly reportFile: string | undefined;
  readonly dryRun: boolean;
  readonly acceptBaseline: boolean;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly layout: ProjectLayout;
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

async function update(options: Options, io: ScriptIo): Promise<number> {
  const { layout } = options;
  const nameFile = (file: string) => displayPath(layout, file);
  const source = await readSpecSource(options.source, options);
  // Messages name the source (positions are within the spec, also for a Markdown page's block);
  // Redocly sees the vendored path, so baseline entries and $refs resolve as they will there.
  const shownAs = source.fromMarkdown ? `${source.name} (embedded spec)` : source.name;
  const nameSource = (file: string) => (file === layout.specFile ? shownAs : nameFile(file));
  const next = parseSpec(source.bytes, layout.specFile, shownAs);
  const current = await readCurrentSpec(layout, nameFile);
  if (current && Buffer.compare(current.bytes, next.bytes) === 0) {
    io.stdout(`${SPEC_PATH} is already this spec (${versionOf(next)}); nothing to do`);
    return EXIT.OK;
  }

  const config = await loadLintConfig(layout.redoclyConfig, nameFile);
  const problems = await lintSpec(next, config, nameSource);
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

  const changes = current ? diffSpecs(current.openapi, next.openapi) : [];
  const trial = findAuditOperation(next)
    ? await tryInStaging(layout, next, options.acceptBaseline ? problems : undefined, io)
    : undefined;
  const report: Omit<UpdateReport, "outcome"> = {
    source: source.name,
    fromMarkdown: source.fromMarkdown,
    sha256: next.sha256,
    versions: { before: current ? versionOf(current) : "(none)", after: versionOf(next) },
    changes,
    lint: {
      fresh,
      accepted: problems.length - fresh.length,
      baselineRewritten: options.acceptBaseline,
    },
    typecheck: trial?.typecheck,
    changedFiles: trial?.changedFiles ?? [],
  };
  const breaking = isBreaking(report);

  let outcome: string;
  let code: number;
  if (!trial) {
    outcome = `not applied: the new spec has no GET /v1/organizations/audit/logs/{audit_id}, which this package wraps`;
    code = EXIT.FAILED_CHECK;
  } else if (options.dryRun) {
    outcome = "dry run: nothing written";
    code = breaking ? EXIT.FAILED_CHECK : EXIT.OK;
  } else if (breaking && !options.allowBreaking) {
    outcome = "not applied: breaking (rerun with --allow-breaking to apply anyway)";
    code = EXIT.FAILED_CHECK;
  } else {
    const written = await apply(layout, trial);
    outcome = `applied${breaking ? " despite breaking changes (--allow-breaking)" : ""}: ${written.map(nameFile).join(", ")}`;
    code = EXIT.OK;
  }

  const applied = code === EXIT.OK && !options.dryRun && trial !== undefined;
  const baselineRewritten = applied && options.acceptBaseline && fresh.length > 0;
  const markdown = renderReport({
    ...report,
    outcome,
    lint: { ...report.lint, baselineRewritten },
  });
  io.stdout(markdown.trimEnd());
  if (options.reportFile !== undefined) {
    const file = path.resolve(options.reportFile);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFilesAtomically([{ path: file, content: markdown }]);
  }
  return code;
}

interface Trial {
  readonly typecheck: TypecheckResult;
  /** New content for real paths: the spec, the baseline when rewritten, every generated file. */
  readonly files: FileToWrite[];
  readonly changedFiles: string[];
}

/**
 * Vendors the new spec into a staging copy of the project, regenerates there and type-checks
 * the copy. The real project is not touched; the staging copy is removed whatever happens.
 */
async function tryInStaging(
  layout: ProjectLayout,
  next: SpecDocument,
  acceptedProblems: readonly LintProblem[] | undefined,
  io: ScriptIo,
): Promise<Trial> {
  const staged = await stageProject(layout);
  const toReal = (stagedPath: string) =>
    path.join(layout.root, path.relative(staged.layout.root, stagedPath));
  try {
    const inputs: FileToWrite[] = [{ path: staged.layout.specFile, content: next.bytes }];
    if (acceptedProblems) {
      const baseline = renderBaseline(acceptedProblems, layout.redoclyConfig);
      inputs.push({ path: baselinePath(staged.layout.redoclyConfig), content: baseline });
    }
    for (const file of inputs) await writeFile(file.path, file.content);

    // The staged spec must be read from its staged path so that $refs and the baseline resolve.
    const result = await runPipeline(staged.layout, { onWarning: io.stderr });
    for (const file of result.files) await writeFile(file.path, file.content);
    for (const stale of await staleOutputs(result.files, staged.layout.generatedDir))
      await unlink(stale);

    io.stderr("type-checking src/ and test/ against the new types…");
    const checked = await typecheck(staged.layout);
    const files = [...inputs, ...result.files].map((f) => ({
      path: toReal(f.path),
      content: f.content,
    }));
    const changedFiles: string[] = [];
    for (const file of result.files) {
      const real = toReal(file.path);
      const before = await readFile(real, "utf8").catch(() => undefined);
      if (before !== file.content) changedFiles.push(displayPath(layout, real));
    }
    return { typecheck: checked, files, changedFiles };
  } finally {
    await staged.remove();
  }
}

/** Writes the tried files over the real ones (all or nothing) and drops stale generated files. */
async function apply(layout: ProjectLayout, trial: Trial): Promise<string[]> {
  await mkdir(layout.generatedDir, { recursive: true });
  const written = await writeFilesAtomically(trial.files);
  const generated = trial.files.filter((f) => path.dirname(f.path) === layout.generatedDir);
  const stale = await staleOutputs(generated, layout.generatedDir);
  await Promise.all(stale.map((file) => unlink(file)));
  return [...written, ...stale];
}

async function readCurrentSpec(
  layout: ProjectLayout,
  nameFile: (file: string) => string,
): Promise<SpecDocument | undefined> {
  // No vendored spec yet (a first import): everything is new. A broken one is an error: it
  // can't be compared with and must be restored first (git checkout).
  if (
    !(await access(layout.specFile).then(
      () => true,
      () => false,
    ))
  )
    return undefined;
  return readSpecFile(layout.specFile, nameFile(layout.specFile));
}

function versionOf(spec: SpecDocument): string {
  return `${spec.openapi.info?.title ?? "?"} ${spec.openapi.info?.version ?? "?"}`;
}

function parseOptions(argv: string[]): Options | "help" {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      "allow-breaking": { type: "boolean" },
      report: { type: "string" },
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
  if (positionals.length !== 1) {
    throw new Error(`expected one source (a file or a URL), got ${positionals.length}`);
  }
  return {
    source: positionals[0]!,
    allowBreaking: values["allow-breaking"] ?? false,
    reportFile: values.report,
    dryRun: values["dry-run"] ?? false,
    acceptBaseline: values["accept-lint-baseline"] ?? false,
    maxBytes: positiveInteger(values["max-bytes"], "--max-bytes") ?? DEFAULT_SOURCE_LIMITS.maxBytes,
    timeoutMs:
      positiveInteger(values["timeout-ms"], "--timeout-ms") ?? DEFAULT_SOURCE_LIMITS.timeoutMs,
    layout: projectLayout(values.root ?? process.cwd()),
  };
}

function positiveInteger(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) === 0)
    throw new Error(`${name} must be a positive whole number`);
  return Number(value);
}

runIfEntryPoint(import.meta.url, main);
