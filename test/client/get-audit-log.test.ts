import { describe, expect, test } from "vitest";
import type { MixpeekResponseError } from "../../src/index.js";
import {
  MixpeekApiError,
  MixpeekAuthenticationError,
  MixpeekBadRequestError,
  MixpeekError,
  MixpeekNotFoundError,
  MixpeekPermissionDeniedError,
  MixpeekRateLimitError,
  MixpeekServerError,
  MixpeekUnprocessableEntityError,
} from "../../src/index.js";
import { MAX_RESPONSE_BYTES } from "../../src/transport.js";
import { useTestServer } from "../helpers/client-fixture.js";
import { errorBody, SAMPLE_EVENT, TEST_API_KEY } from "../helpers/mixpeek-test-server.js";

const { server, client } = useTestServer();

describe("getAuditLog results", () => {
  test("a character split across network chunks arrives whole", async () => {
    const event = { ...SAMPLE_EVENT, actor_name: "Zoë 🔐 Ødegård" };
    const bytes = Buffer.from(JSON.stringify(event));
    const lock = bytes.indexOf(Buffer.from("🔐"));
    const oe = bytes.indexOf(Buffer.from("ë"));
    const cuts = [0, oe + 1, lock + 2, lock + 3, bytes.length];
    const parts = cuts.slice(1).map((end, i) => bytes.subarray(cuts[i], end));
    server().misbehave({ kind: "chunks", parts, gapMs: 10 });
    await expect(client().getAuditLog("audit_123")).resolves.toEqual(event);
  });

  test("every error made from a response carries its status, request id and headers", async () => {
    server().misbehave(
      { kind: "raw", status: 200, body: "<html>", headers: { "content-type": "text/html" } },
      { kind: "json", status: 200, body: { audit_id: 7 } },
      { kind: "huge", bytes: MAX_RESPONSE_BYTES + 1, chunked: true },
    );
    const errors = [];
    for (let i = 0; i < 3; i++) {
      errors.push(
        await client({ maxRetries: 0 })
          .getAuditLog("audit_123")
          .catch((e: unknown) => e),
      );
    }
    expect(errors.map((e) => (e as Error).name)).toEqual([
      "MixpeekResponseError",
      "MixpeekResponseValidationError",
      "MixpeekResponseError",
    ]);
    errors.forEach((error, i) => {
      expect(error).toMatchObject({ status: 200, requestId: `req_${i + 1}` });
      expect((error as MixpeekResponseError).headers.get("x-request-id")).toBe(`req_${i + 1}`);
    });
  });

  test("200 with an event resolves to the typed event, sent as GET with the Bearer key", async () => {
    expect(await client().getAuditLog("audit_123")).toEqual(SAMPLE_EVENT);
    const [request] = server().requests;
    expect(request?.method).toBe("GET");
    expect(request?.rawPath).toBe("/v1/organizations/audit/logs/audit_123");
    expect(request?.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
  });

  test("200 with a null body resolves to null, not an error", async () => {
    await expect(client().getAuditLog("audit_null")).resolves.toBeNull();
  });

  test("404 is a MixpeekNotFoundError with the typed body, error fields and request id", async () => {
    const error = await client()
      .getAuditLog("audit_missing")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekNotFoundError);
    expect(error).toBeInstanceOf(MixpeekApiError);
    expect(error).toBeInstanceOf(MixpeekError);
    expect(error).toMatchObject({
      name: "MixpeekNotFoundError",
      status: 404,
      type: "NotFoundError",
      code: null,
      serverMessage: "Audit log not found",
      details: { audit_id: "audit_missing" },
      requestId: "req_1",
      method: "GET",
      path: "/v1/organizations/audit/logs/audit_missing",
      body: errorBody(404, "Audit log not found", "NotFoundError", { audit_id: "audit_missing" }),
      message: "GET /v1/organizations/audit/logs/audit_missing: 404: Audit log not found",
    });
  });

  test("a wrong key is a MixpeekAuthenticationError (401)", async () => {
    const error = await client({ apiKey: "mxp_sk_wrong" })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekAuthenticationError);
    expect(error).toMatchObject({ status: 401, type: "AuthenticationError" });
  });

  test.each([
    [400, MixpeekBadRequestError, "BadRequestError"],
    [403, MixpeekPermissionDeniedError, "PermissionDeniedError"],
    [429, MixpeekRateLimitError, "RateLimitError"],
    [500, MixpeekServerError, "InternalServerError"],
    [503, MixpeekServerError, "ServiceUnavailable"],
    [409, MixpeekApiError, "ConflictError"],
  ])("%i maps to its error class", async (status, ErrorClass, type) => {
    server().misbehave({
      kind: "json",
      status,
      body: errorBody(status, `it failed with ${status}`, type),
    });
    const error = await client({ maxRetries: 0 })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as Error).constructor).toBe(ErrorClass);
    expect(error).toMatchObject({
      status,
      type,
      serverMessage: `it failed with ${status}`,
      message: `GET /v1/organizations/audit/logs/audit_123: ${status}: it failed with ${status}`,
    });
  });

  test("422 is a MixpeekUnprocessableEntityError whose body is the typed HTTPValidationError", async () => {
    const body = {
      detail: [{ loc: ["path", "audit_id"], msg: "String too long", type: "string_too_long" }],
    };
    server().misbehave({ kind: "json", status: 422, body });
    const error = await client()
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekUnprocessableEntityError);
    expect(error).toMatchObject({
      status: 422,
      body,
      serverMessage: "path.audit_id: String too long",
      message: "GET /v1/organizations/audit/logs/audit_123: 422: path.audit_id: String too long",
    });
  });

  test("an error status whose body is not the spec's envelope keeps status, with no body", async () => {
    server().misbehave({
      kind: "raw",
      status: 502,
      body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
      headers: { "content-type": "text/html" },
    });
    const error = await client({ maxRetries: 0 })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekServerError);
    expect(error).toMatchObject({ status: 502, body: undefined, serverMessage: undefined });
    expect((error as Error).message).toBe("GET /v1/organizations/audit/logs/audit_123: 502");
  });

  test("a server message with line breaks and great length still gives a one-line message", async () => {
    server().misbehave({
      kind: "json",
      status: 400,
      body: errorBody(400, `first line\nsecond line\r\n${"x".repeat(1000)}`, "BadRequestError"),
    });
    const error = (await client()
      .getAuditLog("audit_123")
      .catch((e: unknown) => e)) as Error;
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message.length).toBeLessThan(400);
    expect(error.message).toContain("first line second line xxx");
  });

  test("a server message is trimmed, its control characters shown as ?, and cut only past 300 characters", async () => {
    const messages = [" \u001b[2J\u0007wiped\t \n", "x".repeat(300), "y".repeat(301)];
    server().misbehave(
      ...messages.map((message) => ({
        kind: "json" as const,
        status: 400,
        body: errorBody(400, message, "BadRequestError"),
      })),
    );
    const said = [];
    for (const _ of messages) {
      const error = (await client()
        .getAuditLog("audit_123")
        .catch((e: unknown) => e)) as Error;
      said.push(error.message.slice("GET /v1/organizations/audit/logs/audit_123: 400: ".length));
    }
    expect(said).toEqual(["?[2J?wiped", "x".repeat(300), `${"y".repeat(299)}…`]);
  });

  test("the base URL's path prefix and trailing slashes are handled, in requests and errors", async () => {
    const prefixed = client({ baseUrl: `${server().url}/proxy//` });
    const error = await prefixed.getAuditLog("audit_123").catch((e: unknown) => e);
    expect(server().requests[0]?.rawPath).toBe("/proxy/v1/organizations/audit/logs/audit_123");
    expect(error).toMatchObject({
      path: "/proxy/v1/organizations/audit/logs/audit_123",
      message: "GET /proxy/v1/organizations/audit/logs/audit_123: 404: Route not found",
    });
  });

  test("withResponse resolves with the event, the last response's headers and the request id", async () => {
    server().misbehave({
      kind: "json",
      status: 503,
      body: errorBody(503, "try later", "ServiceUnavailable"),
    });
    const { data, response, requestId } = await client().getAuditLog.withResponse("audit_123");
    expect(data).toEqual(SAMPLE_EVENT);
    expect(response.status).toBe(200);
    expect(response.headers.get("date")).toMatch(/GMT$/);
    // The second attempt's id: the one that answered.
    expect(requestId).toBe("req_2");
    expect(response.bodyUsed).toBe(true);
  });

  test("raw exposes the typed openapi-fetch client with the same base URL, auth and User-Agent", async () => {
    const mixpeek = client({ userAgent: "siem-sync/1.4" });
    const params = { params: { path: { audit_id: "audit_123" } } };
    const { data, error, response } = await mixpeek.raw.GET(
      "/v1/organizations/audit/logs/{audit_id}",
      params,
    );
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expect(data).toEqual(SAMPLE_EVENT);
    await mixpeek.getAuditLog("audit_123");
    const [viaRaw, viaGet] = server().requests;
    expect(viaRaw?.rawPath).toBe("/v1/organizations/audit/logs/audit_123");
    expect(viaRaw?.headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(viaRaw?.headers["user-agent"]).toMatch(
      /^siem-sync\/1\.4 mixpeek-audit\/\S+ \(Mixpeek API /,
    );
    expect(viaRaw?.headers["user-agent"]).toBe(viaGet?.headers["user-agent"]);
  });
});
