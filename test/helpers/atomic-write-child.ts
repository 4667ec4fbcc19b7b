// Child process for atomic-write tests: starts an atomic write of new content over the files
// given and sends itself `signal` either after the temp files are written (blocking there), or
// right after the first rename (not blocking: the write goes on while the signal is handled).
import { writeFilesAtomically } from "../../scripts/lib/atomic-write.js";

const [signal, when, ...targets] = process.argv.slice(2);
const kill = () => process.kill(process.pid, signal);
let renames = 0;
await writeFilesAtomically(
  targets.map((path) => ({ path, content: "new content\n" })),
  when === "before-renames"
    ? {
        beforeRename: async () => {
          kill();
          await new Promise((resolve) => setTimeout(resolve, 10_000));
        },
      }
    : { beforeEachRename: () => void (renames++ === 1 && kill()) },
);
