// Child process for atomic-write tests: starts an atomic write of new content over the files
// given and sends itself `signal` after the temp files are written, before any rename.
import { writeFilesAtomically } from "../../scripts/lib/atomic-write.js";

const [signal, ...targets] = process.argv.slice(2);
await writeFilesAtomically(
  targets.map((path) => ({ path, content: "new content\n" })),
  {
    beforeRename: async () => {
      process.kill(process.pid, signal);
      await new Promise((resolve) => setTimeout(resolve, 10_000));
    },
  },
);
