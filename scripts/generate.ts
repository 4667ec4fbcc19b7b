import { mkdir, unlink } from "node:fs/promises";
import { parseArgs } from "node:util";
import { writeFilesAtomically } from "./lib/atomic-write.js";
import {
  projectRoot,
  reportPipelineError,
  runIfEntryPoint,
  usageError,
  type ScriptIo,
} from "./lib/script-runner.js";
import { findDrift, formatDrift, staleOutputs } from "./lib/drift.js";
import { EXIT } from "./lib/pipeline-error.js";
import { runPipeline, type PipelineResult } from "./lib/pipeline.js";
import {
  displayPath,
  GENERATE_COMMAND,
  GENERATED_DIR,
  projectLayout,
  SPEC_PATH,
  type ProjectLayout,
} from "./lib/project.js";

const HELP = `Usage: ${GENERATE_COMMAND} [-- --check] [--root DIR]

Lints the vendored spec (${SPEC_PATH}) with Redocly, generates TypeScript types and spec
metadata with openapi-typescript and response validators with Ajv, formats the metadata with
prettier and writes them to ${GENERATED_DIR}/, all in this one process. Files are replaced only
after every step succeeded.

Options:
  --check      regenerate in memory and compare with the committed files; print a diff on drift
  --root DIR   project folder holding ${SPEC_PATH}, ${GENERATED_DIR}/ and the configs
               (default: the current folder)
  -h, --help   show this help

Exit codes: 0 written or up to date; 1 drift found by --check; 2 invalid spec, lint errors,
invalid config or arguments.`;

export async function main(argv: string[], io: ScriptIo): Promise<number> {
  let root: string;
  let values: { check?: boolean; root?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        check: { type: "boolean" },
        root: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
    root = projectRoot(values.root);
  } catch (error) {
    return usageError("generate", error, io);
  }
  if (values.help) {
    io.stdout(HELP);
    return EXIT.OK;
  }
  const layout = projectLayout(root);
  try {
    const result = await runPipeline(layout, { onLintProblem: io.stderr, onWarning: io.stderr });
    return values.check ? await check(result, layout, io) : await write(result, layout, io);
  } catch (error) {
    return reportPipelineError(error, io);
  }
}

async function check(result: PipelineResult, layout: ProjectLayout, io: ScriptIo): Promise<number> {
  const nameFile = (file: string) => displayPath(layout, file);
  const drifts = await findDrift(result.files, layout.generatedDir, nameFile);
  const source = `${result.spec.displayName} (${result.facts.title} ${result.facts.version})`;
  if (drifts.length === 0) {
    io.stdout(`${GENERATED_DIR}/ is up to date with ${source}`);
    return EXIT.OK;
  }
  for (const line of formatDrift(drifts)) io.stderr(line);
  io.stderr(
    `${GENERATED_DIR}/ is out of date with ${source}: ${drifts.length} file(s) differ; ` +
      `run \`${GENERATE_COMMAND}\` and commit the result`,
  );
  return EXIT.FAILED_CHECK;
}

async function write(result: PipelineResult, layout: ProjectLayout, io: ScriptIo): Promise<number> {
  const nameFile = (file: string) => displayPath(layout, file);
  await mkdir(layout.generatedDir, { recursive: true });
  const changed = await writeFilesAtomically(result.files);
  const stale = await staleOutputs(result.files, layout.generatedDir);
  await Promise.all(stale.map((file) => unlink(file)));
  for (const file of changed) io.stdout(`wrote ${nameFile(file)}`);
  for (const file of stale) io.stdout(`removed ${nameFile(file)} (no longer generated)`);
  if (changed.length + stale.length === 0) {
    io.stdout(`${GENERATED_DIR}/ is already up to date with ${result.spec.displayName}`);
  }
  return EXIT.OK;
}

runIfEntryPoint(import.meta.url, main);
