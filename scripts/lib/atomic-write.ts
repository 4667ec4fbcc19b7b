import { randomBytes } from "node:crypto";
import { copyFile, link, open, readFile, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { onInterrupt } from "./interrupt.js";

export interface FileToWrite {
  /** Absolute path. */
  readonly path: string;
  readonly content: string | Uint8Array;
}

/** Fault-injection points for tests. */
export interface AtomicWriteHooks {
  /** After every temp file is on disk, before the first rename. */
  readonly beforeRename?: () => void | Promise<void>;
  /** Before each rename (a failure here is a crash half-way through the renames). */
  readonly beforeEachRename?: (target: string) => void | Promise<void>;
}

/**
 * Writes several files all or nothing. Each goes to a temp file next to its target (same
 * filesystem, so `rename` is atomic) and is flushed to disk; only then are the temps renamed over
 * the targets, after each original was kept as a hard-linked backup. A failure or Ctrl-C at any
 * point — while writing temps or half-way through the renames — puts every original back and
 * leaves no temp file. (Only a hard kill — SIGKILL, a power cut — during the renames, a window
 * of microseconds, can leave a mix; the drift check then reports it.) Unchanged files are not
 * touched. Returns the paths that changed.
 */
export async function writeFilesAtomically(
  files: readonly FileToWrite[],
  hooks: AtomicWriteHooks = {},
): Promise<string[]> {
  const changed = await filesThatChange(files);
  const temps = new Map<string, string>();
  /** Target → backup of its original, or null when the target is new. */
  const backups = new Map<string, string | null>();
  const renamed: string[] = [];
  // Idempotent: the failure path and a signal may both run it.
  const undo = async () => {
    for (const target of renamed.reverse()) {
      const backup = backups.get(target);
      await (backup ? rename(backup, target) : unlink(target)).catch(() => {});
    }
    renamed.length = 0;
    await removeAll([...temps.values(), ...backups.values()]);
  };
  // On Ctrl-C the write loop must stop before undo runs: undoing while renames go on would
  // restore some files and leave later ones new. So the handler raises a flag the loop checks
  // before every step, waits for the loop to stop, then undoes.
  let interrupted = false;
  let loopStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (loopStopped = resolve));
  const release = onInterrupt(async () => {
    interrupted = true;
    await stopped;
    await undo();
  });
  const step = async <T>(work: () => Promise<T>): Promise<T> => {
    if (interrupted) throw new Error("interrupted");
    return work();
  };
  try {
    for (const file of changed) {
      temps.set(file.path, tempPathFor(file.path));
      await step(() => writeAndFlush(temps.get(file.path)!, file.content));
    }
    for (const file of changed) backups.set(file.path, await step(() => backUp(file.path)));
    await hooks.beforeRename?.();
    for (const file of changed) {
      await hooks.beforeEachRename?.(file.path);
      await step(() => rename(temps.get(file.path)!, file.path));
      temps.delete(file.path);
      renamed.push(file.path);
    }
  } catch (error) {
    loopStopped();
    // Interrupted: the signal handler undoes and then ends the process by that signal; an error
    // thrown from here would only race it to the exit.
    if (interrupted) return new Promise<never>(() => {});
    await undo();
    throw error;
  } finally {
    loopStopped();
    release();
  }
  await removeAll([...backups.values()]);
  return changed.map((f) => f.path);
}

/** A hard link to the current target (a copy where links are not supported), or null if none. */
async function backUp(target: string): Promise<string | null> {
  const backup = tempPathFor(target);
  try {
    await link(target, backup);
    return backup;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    await copyFile(target, backup);
    return backup;
  }
}

async function removeAll(paths: readonly (string | null | undefined)[]): Promise<void> {
  const existing = paths.filter((p): p is string => typeof p === "string");
  await Promise.all(existing.map((p) => unlink(p).catch(() => {})));
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

/** The files whose content on disk (if any) is not `content`: what a write would change. */
export async function filesThatChange(files: readonly FileToWrite[]): Promise<FileToWrite[]> {
  const changing: FileToWrite[] = [];
  for (const file of files) if (!(await hasContent(file.path, file.content))) changing.push(file);
  return changing;
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
