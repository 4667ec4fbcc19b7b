import { getEventListeners } from "node:events";
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  createMixpeekClient,
  MixpeekAbortError,
  MixpeekConnectionError,
  MixpeekNotFoundError,
  MixpeekRateLimitError,
  MixpeekServerError,
  MixpeekTimeoutError,
  type MixpeekClientOptions,
} from "../../src/index.js";
import { MAX_RESPONSE_BYTES } from "../../src/transport.js";
import { useTestServer } from "../helpers/client-fixture.js";
import {
  errorBody,
  SAMPLE_EVENT,
  TEST_API_KEY,
  unavailable,
} from "../helpers/mixpeek-test-server.js";

const { server, client } = useTestServer();

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

  test("a refused connection says what failed, once", async () => {
    const url = server().url;
    await server().close();
    const error = await client({ baseUrl: url, maxRetries: 1 })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekConnectionError);
    expect((error as Error).message).toBe(
      `GET /v1/organizations/audit/logs/audit_123: connection failed: ECONNREFUSED ${url.slice("http://".length)}`,
    );
  });

  test("a redirect loop says so", async () => {
    const loop = {
      kind: "raw",
      status: 302,
      body: "",
      headers: { location: "/v1/organizations/audit/logs/audit_123" },
    } as const;
    server().misbehave(...Array.from({ length: 25 }, () => loop));
    const error = await client({ maxRetries: 0 })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekConnectionError);
    expect((error as Error).message).toBe(
      "GET /v1/organizations/audit/logs/audit_123: connection failed: redirect count exceeded",
    );
  });

  test("TLS spoken to a plain HTTP server names the TLS failure, not just 'fetch failed'", async () => {
    const error = await client({ baseUrl: server().url.replace("http:", "https:"), maxRetries: 0 })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekConnectionError);
    expect((error as Error).message).toMatch(
      /: connection failed: .*(SSL|TLS|ssl|tls|wrong version|packet length)/,
    );
    expect((error as Error).message).not.toContain("fetch failed");
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

  test("the longest timeouts allowed arm no timer beyond setTimeout's range", async () => {
    // Past 2^31-1 ms Node fires a timer at once, with a TimeoutOverflowWarning.
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      await expect(
        client({ timeoutMs: 2_147_483_647, totalTimeoutMs: 2_147_483_647 }).getAuditLog(
          "audit_123",
        ),
      ).resolves.toEqual(SAMPLE_EVENT);
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

  test("maxRetries per call overrides the client's", async () => {
    server().misbehave(unavailable(), unavailable());
    await expect(
      client({ maxRetries: 0 }).getAuditLog("audit_123", { maxRetries: 2 }),
    ).resolves.toEqual(SAMPLE_EVENT);
    expect(server().requests).toHaveLength(3);
    server().misbehave(unavailable());
    await expect(client().getAuditLog("audit_123", { maxRetries: 0 })).rejects.toBeInstanceOf(
      MixpeekServerError,
    );
    expect(server().requests).toHaveLength(4);
  });

  test("concurrent calls time out on their own: stalled ones after timeoutMs, the rest succeed", async () => {
    server().misbehave({ kind: "delay", ms: 5_000 }, { kind: "delay", ms: 5_000 });
    const mixpeek = client({ timeoutMs: 300, maxRetries: 0 });
    const settled = await Promise.all(
      Array.from({ length: 12 }, () => {
        const started = performance.now();
        return mixpeek.getAuditLog("audit_123").then(
          (event) => ({ outcome: event as unknown, elapsed: performance.now() - started }),
          (error: unknown) => ({ outcome: error, elapsed: performance.now() - started }),
        );
      }),
    );
    const timedOut = settled.filter((s) => s.outcome instanceof MixpeekTimeoutError);
    expect(timedOut).toHaveLength(2);
    for (const { elapsed } of timedOut) expect(elapsed).toBeGreaterThanOrEqual(299);
    const answered = settled.filter((s) => !timedOut.includes(s)).map((s) => s.outcome);
    expect(answered).toEqual(new Array(10).fill(SAMPLE_EVENT));
  });
});

describe("totalTimeoutMs: the whole call's deadline", () => {
  test("ends the call, attempts and waits included, with a MixpeekTimeoutError naming it", async () => {
    server().misbehave(
      ...Array.from({ length: 10 }, () => ({ kind: "delay", ms: 5_000 }) as const),
    );
    const started = performance.now();
    const error = await client({ timeoutMs: 200, totalTimeoutMs: 500, maxRetries: 9 })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(MixpeekTimeoutError);
    expect((error as Error).message).toBe(
      "GET /v1/organizations/audit/logs/audit_123: no complete response within totalTimeoutMs (500 ms)",
    );
    expect(elapsed).toBeGreaterThanOrEqual(495);
    expect(elapsed).toBeLessThan(1_500);
    // Two full attempts of 200 ms, and a third cut short by the deadline.
    expect(server().requests).toHaveLength(3);
  });

  test("a retry whose wait would end past the deadline is not made: the last error is thrown at once", async () => {
    server().misbehave(unavailable({ "retry-after-ms": "400" }));
    const started = performance.now();
    const error = await client({ totalTimeoutMs: 300 })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekServerError);
    expect(performance.now() - started).toBeLessThan(300);
    expect(server().requests).toHaveLength(1);
  });

  test("per call, totalTimeoutMs overrides the client's", async () => {
    server().misbehave({ kind: "delay", ms: 5_000 });
    await expect(
      client({ totalTimeoutMs: 60_000 }).getAuditLog("audit_123", { totalTimeoutMs: 200 }),
    ).rejects.toThrow(/within totalTimeoutMs \(200 ms\)$/);
  });
});

