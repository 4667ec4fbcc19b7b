import { queryObjects } from "node:v8";
import { expect, test } from "vitest";
import { createMixpeekClient } from "../../src/index.js";
import { errorBody, SAMPLE_EVENT, TEST_API_KEY } from "../helpers/mixpeek-test-server.js";

// A file of its own: objects that other tests' servers and sockets release later would blur
// the counts.

/** AbortSignals alive after full collections (and the finalizers those collections queue). */
async function liveSignals(): Promise<number> {
  let count = queryObjects(AbortSignal, { format: "count" });
  for (let previous = -1; count !== previous;) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    [previous, count] = [count, queryObjects(AbortSignal, { format: "count" })];
  }
  return count;
}

test("calls that waited to retry leave nothing alive behind on a signal that outlives them", async () => {
  const CALLS = 20;
  let failing = 0;
  const fetch = () =>
    Promise.resolve(
      failing-- > 0
        ? Response.json(errorBody(503, "try later", "ServiceUnavailable"), { status: 503 })
        : Response.json(SAMPLE_EVENT),
    );
  const mixpeek = createMixpeekClient({ apiKey: TEST_API_KEY, fetch, initialRetryDelayMs: 0 });
  // Passed to every call, aborted only at shutdown.
  const shutdown = new AbortController();
  const run = async () => {
    failing = CALLS;
    const calls = Array.from({ length: CALLS }, () =>
      mixpeek.getAuditLog("audit_123", { signal: shutdown.signal }),
    );
    expect(await Promise.all(calls)).toEqual(new Array(CALLS).fill(SAMPLE_EVENT));
  };
  await run();
  const before = await liveSignals();
  await run();
  // A leak keeps one signal per call (20); a signal or two of the test's own come and go.
  expect((await liveSignals()) - before).toBeLessThan(CALLS / 4);
});
