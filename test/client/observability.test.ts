import type { Middleware } from "openapi-fetch";
import { describe, expect, test, vi } from "vitest";
import {
  createMixpeekClient,
  MixpeekAbortError,
  MixpeekResponseValidationError,
  MixpeekServerError,
  MixpeekTimeoutError,
  type AttemptEvent,
} from "../../src/index.js";
import { useTestServer } from "../helpers/client-fixture.js";
import {
  errorBody,
  SAMPLE_EVENT,
  TEST_API_KEY,
  UNANSWERED_ID,
  unavailable,
} from "../helpers/mixpeek-test-server.js";

const { server, client } = useTestServer();
const PATH = "/v1/organizations/audit/logs/{audit_id}" as const;
const params = { params: { path: { audit_id: "audit_123" } } };

/** A middleware that writes down what it sees, by phase. */
function recorder() {
  const seen: string[] = [];
  const middleware: Middleware = {
    onRequest: ({ request }) => void seen.push(`request ${request.method} ${request.url}`),
    onResponse: ({ response }) =>
      void seen.push(`response ${response.status} ${response.headers.get("x-request-id")}`),
    onError: ({ error }) => void seen.push(`error ${(error as Error).name}`),
  };
  return { seen, middleware };
}

describe("middleware (use / eject): openapi-fetch's, once per call", () => {
  test("sees getAuditLog and raw alike, around all their attempts", async () => {
    const { seen, middleware } = recorder();
    const mixpeek = client();
    mixpeek.use(middleware);
    server().misbehave(unavailable());
    await expect(mixpeek.getAuditLog("audit_123")).resolves.toEqual(SAMPLE_EVENT);
    server().misbehave(unavailable());
    await mixpeek.raw.GET(PATH, params);
    const url = `${server().url}/v1/organizations/audit/logs/audit_123`;
    expect(seen).toEqual([
      `request GET ${url}`,
      "response 200 req_2",
      `request GET ${url}`,
      "response 200 req_4",
    ]);
  });

  test("onError sees the error left after retries; eject removes the middleware", async () => {
    const { seen, middleware } = recorder();
    const mixpeek = client({ timeoutMs: 100, maxRetries: 1 });
    mixpeek.use(middleware);
    await expect(mixpeek.getAuditLog(UNANSWERED_ID)).rejects.toBeInstanceOf(MixpeekTimeoutError);
    expect(seen.slice(1)).toEqual(["error MixpeekTimeoutError"]);
    mixpeek.eject(middleware);
    await mixpeek.getAuditLog("audit_123");
    expect(seen).toHaveLength(2);
  });

  test("what onResponse hands back is what getAuditLog validates and returns", async () => {
    const mixpeek = client();
    const replaced = { ...SAMPLE_EVENT, action: "replaced" };
    const replace: Middleware = {
      onResponse: ({ response }) => Response.json(replaced, { headers: response.headers }),
    };
    mixpeek.use(replace);
    await expect(mixpeek.getAuditLog("audit_123")).resolves.toEqual(replaced);
    mixpeek.eject(replace);
    mixpeek.use({ onResponse: () => Response.json({ audit_id: 7 }) });
    await expect(mixpeek.getAuditLog("audit_123")).rejects.toBeInstanceOf(
      MixpeekResponseValidationError,
    );
  });

  test("the client itself never alters a record: key order, unknown fields and numbers stay as sent", async () => {
    const sent = `{"zeta":1,"audit_id":"a","amount":1.10,"big":12345678901234567890,${JSON.stringify(SAMPLE_EVENT).slice(1)}`;
    let body: string | undefined;
    const mixpeek = client();
    mixpeek.use({
      onResponse: async ({ response }) => void (body = await response.clone().text()),
    });
    server().misbehave({
      kind: "raw",
      status: 200,
      body: sent,
      headers: { "content-type": "application/json" },
    });
    const { response } = await mixpeek.getAuditLog.withResponse("audit_123");
    expect(body).toBe(sent);
    expect(response.bodyUsed).toBe(true);
  });
});

