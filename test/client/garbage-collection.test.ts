import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, test } from "vitest";
import { MixpeekAbortError, MixpeekTimeoutError } from "../../src/index.js";
import { useTestServer } from "../helpers/client-fixture.js";
import { UNANSWERED_ID } from "../helpers/mixpeek-test-server.js";

// Node's fetch follows a Request's signal through a weak reference (nodejs/undici#3644): a client
// that lets go of the Request it sent loses its timeout and its caller's abort at the next
// collection, and the call then waits forever on a server that never answers. Each call here
// waits on such a server while the process collects garbage and allocates, as a busy one does.

const { client } = useTestServer();

/**
 * V8's collector, as `--expose-gc` gives it; set from here because vitest may run this file in a
 * worker thread, which refuses V8 flags on its command line (Stryker's runner does).
 */
function exposedGc(): () => void {
  if (!globalThis.gc) setFlagsFromString("--expose-gc");
  const gc = (globalThis.gc ?? runInNewContext("gc")) as () => void;
  return () => gc();
}

/** Forced collections and allocation churn, until the returned function is called. */
function collectGarbage(): () => void {
  const gc = exposedGc();
  // A few generations of live objects, so that collections have work to do.
  const live: unknown[][] = [];
  const churn = setInterval(() => {
    live.push(Array.from({ length: 50_000 }, (_, i) => ({ i, text: `entry ${i}` })));
    if (live.length > 4) live.shift();
    gc();
  }, 25);
  return () => {
    clearInterval(churn);
    live.length = 0;
  };
}

/** How the call ended, and when; a call still pending at `boundMs` fails the test saying so. */
async function settle(call: Promise<unknown>, boundMs: number) {
  const stop = collectGarbage();
  const started = performance.now();
  let watchdog: NodeJS.Timeout | undefined;
  try {
    const outcome = await Promise.race([
      call.then(
        () => "resolved",
        (error: unknown) => error,
      ),
      new Promise((resolve) => {
        watchdog = setTimeout(() => resolve(`still pending after ${boundMs} ms`), boundMs);
      }),
    ]);
    return { outcome, ms: performance.now() - started };
  } finally {
    clearTimeout(watchdog);
    stop();
  }
}

const BOUND_MS = 5_000;

describe("timeouts and aborts still fire after garbage collections", () => {
  test("timeoutMs", async () => {
    const call = client({ timeoutMs: 400, maxRetries: 0 }).getAuditLog(UNANSWERED_ID);
    const { outcome } = await settle(call, BOUND_MS);
    expect(outcome).toBeInstanceOf(MixpeekTimeoutError);
    expect((outcome as Error).message).toMatch(/no complete response within 400 ms$/);
  });

  test("timeoutMs of each attempt, retries included", async () => {
    const call = client({ timeoutMs: 300, maxRetries: 2 }).getAuditLog(UNANSWERED_ID);
    const { outcome } = await settle(call, BOUND_MS);
    expect(outcome).toBeInstanceOf(MixpeekTimeoutError);
  });

  test("totalTimeoutMs", async () => {
    const call = client({ timeoutMs: 60_000, totalTimeoutMs: 400 }).getAuditLog(UNANSWERED_ID);
    const { outcome } = await settle(call, BOUND_MS);
    expect(outcome).toBeInstanceOf(MixpeekTimeoutError);
    expect((outcome as Error).message).toMatch(/within totalTimeoutMs \(400 ms\)$/);
  });

  test("the caller's AbortSignal", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const call = client({ timeoutMs: 60_000 }).getAuditLog(UNANSWERED_ID, {
      signal: controller.signal,
    });
    const { outcome } = await settle(call, BOUND_MS);
    expect(outcome).toBeInstanceOf(MixpeekAbortError);
  });

  test("a fetch option that passes on only the Request (a proxy wrapper) is aborted too", async () => {
    const onlyTheRequest = (request: Request) => fetch(request);
    const call = client({ timeoutMs: 400, maxRetries: 0, fetch: onlyTheRequest }).getAuditLog(
      UNANSWERED_ID,
    );
    const { outcome } = await settle(call, BOUND_MS);
    expect(outcome).toBeInstanceOf(MixpeekTimeoutError);

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const aborted = client({ timeoutMs: 60_000, fetch: onlyTheRequest }).getAuditLog(
      UNANSWERED_ID,
      { signal: controller.signal },
    );
    expect((await settle(aborted, BOUND_MS)).outcome).toBeInstanceOf(MixpeekAbortError);
  });

  test("raw: timeoutMs and the request's own signal", async () => {
    const raw = client({ timeoutMs: 400, maxRetries: 0 }).raw;
    const path = "/v1/organizations/audit/logs/{audit_id}";
    const params = { path: { audit_id: UNANSWERED_ID } };
    const timedOut = await settle(raw.GET(path, { params }), BOUND_MS);
    expect(timedOut.outcome).toBeInstanceOf(MixpeekTimeoutError);

    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const slow = client({ timeoutMs: 60_000 }).raw;
    const aborted = await settle(slow.GET(path, { params, signal: controller.signal }), BOUND_MS);
    expect(aborted.outcome).toBeInstanceOf(MixpeekAbortError);
  });
});
