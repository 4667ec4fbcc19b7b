import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createMixpeekClient,
  MixpeekAuthenticationError,
  MixpeekBadRequestError,
  MixpeekNotFoundError,
  MixpeekPermissionDeniedError,
  MixpeekServerError,
  MixpeekUnprocessableEntityError,
  type AuditEventResponse,
} from "../../src/index.js";
import { validateAuditLogResponse } from "../../generated/response-validators.js";
import { FAST_RETRIES } from "../helpers/client-fixture.js";
import { TEST_API_KEY } from "../helpers/mixpeek-test-server.js";
import { startPrism, type PrismMock } from "../helpers/prism.js";
import { REPO_ROOT } from "../helpers/project-copy.js";

let prism: PrismMock;
beforeAll(async () => {
  prism = await startPrism(path.join(REPO_ROOT, "openapi/mixpeek.yaml"));
}, 60_000);
afterAll(async () => {
  await prism?.stop();
});

/** Prism picks the documented response named by `Prefer`. */
const clientPreferring = (prefer: string) =>
  createMixpeekClient({
    apiKey: TEST_API_KEY,
    baseUrl: prism.url,
    headers: { Prefer: prefer },
    maxRetries: 0,
    ...FAST_RETRIES,
  });

/** Prism's answer passes the validator generated from the same spec (the client ran it too). */
function expectEventShape(event: AuditEventResponse) {
  expect(validateAuditLogResponse(structuredClone(event)), JSON.stringify(event)).toBe(true);
  expect(typeof event.audit_id).toBe("string");
}

describe("the client against Prism mocking the vendored spec", () => {
  test("200 gives a typed event, and Prism finds nothing wrong with the request", async () => {
    const event = await clientPreferring("code=200").getAuditLog("audit_123");
    expect(event).not.toBeNull();
    expectEventShape(event!);

    const { response } = await clientPreferring("code=200").raw.GET(
      "/v1/organizations/audit/logs/{audit_id}",
      {
        params: { path: { audit_id: "a/b?c" } },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("sl-violations")).toBeNull();
  });

  test("dynamic 200s are an event or null, never anything else", async () => {
    const mixpeek = clientPreferring("code=200, dynamic=true");
    for (let i = 0; i < 10; i++) {
      const event = await mixpeek.getAuditLog(`audit_${i}`);
      if (event !== null) expectEventShape(event);
    }
  });

  test.each([
    [400, MixpeekBadRequestError],
    [401, MixpeekAuthenticationError],
    [403, MixpeekPermissionDeniedError],
    [404, MixpeekNotFoundError],
    [500, MixpeekServerError],
  ])("%i gives its error class with the typed ErrorResponse body", async (status, ErrorClass) => {
    const error = await clientPreferring(`code=${status}`)
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    const apiError = error as InstanceType<typeof ErrorClass>;
    expect(apiError.status).toBe(status);
    expect(typeof apiError.body?.error.message).toBe("string");
    expect(apiError.serverMessage).toBe(apiError.body?.error.message);
    expect(apiError.type).toBe(apiError.body?.error.type);
  });

  test("422 gives MixpeekUnprocessableEntityError with the typed HTTPValidationError body", async () => {
    const error = await clientPreferring("code=422")
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MixpeekUnprocessableEntityError);
    const body = (error as MixpeekUnprocessableEntityError).body;
    expect(Array.isArray(body?.detail)).toBe(true);
    expect(typeof body?.detail?.[0]?.msg).toBe("string");
  });
});
