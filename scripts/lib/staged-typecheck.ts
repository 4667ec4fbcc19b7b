import path from "node:path";
import ts from "typescript";
import type { FileToWrite } from "./atomic-write.js";
import type { ProjectLayout } from "./project.js";
import type { StagedFiles } from "./staged-generation.js";

/**
 * What the package ships (`npm run build`: src/ and generated/), so what the generated types can
 * break for its users. Tests and scripts are the bump pull request's `npm test` to check.
 */
export const SHIPPED_TSCONFIG = "tsconfig.build.json";

export interface TypecheckResult {
  /** No error that the vendored spec's types did not already have. */
  readonly ok: boolean;
  /** Errors the new types bring, one line each: `src/errors.ts(201,23): error TS2339: …`. */
  readonly errors: readonly string[];
  /** Errors there with the vendored spec's types too: not the new spec's doing, not counted. */
  readonly preexisting: readonly string[];
}

/**
 * Type-checks what ships against the staged files (the new spec's generated/, in memory), as
 * `tsc -p tsconfig.build.json --noEmit` would once they are written. Only when that fails is
 * the project checked as it is, so that errors it already has are told apart from new ones:
 * the common case pays for one check.
 */
export function typecheckStaged(layout: ProjectLayout, staged: StagedFiles): TypecheckResult {
  const withNew = shippedTypeErrors(layout, staged.generated, staged.removals);
  if (withNew.length === 0) return { ok: true, errors: [], preexisting: [] };
  const before = new Set(shippedTypeErrors(layout, [], []));
  const errors = withNew.filter((line) => !before.has(line));
  return {
    ok: errors.length === 0,
    errors,
    preexisting: withNew.filter((line) => before.has(line)),
  };
}

/** tsc's diagnostics for the shipped files, with `files` in place of (or beside) those on disk. */
function shippedTypeErrors(
  layout: ProjectLayout,
  files: readonly FileToWrite[],
  removals: readonly string[],
): string[] {
  const overlay = new Map(files.map((f) => [path.resolve(f.path), textOf(f.content)]));
  const removed = new Set(removals.map((file) => path.resolve(file)));
  const configErrors: ts.Diagnostic[] = [];
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(layout.root, SHIPPED_TSCONFIG),
    { noEmit: true },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => configErrors.push(d) },
  );
  if (parsed === undefined) return configErrors.map((d) => formatDiagnostic(d, layout.root));

  const host = ts.createCompilerHost(parsed.options);
  const onDisk = {
    fileExists: host.fileExists.bind(host),
    readFile: host.readFile.bind(host),
    getSourceFile: host.getSourceFile.bind(host),
  };
  const isRemoved = (file: string) => removed.has(path.resolve(file));
  host.fileExists = (file) =>
    overlay.has(path.resolve(file)) || (!isRemoved(file) && onDisk.fileExists(file));
  host.readFile = (file) =>
    overlay.get(path.resolve(file)) ?? (isRemoved(file) ? undefined : onDisk.readFile(file));
  host.getSourceFile = (file, languageVersion, onError) => {
    const text = overlay.get(path.resolve(file));
    return text === undefined
      ? onDisk.getSourceFile(file, languageVersion, onError)
      : ts.createSourceFile(file, text, languageVersion, true);
  };

  // The config's file list was read from disk: a generated file only in memory joins it.
  const rootNames = [
    ...parsed.fileNames.filter((file) => !removed.has(path.resolve(file))),
    ...[...overlay.keys()].filter(
      (file) => file.endsWith(".ts") && !parsed.fileNames.some((f) => path.resolve(f) === file),
    ),
  ];
  const program = ts.createProgram({
    rootNames,
    options: parsed.options,
    host,
    configFileParsingDiagnostics: parsed.errors,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => formatDiagnostic(d, layout.root));
}

/** As `tsc --pretty false` prints it, on one line, the path relative to the project root. */
function formatDiagnostic(diagnostic: ts.Diagnostic, root: string): string {
  const category = ts.DiagnosticCategory[diagnostic.category].toLowerCase();
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  const body = `${category} TS${diagnostic.code}: ${message}`;
  if (diagnostic.file === undefined) return body;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
  const file = path.relative(root, diagnostic.file.fileName).split(path.sep).join("/");
  return `${file}(${line + 1},${character + 1}): ${body}`;
}

function textOf(content: string | Uint8Array): string {
  return typeof content === "string" ? content : Buffer.from(content).toString("utf8");
}
