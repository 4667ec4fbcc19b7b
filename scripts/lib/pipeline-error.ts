/** Exit codes shared by every script in scripts/. */
export const EXIT = {
  OK: 0,
  /** Committed output differs from a fresh run, or a change is breaking. */
  FAILED_CHECK: 1,
  /** Bad input: unreadable or invalid spec, lint errors, wrong arguments. */
  INVALID_INPUT: 2,
  /** A bug: an unexpected exception (sysexits' EX_SOFTWARE). */
  INTERNAL: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * A problem the user can act on. Its message is one line that names the file (and line and
 * column where known); scripts print it as is and exit with `exitCode`.
 */
export class PipelineError extends Error {
  override readonly name = "PipelineError";
  readonly exitCode: ExitCode;

  constructor(message: string, options: { exitCode?: ExitCode; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.exitCode = options.exitCode ?? EXIT.INVALID_INPUT;
  }
}

/** The first line of an error's message, for errors thrown by libraries we call. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0]?.trim() || "unknown error";
}
