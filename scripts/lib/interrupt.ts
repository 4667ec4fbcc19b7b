type Cleanup = () => unknown;

const cleanups = new Set<Cleanup>();
const SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * Runs `cleanup` if the process is interrupted (Ctrl-C, SIGTERM) before the returned release
 * function is called, then lets the signal end the process as it would have. For work that must
 * leave nothing behind: temp files, staging folders, child processes.
 */
export function onInterrupt(cleanup: Cleanup): () => void {
  if (cleanups.size === 0) for (const signal of SIGNALS) process.once(signal, handle);
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
    if (cleanups.size === 0) for (const signal of SIGNALS) process.removeListener(signal, handle);
  };
}

function handle(signal: NodeJS.Signals): void {
  for (const other of SIGNALS) process.removeListener(other, handle);
  const pending = [...cleanups].map((cleanup) => Promise.resolve().then(cleanup));
  cleanups.clear();
  void Promise.allSettled(pending).finally(() => process.kill(process.pid, signal));
}
