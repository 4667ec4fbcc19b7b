import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import path from "node:path";
import { PipelineError } from "./pipeline-error.js";

/**
 * Checks, before anything is applied, that `file` (given as `flag FILE`) can be written: not a
 * folder, and in a folder — existing or to be created — that can be written to. A report is
 * part of the all-or-nothing update, so a bad path must fail first, not after the apply.
 */
export async function checkOutputPath(flag: string, file: string): Promise<string> {
  const target = path.resolve(file);
  const fail = (why: string) => new PipelineError(`${flag} ${file}: ${why}`);
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) throw fail("is a folder, not a file");
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
  return target;
}
