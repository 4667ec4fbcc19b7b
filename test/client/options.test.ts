import { afterEach, describe, expect, test, vi } from "vitest";
import { DEFAULT_SERVER_URL, SPEC_VERSION } from "../../generated/spec-metadata.js";
import { createMixpeekClient, MixpeekArgumentError, PACKAGE_VERSION } from "../../src/index.js";
import { resolveOptions } from "../../src/options.js";
import { useTestServer } from "../helpers/client-fixture.js";
import { SAMPLE_EVENT, TEST_API_KEY } from "../helpers/mixpeek-test-server.js";

const { server, client } = useTestServer();
afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

/** Construction must throw this, naming the option, and no client may exist to send anything. */
function refused(
  options: Parameters<typeof createMixpeekClient>[0],
  argument: string,
  message: unknown,
) {
  const error = (() => {
    try {
      createMixpeekClient(options);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  expect(error).toBeInstanceOf(MixpeekArgumentError);
  expect(error).toMatchObject({ argument, message });
}

describe("API key", () => {
  test("comes from apiKey, else MIXPEEK_API_KEY", async () => {
    vi.stubEnv("MIXPEEK_API_KEY", TEST_API_KEY);
    const fromEnv = createMixpeekClient({ baseUrl: server().url });
    await expect(fromEnv.getAuditLog("audit_123")).resolves.toEqual(SAMPLE_EVENT);

    vi.stubEnv("MIXPEEK_API_KEY", "mxp_sk_from_env");
    await client({ apiKey: TEST_API_KEY }).getAuditLog("audit_123");
    expect(server().requests.map((r) => r.headers.authorization)).toEqual([
      `Bearer ${TEST_API_KEY}`,
      `Bearer ${TEST_API_KEY}`,
    ]);
  });

  test("none at all is refused at construction, naming both ways to give one", () => {
    vi.stubEnv("MIXPEEK_API_KEY", undefined);
    refused(
      {},
      "apiKey",
      "apiKey is missing: pass { apiKey } to createMixpeekClient() or set the MIXPEEK_API_KEY environment variable",
    );
    refused({ apiKey: "" }, "apiKey", expect.stringContaining("apiKey is missing"));
  });

  test.each([
    ["a trailing newline", `${TEST_API_KEY}\n`],
    ["CR/LF header injection", `${TEST_API_KEY}\r\nX-Admin: true`],
    ["a space", `Bearer ${TEST_API_KEY}`],
    ["a tab", `\t${TEST_API_KEY}`],
    ["a NUL", `${TEST_API_KEY}\0`],
    ["non-ASCII", `${TEST_API_KEY}é`],
  ])("a key with %s is refused without quoting it", (_, apiKey) => {
    refused(
      { apiKey, baseUrl: "https://api.mixpeek.com" },
      "apiKey",
      "apiKey contains whitespace, control or non-ASCII characters; check for a stray newline or space",
    );
  });

  test("a key that is not a string says what it is", () => {
    refused({ apiKey: 123 as unknown as string }, "apiKey", "apiKey must be a string, got number");
    refused({ apiKey: null as unknown as string }, "apiKey", "apiKey must be a string, got null");
  });

  test("a runtime without `process` (workerd) reads no environment: the key must be passed", () => {
    vi.stubGlobal("process", undefined);
    const outcomes = [{}, { apiKey: TEST_API_KEY }].map((options) => {
      try {
        return createMixpeekClient(options);
      } catch (error) {
        return error;
      }
    });
    vi.unstubAllGlobals();
    expect(outcomes[0]).toBeInstanceOf(MixpeekArgumentError);
    expect((outcomes[0] as Error).message).toMatch(/^apiKey is missing/);
    expect(outcomes[1]).toHaveProperty("getAuditLog");
  });

  test("a bad key in MIXPEEK_API_KEY is blamed on the variable", () => {
    vi.stubEnv("MIXPEEK_API_KEY", `${TEST_API_KEY}\n`);
    refused({}, "MIXPEEK_API_KEY", expect.stringMatching(/^MIXPEEK_API_KEY contains whitespace/));
  });
});

describe("base URL", () => {
  test("defaults to the spec's server", () => {
    expect(DEFAULT_SERVER_URL).toBe("https://api.mixpeek.com");
    expect(resolveOptions({ apiKey: TEST_API_KEY }, {}).baseUrl).toBe(DEFAULT_SERVER_URL);
  });

  test("baseUrl beats MIXPEEK_BASE_URL, which beats the default", () => {
    const env = { MIXPEEK_BASE_URL: "https://eu.example.com/api/" };
    expect(resolveOptions({ apiKey: TEST_API_KEY }, env).baseUrl).toBe(
      "https://eu.example.com/api",
    );
    expect(
      resolveOptions({ apiKey: TEST_API_KEY, baseUrl: "https://us.example.com" }, env).baseUrl,
    ).toBe("https://us.example.com");
  });

  test.each([
    ["http://localhost:8080", "http://localhost:8080"],
    ["http://127.0.0.1:9/", "http://127.0.0.1:9"],
    ["http://[::1]:9///", "http://[::1]:9"],
    ["http://127.10.20.30:9", "http://127.10.20.30:9"],
    ["http://api.localhost:8080", "http://api.localhost:8080"],
    ["https://api.mixpeek.com/", "https://api.mixpeek.com"],
  ])("accepts %s as %s", (baseUrl, expected) => {
    expect(resolveOptions({ apiKey: TEST_API_KEY, baseUrl }, {}).baseUrl).toBe(expected);
  });

  test("refuses plain http to a non-loopback host unless the caller opts in", () => {
    refused(
      { apiKey: TEST_API_KEY, baseUrl: "http://api.mixpeek.com" },
      "baseUrl",
      "baseUrl is plain http:// to api.mixpeek.com, which would send the API key in clear; use https://, or set allowInsecureHttp: true if you mean it",
    );
    // A DNS name, wherever it points, is not loopback because it starts like an address that is.
    refused(
      { apiKey: TEST_API_KEY, baseUrl: "http://127.0.0.1.example.com" },
      "baseUrl",
      expect.stringMatching(/^baseUrl is plain http:\/\/ to 127\.0\.0\.1\.example\.com, /),
    );
    expect(
      resolveOptions(
        { apiKey: TEST_API_KEY, baseUrl: "http://10.0.0.5:8000", allowInsecureHttp: true },
        {},
      ).baseUrl,
    ).toBe("http://10.0.0.5:8000");
  });

  test.each([
    ["not a url", "baseUrl is not an absolute URL (expected e.g. https://api.mixpeek.com)"],
    ["/v1", "baseUrl is not an absolute URL (expected e.g. https://api.mixpeek.com)"],
    ["ftp://api.mixpeek.com", "baseUrl must be an https:// URL, got ftp://"],
    [
      "https://user:secret@api.mixpeek.com",
      "baseUrl must not contain credentials; pass the key as apiKey",
    ],
    [
      "https://mxp_sk_live@api.mixpeek.com",
      "baseUrl must not contain credentials; pass the key as apiKey",
    ],
    ["https://api.mixpeek.com/?x=1", "baseUrl must not have a query string or fragment"],
  ])("refuses %j", (baseUrl, message) => {
    refused({ apiKey: TEST_API_KEY, baseUrl }, "baseUrl", message);
  });
});

describe("other options", () => {
  test("defaults: 60 s per attempt, 120 s per call, 2 retries, 0.5 s backoff doubling to 8 s, Retry-After up to 60 s, validation on", () => {
    const { call } = resolveOptions({ apiKey: TEST_API_KEY }, {});
    expect(call).toMatchObject({
      timeoutMs: 60_000,
      totalTimeoutMs: 120_000,
      validateResponses: true,
    });
    expect(call.retry).toEqual({
      maxRetries: 2,
      initialRetryDelayMs: 500,
      maxRetryDelayMs: 8_000,
      maxRetryAfterMs: 60_000,
    });
  });

  test.each([
    [{ timeoutMs: 0 }, "timeoutMs"],
    [{ timeoutMs: Number.NaN }, "timeoutMs"],
    [{ timeoutMs: 3_000_000_000 }, "timeoutMs"],
    [{ maxRetries: -1 }, "maxRetries"],
    [{ maxRetries: 1.5 }, "maxRetries"],
    [{ totalTimeoutMs: 0 }, "totalTimeoutMs"],
    [{ initialRetryDelayMs: -5 }, "initialRetryDelayMs"],
    [{ maxRetryDelayMs: Number.POSITIVE_INFINITY }, "maxRetryDelayMs"],
    [{ maxRetryAfterMs: -1 }, "maxRetryAfterMs"],
    [{ headers: { Authorization: "Bearer other" } }, "headers"],
    [{ headers: { "X-Trace": "a\r\nb" } }, 'headers["X-Trace"]'],
    [{ userAgent: "app\n1.0" }, "userAgent"],
  ])("refuses %j, naming %s", (options, argument) => {
    refused({ apiKey: TEST_API_KEY, ...options }, argument, expect.any(String));
  });

  test("fetch: when the runtime has none, one must be passed", () => {
    vi.stubGlobal("fetch", undefined);
    refused(
      { apiKey: TEST_API_KEY },
      "fetch",
      "fetch is not available in this runtime; pass a fetch function",
    );
  });

  test("a numeric option given as a string (from untyped JavaScript) is refused, not coerced", () => {
    refused(
      { apiKey: TEST_API_KEY, timeoutMs: "250" as unknown as number },
      "timeoutMs",
      "timeoutMs must be a number of milliseconds between 1 and 2147483647",
    );
  });

  test.each([
    [{ "X Trace": "t-1" }, "X Trace"],
    [{ "X-Trace:": "t-1" }, "X-Trace:"],
    [{ "X-Count": 3 as unknown as string }, "X-Count"],
  ])("headers %j are refused at construction, naming the header", (headers, name) => {
    refused(
      { apiKey: TEST_API_KEY, headers },
      `headers[${JSON.stringify(name)}]`,
      `headers[${JSON.stringify(name)}] is not a valid HTTP header`,
    );
  });

  test("a userAgent with a line break is refused, saying what it must be", () => {
    refused(
      { apiKey: TEST_API_KEY, userAgent: "siem-sync/1.4\r\nX-Admin: 1" },
      "userAgent",
      "userAgent must be printable ASCII on one line",
    );
  });

  test("a numeric option's message gives the accepted range", () => {
    refused(
      { apiKey: TEST_API_KEY, maxRetries: 1.5 },
      "maxRetries",
      "maxRetries must be a whole number between 0 and 2147483647",
    );
    refused(
      { apiKey: TEST_API_KEY, timeoutMs: 0.5 },
      "timeoutMs",
      "timeoutMs must be a number of milliseconds between 1 and 2147483647",
    );
  });

  test.each([
    [{ timeoutMs: -1 }, "timeoutMs"],
    [{ totalTimeoutMs: 0 }, "totalTimeoutMs"],
    [{ maxRetries: 0.5 }, "maxRetries"],
  ])("a per-call %j is checked before any request", async (options, argument) => {
    const error = await client()
      .getAuditLog("audit_123", options)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekArgumentError);
    expect(error).toMatchObject({ argument });
    expect(server().requests).toHaveLength(0);
  });

  test.each([
    ["user-agent", "headers must not set User-Agent; pass your product token as userAgent"],
    ["User-Agent", "headers must not set User-Agent; pass your product token as userAgent"],
    ["authorization", "headers must not set Authorization; pass the key as apiKey"],
  ])("headers may not set %s, which the client sets from its own options", (name, message) => {
    refused({ apiKey: TEST_API_KEY, headers: { [name]: "mine/1.0" } }, "headers", message);
  });

  test("getAuditLog and raw send the same headers", async () => {
    const mixpeek = client({ headers: { "X-Trace": "t-1" }, userAgent: "siem-sync/1.4" });
    await mixpeek.getAuditLog("audit_123");
    await mixpeek.raw.GET("/v1/organizations/audit/logs/{audit_id}", {
      params: { path: { audit_id: "audit_123" } },
    });
    const [viaGet, viaRaw] = server().requests.map(({ headers }) => headers);
    expect(viaRaw).toEqual(viaGet);
  });

  test("without userAgent, the User-Agent is the package's alone", async () => {
    await client().getAuditLog("audit_123");
    expect(server().requests[0]?.headers["user-agent"]).toBe(
      `mixpeek-audit/${PACKAGE_VERSION} (Mixpeek API ${SPEC_VERSION})`,
    );
  });

  test("sends the caller's headers and a User-Agent with package and spec versions", async () => {
    await client({ headers: { "X-Trace": "t-1" }, userAgent: "siem-sync/1.4" }).getAuditLog(
      "audit_123",
    );
    const [request] = server().requests;
    expect(request?.headers["x-trace"]).toBe("t-1");
    expect(request?.headers["user-agent"]).toBe(
      `siem-sync/1.4 mixpeek-audit/${PACKAGE_VERSION} (Mixpeek API ${SPEC_VERSION})`,
    );
  });
});
