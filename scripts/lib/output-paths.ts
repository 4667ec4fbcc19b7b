import { constants } from "node:fs";
import { access, lstat, readlink, realpath, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { PipelineError } from "./pipeline-error.js";

/** Where one output (`--report FILE`, `--json FILE`) goes. */
export type OutputTarget =
  /** `-`: standard output. */
  | { readonly kind: "stdout" }
  /** A regular file (or one to create): written with the project's files, all or nothing. */
  | { readonly kind: "file"; readonly path: string }
  /**
   * A FIFO or a device (`/dev/stderr`): opened and written once, last; reading it first, or
   * renaming a temp file over it, would hang or replace it.
   */
  | { readonly kind: "stream"; readonly path: string };

/**
 * Checks, before anything is applied, that `file` (given as `flag FILE`) can be written: `-` is
 * standard output; a symbolic link is followed to what it names (refused if that is missing); a
 * FIFO or device is written as a stream; anything else must be a file, or a new one, in a folder
 * — existing or to be created — that can be written to. A report is part of the all-or-nothing
 * update, so a bad path must fail first, not after the apply.
 */
export async function checkOutputPath(flag: string, file: string): Promise<OutputTarget> {
  if (file === "-") return { kind: "stdout" };
  const fail = (why: string) => new PipelineError(`${flag} ${file}: ${why}`);
  let target = path.resolve(file);
  const link = await lstat(target).catch(() => undefined);
  if (link?.isSymbolicLink()) {
    const resolved = await realpath(target).catch(() => undefined);
    if (resolved === undefined) {
      const to = await readlink(target).catch(() => "?");
      throw fail(`is a symbolic link to ${to}, which does not exist`);
    }
    target = resolved;
  }
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) throw fail("is a folder, not a file");
  if (info?.isFIFO() || info?.isCharacterDevice()) {
    await access(target, constants.W_OK).catch(() => {
      throw fail("cannot write there: no write permission");
    });
    return { kind: "stream", path: target };
  }
  if (info !== undefined && !info.isFile()) throw fail("is not a file, a FIFO or a device");
  let dir = path.dirname(target);
  for (;;) {
    const found = await stat(dir).catch((error: NodeJS.ErrnoException) => error);
    if (!(found instanceof Error)) {
      if (!found.isDirectory()) throw fail(`cannot write there: ${dir} is not a folder`);
      break;
    }
    if (found.code !== "ENOENT" || path.dirname(dir) === dir)
      throw fail(`cannot write there: ${found.code ?? found.message}`);
    dir = path.dirname(dir);
  }
  try {
    await access(dir, constants.W_OK);
    if (info) await access(target, constants.W_OK);
  } catch {
    throw fail(`cannot write there: no write permission`);
  }
  return { kind: "file", path: target };
}

/** Writes `content` to a stream target: a FIFO blocks here until its reader opens it. */
export async function writeStream(target: string, content: string): Promise<void> {
  await writeFile(target, content);
}
