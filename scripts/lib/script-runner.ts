import { realpathSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { firstLine, PipelineError, EXIT } from "./pipeline-error.js";

/** Where a script prints; tests pass collectors, the command line passes the process streams. */
export interface ScriptIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export type ScriptMain = (argv: string[], io: ScriptIo) => Promise<number>;

const processIo: ScriptIo = {
  stdout: (text) => void process.stdout.write(`${text}\n`),
  stderr: (text) => void process.stderr.write(`${text}\n`),
};

/** Runs a script's `main` on the process's streams; resolves with the exit code. */
export async function runMain(main: ScriptMain, argv: string[]): Promise<number> {
  try {
    return await main(argv, processIo);
  } catch (error) {
    // Not a user error (those are reported by main): a bug, so keep the stack.
    console.error(error);
    return EXIT.INTERNAL;
  }
}

/**
 * Runs `main` when the module is the process's entry point, as under tsx (`scripts/run.mjs`
 * calls `runMain` itself); does nothing when a test imports the module.
 */
export function runIfEntryPoint(moduleUrl: string, main: ScriptMain): void {
  const entry = process.argv[1];
  if (entry === undefined || realpathSync(entry) !== realpathSync(fileURLToPath(moduleUrl))) return;
  void runMain(main, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

/** The one line printed for a user error, and its exit code; anything else is rethrown. */
export function reportPipelineError(error: unknown, io: ScriptIo): number {
  if (!(error instanceof PipelineError)) throw error;
  io.stderr(error.message);
  return error.exitCode;
}

/** Message for a bad command line, as parseArgs reports it, pointing at --help. */
export function usageError(script: string, error: unknown, io: ScriptIo): number {
  io.stderr(`${script}: ${firstLine(error)} (see --help)`);
  return EXIT.INVALID_INPUT;
}

/**
 * parseArgs reads `--timeout-ms -5` as two options ("argument is ambiguous"); a value that looks
 * like a negative number is the option's value, joined as `--timeout-ms=-5`, so the option's own
 * check can say what is wrong with it.
 */
export function joinNegativeValues(argv: readonly string[], valued: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (valued.includes(arg) && next !== undefined && /^-\d/.test(next)) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

/** `--root DIR` (default: the current folder), refused when it is not an existing folder. */
export function projectRoot(value: string | undefined): string {
  if (value === undefined) return process.cwd();
  let isFolder: boolean;
  try {
    isFolder = statSync(value).isDirectory();
  } catch {
    throw new Error(`--root ${value}: no such folder`);
  }
  if (!isFolder) throw new Error(`--root ${value}: not a folder`);
  return value;
}
