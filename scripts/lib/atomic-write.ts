import { randomBytes } from "node:crypto";
import { open, readFile, rename, unlink } from "node:fs/promises";
import path from "node:path";

export interface FileToWrite {
  /** Absolute path. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

export interface AtomicWriteHooks {
  /** Runs after every temp file is on disk and before the first rename (tests inject faults here). */
  readonly beforeRename?: () => void | Promise<void>;
}

/**
 * Writes files so that a failure at any point before the renames leaves every target exactly as
 * it was: each file goes to a temp file next to its target (same filesystem, so `rename` is
 * atomic), is flushed to disk, and only then renamed over the target. Unchanged files are not
 * touched. Returns the paths that changed.
 */
export async function writeFilesAtomically(
  files: readonly FileToWrite[],
  hooks: AtomicWriteHooks = {},
): Promise<string[]> {
  const changed: FileToWrite[] = [];
  for (const file of files) {
    if (!(await hasContent(file.path, file.content))) changed.push(file);
  }
  const temps = new Map<FileToWrite, string>();
  const removeTemps = () => Promise.all([...temps.values()].map((t) => unlink(t).catch(() => {})));
  // Ctrl-C between the temp writes and the renames must not leave temp files behind.
  const onSignal = (signal: NodeJS.Signals) => {
    void removeTemps().finally(() => process.kill(process.pid, signal));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    for (const file of changed) {
      const temp = tempPathFor(file.path);
      temps.set(file, temp);
      await writeAndFlush(temp, file.content);
    }
    await hooks.beforeRename?.();
    for (const file of changed) {
      await rename(temps.get(file)!, file.path);
      temps.delete(file);
    }
  } finally {
    await removeTemps();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
  return changed.map((f) => f.path);
}

/** Matches `.*.tmp-*` in .gitignore, so a temp file left by a power cut is never committed. */
function tempPathFor(target: string): string {
  const name = `.${path.basename(target)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  return path.join(path.dirname(target), name);
}

async function writeAndFlush(file: string, content: string | Uint8Array): Promise<void> {
  const handle = await open(file, "wx");
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function hasContent(file: string, content: string | Uint8Array): Promise<boolean> {
  try {
    const existing = await readFile(file);
    const wanted = typeof content === "string" ? Buffer.from(content) : content;
    return existing.equals(wanted);
  } catch {
    return false;
  }
}
