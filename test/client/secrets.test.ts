import { inspect } from "node:util";
import { afterEach, describe, expect, test, vi } from "vitest";
import type { MixpeekApiError, MixpeekResponseError } from "../../src/index.js";
import { createMixpeekClient, MixpeekArgumentError, MixpeekError } from "../../src/index.js";
import { useTestServer } from "../helpers/client-fixture.js";
import { errorBody, TEST_API_KEY } from "../helpers/mixpeek-test-server.js";

const { server, client } = useTestServer();
afterEach(() => {
  vi.restoreAllMocks();
});

/** Every way an error gets printed or shipped to a log. */
function renderings(error: unknown): string[] {
  return [
    String(error),
    (error as Error).message,
    (error as Error).stack ?? "",
    JSON.stringify(error),
    inspect(error, { depth: 10, showHidden: true }),
  ];
}

/** Neither the key nor its first ten characters (what V8 quotes of an unparsable body). */
function expectNoKey(texts: string[], key: string) {
  for (const text of texts) {
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(0, 10));
  }
}

describe("the API key never shows", () => {
  test("in errors about a malformed key", () => {
    const key = `${TEST_API_KEY}\r\nX-Injected: 1`;
    let error: unknown;
    try {
      createMixpeekClient({ apiKey: key });
    } catch (thrown) {
      error = thrown;
    }
    // Outside the try: a client built without complaint must fail the test.
    expect(error).toBeInstanceOf(MixpeekArgumentError);
    expectNoKey(renderings(error), TEST_API_KEY);
  });

  test("in API, connection, timeout and abort errors, even when the server echoes the key", async () => {
    server().misbehave(
      {
        kind: "json",
        status: 401,
        // Echoed in the message, as a property name and in a response header.
        body: {
          ...errorBody(401, `Key ${TEST_API_KEY} is revoked`, "AuthenticationError"),
          seen: { [TEST_API_KEY]: "revoked" },
        },
        headers: { "x-echo-authorization": `Bearer ${TEST_API_KEY}` },
      },
      { kind: "delay", ms: 5_000 },
      { kind: "reset" },
      {
        kind: "raw",
        status: 200,
        body: `${TEST_API_KEY}`,
        headers: { "content-type": "application/json", "x-echo": `Bearer ${TEST_API_KEY}` },
      },
      {
        kind: "json",
        status: 200,
        body: { audit_id: TEST_API_KEY },
        headers: { "x-echo": `Bearer ${TEST_API_KEY}` },
      },
    );
    const errors = [
      await client()
        .getAuditLog("audit_123")
        .catch((e: unknown) => e),
      await client({ timeoutMs: 250, maxRetries: 0 })
        .getAuditLog("audit_123")
        .catch((e: unknown) => e),
      await client({ maxRetries: 0 })
        .getAuditLog("audit_123")
        .catch((e: unknown) => e),
      // V8 quotes an unparsable body in its message.
      await client({ maxRetries: 0 })
        .getAuditLog("audit_123")
        .catch((e: unknown) => e),
      await client({ maxRetries: 0 })
        .getAuditLog("audit_123")
        .catch((e: unknown) => e),
      await client()
        .getAuditLog("audit_123", { signal: AbortSignal.abort() })
        .catch((e: unknown) => e),
    ];
    expect(errors.map((e) => (e as Error).name)).toEqual([
      "MixpeekAuthenticationError",
      "MixpeekTimeoutError",
      "MixpeekConnectionError",
      "MixpeekResponseError",
      "MixpeekResponseValidationError",
      "MixpeekAbortError",
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(MixpeekError);
      expectNoKey(renderings(error), TEST_API_KEY);
    }
    expect((errors[0] as Error).message).toBe(
      "GET /v1/organizations/audit/logs/audit_123: 401: Key [redacted] is revoked",
    );
    expect((errors[0] as MixpeekApiError).headers.get("x-echo-authorization")).toBe(
      "Bearer [redacted]",
    );
    for (const error of errors.slice(3, 5)) {
      expect((error as MixpeekResponseError).headers.get("x-echo")).toBe("Bearer [redacted]");
    }
  });

  test("in the client object or anything logged to the console", async () => {
    const logged: unknown[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation(
        (...args: unknown[]) => void logged.push(...args),
      );
    }
    const mixpeek = client({ maxRetries: 1 });
    server().misbehave(
      { kind: "reset" },
      { kind: "json", status: 503, body: errorBody(503, "down", "Unavailable") },
    );
    await mixpeek.getAuditLog("audit_123").catch(() => undefined);
    expectNoKey(
      [inspect(mixpeek, { depth: 10, showHidden: true }), JSON.stringify(mixpeek)],
      TEST_API_KEY,
    );
    expectNoKey(
      logged.map((entry) => inspect(entry, { depth: 10 })),
      TEST_API_KEY,
    );
  });
});