describe("the caller's AbortSignal", () => {
  test("aborting during the wait between retries stops at once", async () => {
    server().misbehave(unavailable({ "retry-after-ms": "20000" }));
    const controller = new AbortController();
    const call = client({ maxRetryAfterMs: 30_000 }).getAuditLog("audit_123", {
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

  /** Runs `body` and returns the names of the process warnings it caused. */
  async function warningsDuring(body: () => Promise<void>): Promise<string[]> {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    try {
      await body();
      // Warnings are emitted on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
      return warnings.map((w) => w.name);
    } finally {
      process.off("warning", onWarning);
    }
  }

  test.each([
    ["in flight", { kind: "delay", ms: 5_000 } as const],
    ["waiting to retry", unavailable({ "retry-after-ms": "20000" })],
  ])(
    "one signal shared by 200 concurrent calls %s: no listener on it, no leak warning, all stopped at once",
    async (_, misbehaviour) => {
      const CALLS = 200;
      const warnings = await warningsDuring(async () => {
        server().misbehave(...Array.from({ length: CALLS }, () => misbehaviour));
        const controller = new AbortController();
        const mixpeek = client({ maxRetryAfterMs: 30_000 });
        const calls = Array.from({ length: CALLS }, () =>
          mixpeek.getAuditLog("audit_123", { signal: controller.signal }).catch((e: unknown) => e),
        );
        await server().received(CALLS);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
        const aborted = performance.now();
        controller.abort();
        const errors = await Promise.all(calls);
        expect(performance.now() - aborted).toBeLessThan(1_000);
        for (const error of errors) expect(error).toBeInstanceOf(MixpeekAbortError);
        expect(server().requests).toHaveLength(CALLS);
      });
      expect(warnings).not.toContain("MaxListenersExceededWarning");
    },
  );

  test("an abort is not a connection error, so code that retries those leaves it alone", async () => {
    const error = await client()
      .getAuditLog("audit_123", { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekAbortError);
    expect(error).not.toBeInstanceOf(MixpeekConnectionError);
  });

  test("an already aborted signal sends nothing", async () => {
    const error = await client()
      .getAuditLog("audit_123", { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekAbortError);
    expect((error as Error).message).toBe(
      "GET /v1/organizations/audit/logs/audit_123: aborted by the caller",
    );
    expect(server().requests).toHaveLength(0);
  });
});

describe("on a fake clock, with a fetch of the test's own", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  const busy = (retryAfterMs: number) => () =>
    Response.json(errorBody(503, "try later", "ServiceUnavailable"), {
      status: 503,
      headers: { "retry-after-ms": String(retryAfterMs) },
    });
  const event = () => Response.json(SAMPLE_EVENT);

  /**
   * A fetch that answers each call with the next response, `afterMs` later on the clock; with
   * none left, it waits for the Request's signal, and rejects with its reason as fetch does.
   */
  function scriptedFetch(...answers: { afterMs: number; response: () => Response }[]) {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    const calls: number[] = [];
    const fetch = ({ signal }: Request) =>
      new Promise<Response>((resolve, reject) => {
        calls.push(performance.now());
        signal.addEventListener("abort", () => reject(signal.reason as Error));
        const answer = answers.shift();
        if (answer) setTimeout(() => resolve(answer.response()), answer.afterMs);
      });
    return { fetch, calls };
  }

  /** The call's outcome once the clock has run `ms`, or "pending". */
  async function after<T>(ms: number, call: Promise<T>): Promise<unknown> {
    const outcome = call.then(
      (value) => value,
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(ms);
    return Promise.race([outcome, Promise.resolve("pending")]);
  }

  test("onAttempt's durationMs is each attempt's own time", async () => {
    const { fetch } = scriptedFetch(
      { afterMs: 300, response: busy(1_000) },
      { afterMs: 200, response: event },
    );
    const durations: number[] = [];
    const call = createMixpeekClient({
      apiKey: TEST_API_KEY,
      fetch,
      onAttempt: ({ durationMs }) => durations.push(durationMs),
    }).getAuditLog("audit_123");
    expect(await after(1_500, call)).toEqual(SAMPLE_EVENT);
    expect(durations).toEqual([300, 200]);
  });

  test("a retry whose wait would end exactly at the deadline is not made", async () => {
    const { fetch, calls } = scriptedFetch({ afterMs: 400, response: busy(600) });
    const call = createMixpeekClient({
      apiKey: TEST_API_KEY,
      fetch,
      totalTimeoutMs: 1_000,
    }).getAuditLog("audit_123");
    expect(await after(400, call)).toBeInstanceOf(MixpeekServerError);
    expect(calls).toEqual([0]);
  });

  test("an attempt the deadline does not cut short times out naming timeoutMs, with fetch's rejection as cause", async () => {
    const { fetch } = scriptedFetch();
    const call = createMixpeekClient({
      apiKey: TEST_API_KEY,
      fetch,
      timeoutMs: 1_000,
      totalTimeoutMs: 1_000,
    }).getAuditLog("audit_123");
    const error = await after(1_000, call);
    expect(error).toBeInstanceOf(MixpeekTimeoutError);
    expect((error as Error).message).toBe(
      "GET /v1/organizations/audit/logs/audit_123: no complete response within 1000 ms",
    );
    expect((error as Error).cause).toMatchObject({ name: "AbortError" });
  });

  /** A call whose first answer asks for a 20 s wait before the retry; `signal` can cancel it. */
  function waitingToRetry(controller: AbortController, options: MixpeekClientOptions = {}) {
    const { fetch, calls } = scriptedFetch({ afterMs: 0, response: busy(20_000) });
    const call = createMixpeekClient({
      apiKey: TEST_API_KEY,
      fetch,
      maxRetryAfterMs: 30_000,
      ...options,
    }).getAuditLog("audit_123", { signal: controller.signal });
    return { call, calls };
  }

  test("an abort while waiting to retry leaves no timer armed", async () => {
    const controller = new AbortController();
    const { call, calls } = waitingToRetry(controller);
    expect(await after(100, call)).toBe("pending");
    controller.abort();
    expect(await after(0, call)).toBeInstanceOf(MixpeekAbortError);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  test("an abort from onAttempt, as an attempt ends, ends the call without the wait", async () => {
    const controller = new AbortController();
    const { call, calls } = waitingToRetry(controller, { onAttempt: () => controller.abort() });
    expect(await after(10, call)).toBeInstanceOf(MixpeekAbortError);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("a fetch that fails", () => {
  test("is a MixpeekConnectionError that says what failed, with fetch's error as cause", async () => {
    const failure = new TypeError("fetch failed", {
      cause: new Error("connect ECONNREFUSED 10.0.0.1:443"),
    });
    const fetch = () => Promise.reject(failure);
    const error = await createMixpeekClient({ apiKey: TEST_API_KEY, fetch, maxRetries: 0 })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekConnectionError);
    expect((error as Error).message).toBe(
      "GET /v1/organizations/audit/logs/audit_123: connection failed: ECONNREFUSED 10.0.0.1:443",
    );
    expect((error as Error).cause).toBe(failure);
  });
});

describe("timers", () => {
  test("no timer stays armed after a success, a retry, a timeout, an error or an abort", async () => {
    // The client's timers are never unref'd, so getActiveResourcesInfo sees every one of them.
    const before = armedTimers();
    await client().getAuditLog("audit_123");
    server().misbehave(unavailable());
    await client().getAuditLog("audit_123");
    server().misbehave({ kind: "delay", ms: 2_000 });
    await expect(
      client({ timeoutMs: 200, maxRetries: 0 }).getAuditLog("audit_123"),
    ).rejects.toBeInstanceOf(MixpeekTimeoutError);
    await expect(client().getAuditLog("audit_missing")).rejects.toBeInstanceOf(
      MixpeekNotFoundError,
    );
    const controller = new AbortController();
    server().misbehave(unavailable({ "retry-after-ms": "1000" }));
    const aborted = client().getAuditLog("audit_123", { signal: controller.signal });
    await server().received(6);
    setTimeout(() => controller.abort(), 20);
    await expect(aborted).rejects.toBeInstanceOf(MixpeekAbortError);
    // Closing the server clears its own delay timers; what is left armed would be the client's.
    await server().close();
    expect(armedTimers()).toBeLessThanOrEqual(before);
  });
});

describe("raw", () => {
  const PATH = "/v1/organizations/audit/logs/{audit_id}" as const;
  const params = { params: { path: { audit_id: "audit_123" } } };

  test("retries like getAuditLog and returns the later success", async () => {
    server().misbehave(unavailable(), { kind: "reset" });
    const { data, response } = await client().raw.GET(PATH, params);
    expect(response.status).toBe(200);
    expect(data).toEqual(SAMPLE_EVENT);
    expect(server().requests).toHaveLength(3);
  });

  test("its timeout covers the body, and a stalled body is retried", async () => {
    server().misbehave({ kind: "stall-body", ms: 5_000, contentLength: true });
    const { data } = await client({ timeoutMs: 250, maxRetries: 1 }).raw.GET(PATH, params);
    expect(data).toEqual(SAMPLE_EVENT);
    expect(server().requests).toHaveLength(2);
    server().misbehave({ kind: "stall-body", ms: 5_000, contentLength: true });
    await expect(
      client({ timeoutMs: 250, maxRetries: 0 }).raw.GET(PATH, params),
    ).rejects.toBeInstanceOf(MixpeekTimeoutError);
  });

  test("the body size limit applies to it too", async () => {
    server().misbehave({ kind: "huge", bytes: MAX_RESPONSE_BYTES + 1, chunked: true });
    await expect(client().raw.GET(PATH, params)).rejects.toThrow(
      `exceeds the ${MAX_RESPONSE_BYTES}-byte limit`,
    );
  });

  test("an error status after retries is returned, not thrown; the request's own signal aborts it", async () => {
    server().misbehave(unavailable());
    const { error, response } = await client({ maxRetries: 0 }).raw.GET(PATH, params);
    expect(response.status).toBe(503);
    expect(error).toEqual(errorBody(503, "try later", "ServiceUnavailable"));
    await expect(
      client().raw.GET(PATH, { ...params, signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(MixpeekAbortError);
  });
});
