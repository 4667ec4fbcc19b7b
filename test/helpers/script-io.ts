import type { ScriptIo } from "../../scripts/lib/script-runner.js";

export interface CapturedIo extends ScriptIo {
  readonly out: string[];
  readonly err: string[];
  /** The last line printed to stderr: a script's one-line verdict. */
  lastError(): string;
}

/** A ScriptIo that records what a script prints, for in-process runs of its `main`. */
export function captureIo(): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => void out.push(...text.split("\n")),
    stderr: (text) => void err.push(...text.split("\n")),
    lastError: () => err.at(-1) ?? "",
  };
}
