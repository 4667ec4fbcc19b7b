import { access, mkdir, readFile, unlink } from "node:fs/promises";
import path from "node:path";
import { filesThatChange, writeFilesAtomically, type FileToWrite } from "./atomic-write.js";
import { baselinePath } from "./lint-baseline.js";
import { addChangelogEntry, CHANGELOG_PATH } from "./changelog.js";
import { checkOutputPath, writeStream, type OutputTarget } from "./output-paths.js";
import { withVersion, type PackageFile } from "./package-file.js";
import { PipelineError } from "./pipeline-error.js";
import type { ProjectLayout } from "./project.js";
import type { ScriptIo } from "./script-runner.js";
import type { StagedFiles } from "./staged-generation.js";

/** What an applied bump writes to the project, decided before the first byte is written. */
export interface ProjectWrite {
  readonly files: readonly FileToWrite[];
  readonly removals: readonly string[];
  /** Files that change or go: what the outcome line names. */
  readonly changing: readonly string[];
}

/**
 * Everything the apply writes: the vendored spec, the baseline (rewritten or removed with
 * `--accept-lint-baseline`), generated/, package.json (with `--bump-version`) and the changelog.
 */
export async function projectWrite(
  layout: ProjectLayout,
  parts: {
    readonly spec: Uint8Array;
    readonly baseline: FileToWrite | null | undefined;
    readonly staged: StagedFiles;
    readonly pkg: PackageFile;
    /** Set only with `--bump-version`. */
    readonly nextVersion: string | undefined;
    readonly changelogEntry: readonly string[];
  },
): Promise<ProjectWrite> {
  const files: FileToWrite[] = [
    { path: layout.specFile, content: parts.spec },
    ...(parts.baseline ? [parts.baseline] : []),
    ...parts.staged.generated,
  ];
  const removals = [
    ...parts.staged.removals,
    ...(parts.baseline === null ? [baselinePath(layout.redoclyConfig)] : []),
  ];
  if (parts.nextVersion !== undefined)
    files.push({ path: parts.pkg.path, content: withVersion(parts.pkg, parts.nextVersion) });
  const changelog = path.join(layout.root, CHANGELOG_PATH);
  const text = await readFile(changelog, "utf8").catch(() => undefined);
  files.push({ path: changelog, content: addChangelogEntry(text, parts.changelogEntry) });

  const changing = (await filesThatChange(files)).map((file) => file.path);
  for (const file of removals) if (await exists(file)) changing.push(file);
  return { files, removals, changing };
}

/** Where `--report`, its full companion and `--json` go. */
export interface ReportOutputs {
  readonly report: OutputTarget | undefined;
  readonly fullReport: OutputTarget | undefined;
  readonly json: OutputTarget | undefined;
}

/** Checks every output before anything runs: a bad path fails first, with nothing done. */
export async function checkReportOutputs(
  reportFile: string | undefined,
  jsonFile: string | undefined,
): Promise<ReportOutputs> {
  if (reportFile === "-" && jsonFile === "-") {
    throw new PipelineError("--report - and --json -: only one of them can go to standard output");
  }
  const report =
    reportFile === undefined ? undefined : await checkOutputPath("--report", reportFile);
  // The companion sits next to a report file; a stream or standard output has none.
  const fullReport =
    report?.kind === "file" && reportFile !== undefined
      ? await checkOutputPath("--report", reportFile.replace(/(\.md)?$/i, ".full.md"))
      : undefined;
  const json = jsonFile === undefined ? undefined : await checkOutputPath("--json", jsonFile);
  return { report, fullReport, json };
}

/**
 * Writes the project's files and the report files in one all-or-nothing batch (a report that
 * can't be written undoes the apply), then deletes what the apply removes, then writes streams,
 * and only then prints the summary: a write that failed, and was rolled back, must not have
 * printed "applied". The summary goes to stdout, or to stderr when the JSON goes to stdout.
 */
export async function publish(
  outputs: ReportOutputs,
  texts: { readonly summary: string; readonly full: string | undefined; readonly json: string },
  io: ScriptIo,
  project?: ProjectWrite,
): Promise<void> {
  const files: FileToWrite[] = [...(project?.files ?? [])];
  const streams: FileToWrite[] = [];
  const place = (target: OutputTarget | undefined, content: string | undefined) => {
    if (target === undefined || content === undefined || target.kind === "stdout") return;
    (target.kind === "file" ? files : streams).push({ path: target.path, content });
  };
  place(outputs.report, texts.summary);
  place(outputs.fullReport, texts.full);
  place(outputs.json, texts.json);
  for (const dir of new Set(files.map((f) => path.dirname(f.path))))
    await mkdir(dir, { recursive: true });
  await writeFilesAtomically(files);
  await Promise.all((project?.removals ?? []).map((file) => unlink(file).catch(() => {})));
  for (const stream of streams) await writeStream(stream.path, String(stream.content));
  const jsonToStdout = outputs.json?.kind === "stdout";
  (jsonToStdout ? io.stderr : io.stdout)(texts.summary.trimEnd());
  if (jsonToStdout) io.stdout(texts.json.trimEnd());
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
