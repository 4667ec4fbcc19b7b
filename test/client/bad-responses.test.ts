import { describe, expect, test } from "vitest";
import { createMixpeekClient, MixpeekResponseError } from "../../src/index.js";
import { MAX_RESPONSE_BYTES } from "../../src/transport.js";
import { useTestServer } from "../helpers/client-fixture.js";
import { TEST_API_KEY } from "../helpers/mixpeek-test-server.js";

const { server, client } = useTestServer();
const PATH = "/v1/organizations/audit/logs/audit_123";

async function responseError(): Promise<MixpeekResponseError> {
  const error = await client({ maxRetries: 0 })
    .getAuditLog("audit_123")
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MixpeekResponseError);
  return error as MixpeekResponseError;
}

describe("responses that are not what the spec says are a MixpeekResponseError", () => {
  test.each([false, true])("invalid JSON in a 200 (chunked: %s)", async (chunked) => {
    server().misbehave({
      kind: "raw",
      status: 200,
      body: '{"audit_id": "audit_123",',
      headers: { "content-type": "application/json" },
      chunked,
    });
    const error = await responseError();
    // The status the server sent, in the field and in the message (it was once reported as 0).
    expect(error.status).toBe(200);
    expect(error.message).toBe(`GET ${PATH}: 200 response body is not valid JSON (25 characters)`);
    // V8's SyntaxError quotes the body: not kept.
    expect(error.cause).toBeUndefined();
  });

  test("an HTML page from a proxy with status 200", async () => {
    server().misbehave({
      kind: "raw",
      status: 200,
      body: "<!doctype html><title>Login</title>",
      headers: { "content-type": "text/html; charset=utf-8" },
    });
    const error = await responseError();
    expect(error.message).toBe(
      `GET ${PATH}: 200 response is text/html; charset=utf-8, not JSON (a proxy or gateway page?)`,
    );
  });

  test("valid JSON under the wrong content type", async () => {
    server().misbehave({
      kind: "raw",
      status: 200,
      body: "null",
      headers: { "content-type": "text/plain" },
    });
    const error = await responseError();
    expect(error.message).toBe(
      `GET ${PATH}: 200 response is text/plain, not JSON (a proxy or gateway page?)`,
    );
  });

  test("valid JSON with no content type: the headers handed on are the server's, none added", async () => {
    server().misbehave({ kind: "raw", status: 200, body: "null" });
    const error = await responseError();
    expect(error.message).toBe(
      `GET ${PATH}: 200 response is untyped, not JSON (a proxy or gateway page?)`,
    );
    expect(error.headers.has("content-type")).toBe(false);
    server().misbehave({ kind: "raw", status: 200, body: "null" });
    const { response } = await client().raw.GET("/v1/organizations/audit/logs/{audit_id}", {
      params: { path: { audit_id: "audit_123" } },
    });
    expect(response.headers.get("content-type")).toBeNull();
  });

  test("valid JSON with no content type (from a middleware that dropped the headers)", async () => {
    const mixpeek = client({ maxRetries: 0 });
    mixpeek.use({ onResponse: ({ response }) => new Response(response.body) });
    const error = await mixpeek.getAuditLog("audit_null").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekResponseError);
    expect((error as Error).message).toBe(
      "GET /v1/organizations/audit/logs/audit_null: 200 response is untyped, not JSON (a proxy or gateway page?)",
    );
  });

  test.each(["application/json5", "multipart/related; type=application/json"])(
    "valid JSON under a type that only looks like JSON: %s",
    async (contentType) => {
      server().misbehave({
        kind: "raw",
        status: 200,
        body: "null",
        headers: { "content-type": contentType },
      });
      const error = await responseError();
      expect(error.message).toBe(
        `GET ${PATH}: 200 response is ${contentType}, not JSON (a proxy or gateway page?)`,
      );
    },
  );

  test("an empty body on 200 (the spec promises an event or null)", async () => {
    server().misbehave({
      kind: "raw",
      status: 200,
      body: "",
      headers: { "content-type": "application/json" },
    });
    const error = await responseError();
    expect(error.message).toBe(`GET ${PATH}: 200 response body is empty`);
  });

  test("204 No Content (the spec promises an event or null), not retried", async () => {
    server().misbehave({ kind: "raw", status: 204, body: "" });
    const error = await responseError();
    expect(error.message).toBe(`GET ${PATH}: 204 response body is empty`);
    expect(server().requests).toHaveLength(1);
  });

  test("a 200 with no body at all, from a fetch of the caller's own", async () => {
    const fetch = () =>
      Promise.resolve(new Response(null, { headers: { "content-type": "application/json" } }));
    const error = await createMixpeekClient({ apiKey: TEST_API_KEY, fetch })
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekResponseError);
    expect((error as Error).message).toBe(
      `GET /v1/organizations/audit/logs/audit_123: 200 response body is empty`,
    );
  });

  test("a JSON content type with parameters or a +json suffix is accepted", async () => {
    server().misbehave(
      {
        kind: "raw",
        status: 200,
        body: "null",
        headers: { "content-type": "application/json; charset=utf-8" },
      },
      {
        kind: "raw",
        status: 200,
        body: "null",
        headers: { "content-type": "application/problem+json" },
      },
      {
        kind: "raw",
        status: 200,
        body: "null",
        headers: { "content-type": "application/json ; charset=utf-8" },
      },
    );
    await expect(client().getAuditLog("audit_123")).resolves.toBeNull();
    await expect(client().getAuditLog("audit_123")).resolves.toBeNull();
    await expect(client().getAuditLog("audit_123")).resolves.toBeNull();
  });

  test.each([true, false])(
    "a huge body (chunked: %s) is cut off at the size limit",
    async (chunked) => {
      server().misbehave({ kind: "huge", bytes: MAX_RESPONSE_BYTES + 1, chunked });
      const error = await responseError();
      expect(error.message).toMatch(
        new RegExp(
          `^GET ${PATH}: 200 response body (of \\d+ bytes )?exceeds the ${MAX_RESPONSE_BYTES}-byte limit$`,
        ),
      );
    },
  );

  test("a body of exactly the size limit is read whole", async () => {
    const fetch = () =>
      Promise.resolve(
        new Response("null".padEnd(MAX_RESPONSE_BYTES), {
          headers: { "content-type": "application/json" },
        }),
      );
    await expect(
      createMixpeekClient({ apiKey: TEST_API_KEY, fetch }).getAuditLog("audit_123"),
    ).resolves.toBeNull();
  });

  test("a gzipped body is limited by its decompressed size, not its Content-Length", async () => {
    server().misbehave({ kind: "gzip-bomb", bytes: MAX_RESPONSE_BYTES + 1 });
    const error = await responseError();
    expect(error.message).toBe(
      `GET ${PATH}: 200 response body exceeds the ${MAX_RESPONSE_BYTES}-byte limit`,
    );
  });
});