describe("onAttempt: one event per attempt", () => {
  test("status, request id, duration, and the wait before the retry and why", async () => {
    const events: AttemptEvent[] = [];
    server().misbehave(unavailable({ "retry-after-ms": "30" }), unavailable());
    await client({ onAttempt: (event) => events.push(event), initialRetryDelayMs: 40 }).getAuditLog(
      "audit_123",
    );
    expect(events.map(({ durationMs: _, ...event }) => event)).toEqual([
      {
        attempt: 1,
        method: "GET",
        url: `${server().url}/v1/organizations/audit/logs/audit_123`,
        status: 503,
        error: undefined,
        requestId: "req_1",
        retry: { delayMs: 30, reason: "status", retryAfter: true },
      },
      expect.objectContaining({
        attempt: 2,
        status: 503,
        requestId: "req_2",
        retry: { delayMs: expect.any(Number) as number, reason: "status", retryAfter: false },
      }),
      expect.objectContaining({ attempt: 3, status: 200, requestId: "req_3", retry: undefined }),
    ]);
    for (const event of events) expect(event.durationMs).toBeGreaterThanOrEqual(0);
  });

  test("the backoff doubles with each retry, from initialRetryDelayMs, jitter at most 25 %", async () => {
    const delays: number[] = [];
    server().misbehave(unavailable(), unavailable(), unavailable());
    await client({
      initialRetryDelayMs: 40,
      maxRetryDelayMs: 1_000,
      maxRetries: 3,
      onAttempt: ({ retry }) => retry && delays.push(retry.delayMs),
    }).getAuditLog("audit_123");
    expect(delays).toHaveLength(3);
    const [first, second, third] = delays as [number, number, number];
    expect(first).toBeGreaterThanOrEqual(30);
    expect(first).toBeLessThanOrEqual(40);
    expect(second).toBeGreaterThanOrEqual(60);
    expect(second).toBeLessThanOrEqual(80);
    expect(third).toBeGreaterThanOrEqual(120);
    expect(third).toBeLessThanOrEqual(160);
  });

  test("a failed attempt gives its error and the reason of the retry; the last one no retry", async () => {
    const events: AttemptEvent[] = [];
    server().misbehave({ kind: "reset" });
    await expect(
      client({ timeoutMs: 100, maxRetries: 2, onAttempt: (e) => events.push(e) }).getAuditLog(
        UNANSWERED_ID,
      ),
    ).rejects.toBeInstanceOf(MixpeekTimeoutError);
    expect(events.map((e) => [e.attempt, e.status, e.error?.name, e.retry?.reason])).toEqual([
      [1, undefined, "MixpeekConnectionError", "connection"],
      [2, undefined, "MixpeekTimeoutError", "timeout"],
      [3, undefined, "MixpeekTimeoutError", undefined],
    ]);
    expect(events[1]!.durationMs).toBeGreaterThanOrEqual(90);
  });

  test("no retry is announced that the call's deadline would not let start", async () => {
    const events: AttemptEvent[] = [];
    server().misbehave(unavailable({ "retry-after-ms": "2000" }));
    await expect(
      client({ totalTimeoutMs: 1_000, onAttempt: (e) => events.push(e) }).getAuditLog("audit_123"),
    ).rejects.toBeInstanceOf(MixpeekServerError);
    expect(events).toEqual([
      expect.objectContaining({ attempt: 1, status: 503, retry: undefined }),
    ]);
  });

  test("raw calls report their attempts too", async () => {
    const statuses: (number | undefined)[] = [];
    server().misbehave(unavailable());
    await client({ onAttempt: ({ status }) => statuses.push(status) }).raw.GET(PATH, params);
    expect(statuses).toEqual([503, 200]);
  });
});

describe("the caller's abort is checked before every attempt and during each", () => {
  test("an abort during the wait between retries makes no further attempt", async () => {
    const events: AttemptEvent[] = [];
    const controller = new AbortController();
    server().misbehave(unavailable({ "retry-after-ms": "1000" }));
    const call = client({ onAttempt: (e) => events.push(e) }).getAuditLog("audit_123", {
      signal: controller.signal,
    });
    await server().received(1);
    await vi.waitUntil(() => events.length === 1);
    controller.abort();
    await expect(call).rejects.toBeInstanceOf(MixpeekAbortError);
    expect(events).toHaveLength(1);
  });

  test.each([0, 2])(
    "an abort during an attempt ends the call with MixpeekAbortError (maxRetries: %i)",
    async (maxRetries) => {
      const controller = new AbortController();
      const call = client({ maxRetries }).getAuditLog(UNANSWERED_ID, { signal: controller.signal });
      await server().received(1);
      controller.abort(new Error("user cancelled"));
      const error = await call.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MixpeekAbortError);
      expect((error as Error).cause).toEqual(new Error("user cancelled"));
      expect(server().requests).toHaveLength(1);
    },
  );
});

describe("Retry-After on a fake clock", () => {
  test("the retry waits exactly the seconds the server asked for", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      const sent: number[] = [];
      const fetch = (request: Request) => {
        sent.push(Date.now());
        return Promise.resolve(
          sent.length === 1
            ? Response.json(errorBody(429, "slow down", "RateLimitError"), {
                status: 429,
                headers: { "retry-after": "2" },
              })
            : Response.json(SAMPLE_EVENT, { headers: { "x-request-id": request.url } }),
        );
      };
      const call = createMixpeekClient({ apiKey: TEST_API_KEY, fetch }).getAuditLog("audit_123");
      await vi.advanceTimersByTimeAsync(1_999);
      expect(sent).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(sent).toHaveLength(2);
      await expect(call).resolves.toEqual(SAMPLE_EVENT);
    } finally {
      vi.useRealTimers();
    }
  });
});
