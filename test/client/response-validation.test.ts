import { describe, expect, test } from "vitest";
import {
  MixpeekError,
  MixpeekResponseError,
  MixpeekResponseValidationError,
} from "../../src/index.js";
import { useTestServer } from "../helpers/client-fixture.js";
import { SAMPLE_EVENT, TEST_API_KEY } from "../helpers/mixpeek-test-server.js";

const { server, client } = useTestServer();
const OPERATION = "get_audit_log_v1_organizations_audit_logs__audit_id__get";
const PREFIX = `GET /v1/organizations/audit/logs/audit_123: 200 response does not match the spec of ${OPERATION}: `;

function serve(body: unknown) {
  server().misbehave({ kind: "json", status: 200, body });
}

async function validationError(options = {}): Promise<MixpeekResponseValidationError> {
  const error = await client(options)
    .getAuditLog("audit_123")
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(MixpeekResponseValidationError);
  expect(error).toBeInstanceOf(MixpeekResponseError);
  expect(error).toBeInstanceOf(MixpeekError);
  return error as MixpeekResponseValidationError;
}

describe("response validation (on by default)", () => {
  test("a missing required field is named by its own JSON pointer, with operation and status", async () => {
    const { audit_id: _, ...withoutId } = SAMPLE_EVENT;
    serve(withoutId);
    const error = await validationError();
    expect(error.message).toBe(`${PREFIX}/audit_id is required`);
    expect(error).toMatchObject({
      status: 200,
      operationId: OPERATION,
      issues: [{ pointer: "/audit_id", message: "is required" }],
    });
  });

  test("a body that is not an object is named by the empty pointer", async () => {
    serve([SAMPLE_EVENT]);
    const error = await validationError();
    expect(error.issues).toEqual([{ pointer: "", message: "must be object" }]);
    expect(error.message).toBe(`${PREFIX}(body) must be object`);
  });

  test("a string where a number… , null where a string was promised, a number for a nullable string", async () => {
    serve({ ...SAMPLE_EVENT, resource_id: 42, actor_id: null, ip_address: 7 });
    const error = await validationError();
    expect(error.issues).toEqual([
      { pointer: "/resource_id", message: "must be string" },
      { pointer: "/actor_id", message: "must be string" },
      { pointer: "/ip_address", message: "must be string or must be null" },
    ]);
    expect(error.message).toBe(
      `${PREFIX}/resource_id must be string; /actor_id must be string; /ip_address must be string or must be null`,
    );
  });

  test("many problems: the message shows three and counts the rest; no body values, no key", async () => {
    const wrong = Object.fromEntries(
      Object.keys(SAMPLE_EVENT).map((k) => [
        k,
        k === "timestamp" || k === "changes" ? TEST_API_KEY : { key: TEST_API_KEY },
      ]),
    );
    serve(wrong);
    const error = await validationError();
    expect(error.message).toBe(
      `${PREFIX}/audit_id must be string; /resource_type must be string; /resource_id must be string (+9 more)`,
    );
    expect(error.issues).toHaveLength(12);
    expect(error.message).not.toContain(TEST_API_KEY);
    expect(JSON.stringify(error)).not.toContain(TEST_API_KEY);
  });

  test("returns the record exactly as sent: fields with a default that the API left out stay out", async () => {
    const { actor_type: _, status: __, ...withoutDefaults } = SAMPLE_EVENT;
    serve(withoutDefaults);
    const event = await client().getAuditLog("audit_123");
    // toStrictEqual: a key added with the value undefined would fail too.
    expect(event).toStrictEqual(withoutDefaults);
    expect(Object.keys(event!)).toEqual(Object.keys(withoutDefaults));
  });

  test("validateResponses: false hands the body on as sent; per call, the same option overrides either way", async () => {
    const broken = { ...SAMPLE_EVENT, resource_id: 42 };
    serve(broken);
    expect(await client({ validateResponses: false }).getAuditLog("audit_123")).toEqual(broken);
    serve(broken);
    expect(await client().getAuditLog("audit_123", { validateResponses: false })).toEqual(broken);
    serve(broken);
    await expect(
      client({ validateResponses: false }).getAuditLog("audit_123", { validateResponses: true }),
    ).rejects.toBeInstanceOf(MixpeekResponseValidationError);
  });

  test("an error body that breaks the spec keeps its status class, with no typed body", async () => {
    server().misbehave({ kind: "json", status: 404, body: { status: "404", error: "gone" } });
    const error = await client()
      .getAuditLog("audit_123")
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "MixpeekNotFoundError", status: 404, body: undefined });
  });
});
