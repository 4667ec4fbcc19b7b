import ts from "typescript";

/** The project's strictness, for one generated module checked on its own. */
const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2023.d.ts"],
  module: ts.ModuleKind.ESNext,
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  types: [],
  noEmit: true,
};
const FILE = "/virtual/api-types.ts";
const host = ts.createCompilerHost(OPTIONS);
/** Parsed lib files, kept between checks: parsing them is most of the cost of a small check. */
const libFiles = new Map<string, ts.SourceFile | undefined>();
let source = "";
const getSourceFile = host.getSourceFile.bind(host);
host.getSourceFile = (fileName, languageVersion) => {
  if (fileName === FILE) return ts.createSourceFile(fileName, source, languageVersion, true);
  if (!libFiles.has(fileName)) libFiles.set(fileName, getSourceFile(fileName, languageVersion));
  return libFiles.get(fileName);
};
const fileExists = host.fileExists.bind(host);
host.fileExists = (fileName) => fileName === FILE || fileExists(fileName);

/**
 * The TypeScript compiler's syntax and type errors for one self-contained module, in process, as
 * `line:col message` lines; empty when it compiles under the project's strict settings.
 */
export function typeErrors(text: string): string[] {
  source = text;
  const program = ts.createProgram([FILE], OPTIONS, host);
  const file = program.getSourceFile(FILE)!;
  const diagnostics = [
    ...program.getSyntacticDiagnostics(file),
    ...program.getSemanticDiagnostics(file),
  ];
  return diagnostics.map((d) => {
    const { line, character } = file.getLineAndCharacterOfPosition(d.start ?? 0);
    return `${line + 1}:${character + 1} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

/** The names a module exports. */
export function exportedNames(text: string): string[] {
  const file = ts.createSourceFile(FILE, text, ts.ScriptTarget.ESNext);
  return file.statements.flatMap((s) =>
    (ts.isTypeAliasDeclaration(s) || ts.isInterfaceDeclaration(s)) &&
    s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      ? [s.name.text]
      : [],
  );
}
