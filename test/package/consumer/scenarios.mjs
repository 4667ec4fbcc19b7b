// What every runtime must do with the packed package: one real call per outcome against the
// local test server. Shared by the Node, Bun and Deno consumers and the Worker, which pass in the
// package as they load it (import, require or a bundle).
/* global clearTimeout, setInterval, clearInterval -- timers every one of these runtimes has */

/** Short enough for a quick test, long enough that a loaded machine still answers in time. */
const TIMEOUT_MS = 300;
const ABORT_AFTER_MS = 100;
/** A per-attempt timeout the total deadline (TIMEOUT_MS) must cut short. */
const LONG_TIMEOUT_MS = 10_000;
/** A hang, not a slow machine: many times the longest wait these calls should take. */
const WATCHDOG_MS = 5_000;
/** How often the churn allocates and collects while calls wait. */
const CHURN_INTERVAL_MS = 20;
/** Small objects allocated per churn tick: a few MB, so that every collection has work to do. */
const CHURN_OBJECTS = 100_000;

/** An outcome as plain JSON: the value returned, or the error's class, status and kind. */
async function outcome(mixpeek, call) {
  try {
    return { value: await call() };
  } catch (error) {
    return {
      error: error.name,
      status: error.status,
      isMixpeekError: error instanceof mixpeek.MixpeekError,
      message: error.message,
    };
  }
}

/** The scenarios whose call the watchdog gave up on; their fetch still holds a socket open. */
const stillPending = [];

/**
 * Node, Bun and Deno: prints the results as one line of JSON, then ends the process if a call
 * hung, since a fetch the client could not abort keeps its socket, and so the process, alive.
 */
export function printResults(results) {
  console.log(JSON.stringify(results));
  if (stillPending.length > 0) {
    console.error(`still pending after ${WATCHDOG_MS} ms: ${stillPending.join(", ")}`);
    process.exit(1);
  }
}

/**
 * A call's outcome, or "still pending" once WATCHDOG_MS have passed: a call that never settles
 * fails its assertion instead of hanging the test run. The hung fetch itself cannot be stopped
 * from here: see printResults.
 */
function watched(name, mixpeek, call) {
  let timer;
  const watchdog = new Promise((resolve) => {
    timer = setTimeout(() => {
      stillPending.push(name);
      resolve({ error: "still pending", message: `still pending after ${WATCHDOG_MS} ms` });
    }, WATCHDOG_MS);
  });
  return Promise.race([outcome(mixpeek, call), watchdog]).finally(() => clearTimeout(timer));
}

/**
 * The runtime's way to force a full garbage collection: V8's gc() on Node (--expose-gc) and
 * Deno (--v8-flags=--expose-gc), Bun.gc(true) on Bun. workerd offers none (and no flag to expose
 * one): there the churn's allocations alone bring collections on, when V8 chooses.
 */
function forcedCollection() {
  if (typeof globalThis.Bun?.gc === "function") return () => globalThis.Bun.gc(true);
  if (typeof globalThis.gc === "function") return () => globalThis.gc();
  return undefined;
}

/**
 * Allocates a few MB and forces a collection (where the runtime can) now and every
 * CHURN_INTERVAL_MS, until the returned function is called. The first tick of the interval comes
 * before any timer a call arms later, so at least one collection runs while each call waits.
 */
function startChurn(collect) {
  // Each batch lives until the next tick: collections have live objects to mark, not only dead.
  let _batch;
  const tick = () => {
    _batch = Array.from({ length: CHURN_OBJECTS }, (_, i) => ({ i }));
    collect?.();
  };
  tick();
  const interval = setInterval(tick, CHURN_INTERVAL_MS);
  return () => {
    clearInterval(interval);
    _batch = undefined;
  };
}

/**
 * Timeouts and aborts of calls that the server never answers, while the process collects
 * garbage. On Node, undici holds the link from the signal given to a Request to the Request's
 * own signal weakly (nodejs/undici#3644, #4068): a client that keeps no reference to the Request
 * it fetches loses its timeouts and aborts once the Request is collected, and the call hangs.
 * The three outcomes, through getAuditLog and through the openapi-fetch client `raw`, run at
 * once under one churn.
 */
async function underCollections(mixpeek, { baseUrl, apiKey, unansweredId }) {
  const collect = forcedCollection();
  const client = (options) =>
    mixpeek.createMixpeekClient({ apiKey, baseUrl, maxRetries: 0, ...options });
  const perAttempt = client({ timeoutMs: TIMEOUT_MS });
  const deadline = client({ timeoutMs: LONG_TIMEOUT_MS, totalTimeoutMs: TIMEOUT_MS });
  const abortable = client({});
  const rawGet = (raw, signal) =>
    raw.GET("/v1/organizations/audit/logs/{audit_id}", {
      params: { path: { audit_id: unansweredId } },
      signal,
    });
  /** A signal aborted after TIMEOUT_MS: after at least one collection (see startChurn). */
  const abortLater = () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), TIMEOUT_MS);
    return controller.signal;
  };

  const stopChurn = startChurn(collect);
  try {
    const [timeout, totalTimeout, abort, rawTimeout, rawTotalTimeout, rawAbort] = await Promise.all(
      [
        watched("getAuditLog timeout", mixpeek, () => perAttempt.getAuditLog(unansweredId)),
        watched("getAuditLog totalTimeout", mixpeek, () => deadline.getAuditLog(unansweredId)),
        watched("getAuditLog abort", mixpeek, () =>
          abortable.getAuditLog(unansweredId, { signal: abortLater() }),
        ),
        watched("raw timeout", mixpeek, () => rawGet(perAttempt.raw)),
        watched("raw totalTimeout", mixpeek, () => rawGet(deadline.raw)),
        watched("raw abort", mixpeek, () => rawGet(abortable.raw, abortLater())),
      ],
    );
    return {
      collections: collect ? "forced" : "allocation only",
      getAuditLog: { timeout, totalTimeout, abort },
      raw: { timeout: rawTimeout, totalTimeout: rawTotalTimeout, abort: rawAbort },
    };
  } finally {
    stopChurn();
  }
}

export async function runScenarios(mixpeek, settings) {
  const { baseUrl, apiKey, unansweredId } = settings;
  const client = mixpeek.createMixpeekClient({ apiKey, baseUrl, maxRetries: 0 });
  return {
    found: await outcome(mixpeek, () => client.getAuditLog("audit_123")),
    notFound: await outcome(mixpeek, () => client.getAuditLog("audit_missing")),
    timeout: await outcome(mixpeek, () =>
      client.getAuditLog(unansweredId, { timeoutMs: TIMEOUT_MS }),
    ),
    // Aborted after the call starts, not before.
    abort: await outcome(mixpeek, () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), ABORT_AFTER_MS);
      return client.getAuditLog(unansweredId, { signal: controller.signal });
    }),
    underCollections: await underCollections(mixpeek, settings),
  };
}
