import { getEventListeners } from "node:events";
import { describe, expect, test } from "vitest";
import {
  MixpeekAbortError,
  MixpeekConnectionError,
  MixpeekNotFoundError,
  MixpeekRateLimitError,
  MixpeekServerError,
  MixpeekTimeoutError,
} from "../../src/index.js";
import { useTestServer } from "../helpers/client-fixture.js";
import { errorBody, SAMPLE_EVENT } from "../helpers/mixpeek-test-server.js";

const { server, client } = useTestServer();

const unavailable = (headers: Record<string, string> = {}) =>
  ({
    kind: "json",
    status: 503,
    body: errorBody(503, "try later", "ServiceUnavailable"),
    headers,
  }) as const;

/** Timers of this process: a call must leave none armed once it settles. */
const armedTimers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("retries", () => {
  test.each([408, 429, 500, 502, 503, 504])(
    "retries %i and returns the later success",
    async (status) => {
      server().misbehave({
        kind: "json",
        status,
        body: errorBody(status, "transient", "Transient"),
      });
      await expect(client().getAuditLog("audit_123")).resolves.toEqual(SAMPLE_EVENT);
      expect(server().requests).toHaveLength(2);
    },
  );

  test.each([400, 401, 403, 404, 422])("never retries %i", async (status) => {
    server().misbehave({ kind: "json", status, body: errorBody(status, "final", "Final") });
    await expect(client().getAuditLog("audit_123")).rejects.toMatchObject({ status });
    expect(server().requests).toHaveLength(1);
  });

  test("gives up after maxRetries (default 2: three attempts) with the last error", async () => {
    server().misbehave(unavailable(), unavailable(), unavailable(), unavailable());
    await expect(client().getAuditLog("audit_123")).rejects.toBeInstanceOf(MixpeekServerError);
    expect(server().requests).toHaveLength(3);
  });

  test("maxRetries: 0 disables retrying", async () => {
    server().misbehave(unavailable());
    await expect(client({ maxRetries: 0 }).getAuditLog("audit_123")).rejects.toBeInstanceOf(
      MixpeekServerError,
    );
    expect(server().requests).toHaveLength(1);
  });

  test("a reset connection is retried, and after the last retry is a MixpeekConnectionError", async () => {
    server().misbehave({ kind: "reset" });
    await expect(client().getAuditLog("audit_123")).resolves.toEqual(SAMPLE_EVENT);

    server().misbehave({ kind: "reset" }, { kind: "reset" }, { kind: "reset" });
    const error = await client()
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekConnectionError);
    expect(error).not.toBeInstanceOf(MixpeekTimeoutError);
    expect((error as Error).message).toMatch(
      /^GET \/v1\/organizations\/audit\/logs\/audit_123: connection failed: /,
    );
    expect(server().requests).toHaveLength(2 + 3);
  });

  test("a refused connection is a MixpeekConnectionError naming the cause", async () => {
    const url = server().url;
    await server().close();
    const error = await client({ baseUrl: url, maxRetries: 1 })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekConnectionError);
    expect((error as Error).message).toContain("ECONNREFUSED");
  });

  test("honours Retry-After in seconds", async () => {
    server().misbehave({
      kind: "json",
      status: 429,
      body: errorBody(429, "slow down", "RateLimitError"),
      headers: { "retry-after": "1" },
    });
    const started = performance.now();
    await expect(client().getAuditLog("audit_123")).resolves.toEqual(SAMPLE_EVENT);
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
  });

  test("honours retry-after-ms", async () => {
    server().misbehave(unavailable({ "retry-after-ms": "150" }));
    const started = performance.now();
    await expect(client().getAuditLog("audit_123")).resolves.toEqual(SAMPLE_EVENT);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  test("a Retry-After beyond the cap ends retrying at once with the error", async () => {
    server().misbehave({
      kind: "json",
      status: 429,
      body: errorBody(429, "quota exhausted", "RateLimitError"),
      headers: { "retry-after": "3600" },
    });
    const started = performance.now();
    const error = await client()
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekRateLimitError);
    expect((error as MixpeekRateLimitError).headers.get("retry-after")).toBe("3600");
    expect(server().requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("timeouts", () => {
  test("a server slower than timeoutMs is retried, then a MixpeekTimeoutError", async () => {
    server().misbehave({ kind: "delay", ms: 5_000 }, { kind: "delay", ms: 5_000 });
    const error = await client({ timeoutMs: 250, maxRetries: 1 })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekTimeoutError);
    expect(error).toBeInstanceOf(MixpeekConnectionError);
    expect((error as Error).message).toBe(
      "GET /v1/organizations/audit/logs/audit_123: no complete response within 250 ms",
    );
    expect(server().requests).toHaveLength(2);
  });

  test.each([true, false])(
    "the timeout covers the body (Content-Length: %s): a stall after the headers times out, and is retried",
    async (contentLength) => {
      server().misbehave({ kind: "stall-body", ms: 5_000, contentLength });
      const timedOut = await client({ timeoutMs: 250, maxRetries: 0 })
        .getAuditLog("audit_123")
        .catch((e: unknown) => e);
      expect(timedOut).toBeInstanceOf(MixpeekTimeoutError);
      expect(server().requests).toHaveLength(1);

      server().misbehave({ kind: "stall-body", ms: 5_000, contentLength });
      await expect(
        client({ timeoutMs: 250, maxRetries: 1 }).getAuditLog("audit_123"),
      ).resolves.toEqual(SAMPLE_EVENT);
      expect(server().requests).toHaveLength(3);
    },
  );

  test("a connection cut in the middle of the body is retried, then a MixpeekConnectionError", async () => {
    server().misbehave({ kind: "cut-body" });
    await expect(client().getAuditLog("audit_123")).resolves.toEqual(SAMPLE_EVENT);
    expect(server().requests).toHaveLength(2);

    server().misbehave({ kind: "cut-body" });
    const error = await client({ maxRetries: 0 })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekConnectionError);
    expect((error as Error).message).toMatch(/: connection lost while reading the body: /);
  });

  test("the longest timeoutMs allowed arms no timer beyond setTimeout's range", async () => {
    // Past 2^31-1 ms Node fires a timer at once, with a TimeoutOverflowWarning: a deadline timer
    // re-armed that way would spin every millisecond for weeks.
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      await expect(client({ timeoutMs: 2_147_483_647 }).getAuditLog("audit_123")).resolves.toEqual(
        SAMPLE_EVENT,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(warnings.map((w) => w.name)).not.toContain("TimeoutOverflowWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });

  test("timeoutMs per call overrides the client's", async () => {
    server().misbehave({ kind: "delay", ms: 5_000 });
    await expect(
      client({ timeoutMs: 10_000, maxRetries: 0 }).getAuditLog("audit_123", { timeoutMs: 250 }),
    ).rejects.toBeInstanceOf(MixpeekTimeoutError);
    server().misbehave({ kind: "delay", ms: 300 });
    await expect(
      client({ timeoutMs: 50, maxRetries: 0 }).getAuditLog("audit_123", { timeoutMs: 10_000 }),
    ).resolves.toEqual(SAMPLE_EVENT);
  });

  test("concurrent calls time out on their own: stalled ones after at least timeoutMs, the rest succeed", async () => {
    // Calls started together share a deadline timer and abort signal; that must not be visible.
    server().misbehave({ kind: "delay", ms: 5_000 }, { kind: "delay", ms: 5_000 });
    const mixpeek = client({ timeoutMs: 1_000, maxRetries: 0 });
    const calls: Promise<{ outcome: unknown; elapsed: number }>[] = [];
    for (let i = 0; i < 12; i++) {
      const started = performance.now();
      calls.push(
        mixpeek.getAuditLog("audit_123").then(
          (event) => ({ outcome: event, elapsed: performance.now() - started }),
          (error: unknown) => ({ outcome: error, elapsed: performance.now() - started }),
        ),
      );
      // Spread the starts over more than one sharing window (1 % of the timeout).
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const settled = await Promise.all(calls);
    const timedOut = settled.filter((s) => s.outcome instanceof MixpeekTimeoutError);
    expect(timedOut).toHaveLength(2);
    for (const { elapsed } of timedOut) expect(elapsed).toBeGreaterThanOrEqual(1_000);
    const answered = settled.filter((s) => !timedOut.includes(s)).map((s) => s.outcome);
    expect(answered).toEqual(new Array(10).fill(SAMPLE_EVENT));
  });
});

describe("the caller's AbortSignal", () => {
  test("aborting mid-request rejects at once with MixpeekAbortError and does not retry", async () => {
    server().misbehave({ kind: "delay", ms: 2_000 });
    const controller = new AbortController();
    const call = client().getAuditLog("audit_123", { signal: controller.signal });
    await server().received(1);
    controller.abort(new Error("user cancelled"));
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekAbortError);
    expect((error as Error).cause).toEqual(new Error("user cancelled"));
    expect(server().requests).toHaveLength(1);
  });

  test("aborting during the wait between retries stops at once", async () => {
    server().misbehave(unavailable({ "retry-after-ms": "20000" }));
    const controller = new AbortController();
    const call = client({ retryDelays: { maxRetryAfterMs: 30_000 } }).getAuditLog("audit_123", {
      signal: controller.signal,
    });
    await server().received(1);
    const aborted = performance.now();
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(MixpeekAbortError);
    // Far less than the 20 s the server asked for: the wait itself was cancelled.
    expect(performance.now() - aborted).toBeLessThan(5_000);
    expect(server().requests).toHaveLength(1);
  });

  test("aborting one call leaves the calls running beside it alone", async () => {
    server().misbehave(
      { kind: "delay", ms: 300 },
      { kind: "delay", ms: 300 },
      { kind: "delay", ms: 300 },
    );
    const mixpeek = client();
    const controller = new AbortController();
    const cancelled = mixpeek.getAuditLog("audit_123", { signal: controller.signal });
    const others = [mixpeek.getAuditLog("audit_123"), mixpeek.getAuditLog("audit_123")];
    await server().received(3);
    controller.abort();
    await expect(cancelled).rejects.toBeInstanceOf(MixpeekAbortError);
    await expect(Promise.all(others)).resolves.toEqual([SAMPLE_EVENT, SAMPLE_EVENT]);
  });

  test("one signal shared by 40 concurrent calls: one listener on it, no leak warning, all aborted", async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      server().misbehave(
        ...Array.from({ length: 40 }, () => ({ kind: "delay", ms: 5_000 }) as const),
      );
      const controller = new AbortController();
      const mixpeek = client();
      const calls = Array.from({ length: 40 }, () =>
        mixpeek.getAuditLog("audit_123", { signal: controller.signal }).catch((e: unknown) => e),
      );
      await server().received(40);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
      controller.abort();
      const errors = await Promise.all(calls);
      for (const error of errors) expect(error).toBeInstanceOf(MixpeekAbortError);
      expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => w.name)).not.toContain("MaxListenersExceededWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });

  test("an already aborted signal sends nothing", async () => {
    await expect(
      client().getAuditLog("audit_123", { signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(MixpeekAbortError);
    expect(server().requests).toHaveLength(0);
  });
});

describe("timers", () => {
  test("no timer stays armed after a success, a retry, a timeout, an error or an abort", async () => {
    const before = armedTimers();
    await client().getAuditLog("audit_123");
    server().misbehave(unavailable());
    await client().getAuditLog("audit_123");
    server().misbehave({ kind: "delay", ms: 2_000 });
    await client({ timeoutMs: 200, maxRetries: 0 })
      .getAuditLog("audit_123")
      .catch(() => {});
    await client()
      .getAuditLog("audit_missing")
      .catch((e: unknown) => expect(e).toBeInstanceOf(MixpeekNotFoundError));
    const controller = new AbortController();
    server().misbehave(unavailable({ "retry-after-ms": "1000" }));
    const aborted = client()
      .getAuditLog("audit_123", { signal: controller.signal })
      .catch(() => {});
    await server().received(6);
    setTimeout(() => controller.abort(), 20);
    await aborted;
    // Closing the server clears its own delay timers; what is left armed would be the client's.
    await server().close();
    expect(armedTimers()).toBeLessThanOrEqual(before);
  });
});
