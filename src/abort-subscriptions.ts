interface Subscribers {
  readonly callbacks: Set<(reason: unknown) => void>;
  readonly listener: () => void;
}

const bySignal = new WeakMap<AbortSignal, Subscribers>();

/**
 * Calls `callback` with the reason when `signal` aborts, through one listener per signal however
 * many calls share it: a sync job that passes one shutdown signal to hundreds of concurrent calls
 * would otherwise add a listener each, and Node warns of a leak past ten. Returns the unsubscribe
 * function; the listener goes when its last subscriber does. An aborted signal calls back at once.
 */
export function onAbort(signal: AbortSignal, callback: (reason: unknown) => void): () => void {
  if (signal.aborted) {
    callback(signal.reason);
    return () => {};
  }
  let subscribers = bySignal.get(signal);
  if (subscribers === undefined) {
    const callbacks = new Set<(reason: unknown) => void>();
    const listener = () => {
      bySignal.delete(signal);
      for (const notify of callbacks) notify(signal.reason);
    };
    subscribers = { callbacks, listener };
    bySignal.set(signal, subscribers);
    signal.addEventListener("abort", listener, { once: true });
  }
  const { callbacks, listener } = subscribers;
  callbacks.add(callback);
  return () => {
    callbacks.delete(callback);
    if (callbacks.size === 0 && bySignal.get(signal) === subscribers) {
      bySignal.delete(signal);
      signal.removeEventListener("abort", listener);
    }
  };
}
