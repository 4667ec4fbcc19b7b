import { describe, expectTypeOf, test } from "vitest";
import type {
  MixpeekApiError,
  MixpeekNotFoundError,
  MixpeekUnprocessableEntityError,
} from "../../src/index.js";
import {
  createMixpeekClient,
  isMixpeekAbortError,
  isMixpeekApiError,
  type AuditEventResponse,
  type ErrorResponse,
  type HTTPValidationError,
  type MixpeekClient,
} from "../../src/index.js";

declare const mixpeek: MixpeekClient;

describe("client types", () => {
  test("getAuditLog resolves to AuditEventResponse | null", () => {
    expectTypeOf(
      mixpeek.getAuditLog("audit_123"),
    ).resolves.toEqualTypeOf<AuditEventResponse | null>();
    expectTypeOf(createMixpeekClient).returns.toEqualTypeOf<MixpeekClient>();
    expectTypeOf(mixpeek.getAuditLog.withResponse("audit_123")).resolves.toEqualTypeOf<{
      readonly data: AuditEventResponse | null;
      readonly response: Response;
      readonly requestId: string | undefined;
    }>();
  });

  test("per call, the client's option names and nothing else", () => {
    void mixpeek.getAuditLog("audit_123", {
      timeoutMs: 1_000,
      totalTimeoutMs: 5_000,
      maxRetries: 0,
      validateResponses: false,
      signal: AbortSignal.timeout(5_000),
    });
    // @ts-expect-error the option is validateResponses, as on the client
    void mixpeek.getAuditLog("audit_123", { validateResponse: false });
    // @ts-expect-error retry delays are flat options of the client, not nested
    createMixpeekClient({ retryDelays: { initialDelayMs: 1 } });
  });

  test("the guards narrow", () => {
    const error: unknown = new Error("x");
    if (isMixpeekApiError(error)) expectTypeOf(error.status).toEqualTypeOf<number>();
    if (isMixpeekAbortError(error)) expectTypeOf(error.path).toEqualTypeOf<string | undefined>();
  });

  test("error classes expose the typed bodies", () => {
    expectTypeOf<MixpeekNotFoundError["body"]>().toEqualTypeOf<ErrorResponse | undefined>();
    expectTypeOf<MixpeekUnprocessableEntityError["body"]>().toEqualTypeOf<
      HTTPValidationError | undefined
    >();
    expectTypeOf<MixpeekApiError["body"]>().toEqualTypeOf<
      ErrorResponse | HTTPValidationError | undefined
    >();
    expectTypeOf<MixpeekApiError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<MixpeekApiError["requestId"]>().toEqualTypeOf<string | undefined>();
  });

  test("wrong calls do not compile", () => {
    // @ts-expect-error the id is a string
    void mixpeek.getAuditLog(123);
    // @ts-expect-error the id is required
    void mixpeek.getAuditLog();
    // @ts-expect-error unknown option
    void mixpeek.getAuditLog("audit_123", { retries: 3 });
    void mixpeek.raw.GET("/v1/organizations/audit/logs/{audit_id}", {
      // @ts-expect-error raw is typed by the spec's paths: the parameter is audit_id
      params: { path: { id: "x" } },
    });
    // @ts-expect-error unknown client option
    createMixpeekClient({ apiKeyy: "k" });
  });

  test("raw returns the spec's types for data and error", async () => {
    const { data, error } = await mixpeek.raw.GET("/v1/organizations/audit/logs/{audit_id}", {
      params: { path: { audit_id: "audit_123" } },
    });
    expectTypeOf(data).toEqualTypeOf<AuditEventResponse | null | undefined>();
    expectTypeOf(error).toEqualTypeOf<ErrorResponse | HTTPValidationError | undefined>();
  });
});
