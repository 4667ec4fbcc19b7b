// Child process for atomic-write tests: starts an atomic write of new content over the files
// given and sends itself `signal` either after the temp files are written (the write then waits
// there until the signal has been handled, so the interruption lands at exactly that point), or
// right after the first rename (not waiting: the write goes on while the signal is handled).
import { writeFilesAtomically } from "../../scripts/lib/atomic-write.js";

const [signal, when, ...targets] = process.argv.slice(2) as [NodeJS.Signals, string, ...string[]];
const kill = () => process.kill(process.pid, signal);
/**
 * Resolves once the process has handled `signal`. The timer keeps the event loop alive until then
 * (a signal's own watcher does not, so the process could otherwise end first); SIGKILL ends the
 * process before anything resolves.
 */
const handled = () =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 60_000);
    if (signal !== "SIGKILL") {
      process.once(signal, () => {
        clearTimeout(timer);
        resolve();
      });
    }
  });
let renames = 0;
await writeFilesAtomically(
  targets.map((path) => ({ path, content: "new content\n" })),
  when === "before-renames"
    ? {
        beforeRename: async () => {
          const signalled = handled();
          kill();
          await signalled;
        },
      }
    : { beforeEachRename: () => void (renames++ === 1 && kill()) },
);
