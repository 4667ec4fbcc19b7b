import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { firstLine, PipelineError, EXIT } from "./errors.js";

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
