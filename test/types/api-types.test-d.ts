import { describe, expectTypeOf, test } from "vitest";
import type {
  AuditEventResponse,
  ErrorDetail,
  ErrorResponse,
  HTTPValidationError,
  operations,
  paths,
} from "../../generated/api-types.js";

type AuditGet = paths["/v1/organizations/audit/logs/{audit_id}"]["get"];
type Content<Status extends keyof AuditGet["responses"]> =
  AuditGet["responses"][Status]["content"]["application/json"];

describe("generated types users rely on", () => {
  test("the audit path's audit_id path parameter is a required string", () => {
    expectTypeOf<AuditGet["parameters"]["path"]>().toEqualTypeOf<{ audit_id: string }>();
  });

  test("the audit path is the operation named in the spec", () => {
    expectTypeOf<AuditGet>().toEqualTypeOf<
      operations["get_audit_log_v1_organizations_audit_logs__audit_id__get"]
    >();
  });

  test("200 content is AuditEventResponse | null", () => {
    expectTypeOf<Content<200>>().toEqualTypeOf<AuditEventResponse | null>();
  });

  test("400, 401, 403, 404 and 500 bodies are ErrorResponse; 422 is HTTPValidationError", () => {
    expectTypeOf<Content<400>>().toEqualTypeOf<ErrorResponse>();
    expectTypeOf<Content<401>>().toEqualTypeOf<ErrorResponse>();
    expectTypeOf<Content<403>>().toEqualTypeOf<ErrorResponse>();
    expectTypeOf<Content<404>>().toEqualTypeOf<ErrorResponse>();
    expectTypeOf<Content<500>>().toEqualTypeOf<ErrorResponse>();
    expectTypeOf<Content<422>>().toEqualTypeOf<HTTPValidationError>();
  });

  test("the spec's quirks: untyped timestamp/changes are unknown, fields with only a default and nullable strings optional", () => {
    expectTypeOf<AuditEventResponse["timestamp"]>().toEqualTypeOf<unknown>();
    expectTypeOf<AuditEventResponse["changes"]>().toEqualTypeOf<unknown>();
    expectTypeOf<AuditEventResponse["audit_id"]>().toEqualTypeOf<string>();
    // The API may leave out a field that has a default: the types must not promise it.
    expectTypeOf<Pick<AuditEventResponse, "actor_type" | "status">>().toEqualTypeOf<{
      actor_type?: string;
      status?: string;
    }>();
    expectTypeOf<AuditEventResponse["actor_email"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<Pick<AuditEventResponse, "actor_email">>().toEqualTypeOf<{
      actor_email?: string | null;
    }>();
  });

  test("error bodies carry the fields errors are built from", () => {
    expectTypeOf<ErrorResponse["error"]>().toEqualTypeOf<ErrorDetail>();
    expectTypeOf<ErrorDetail["message"]>().toEqualTypeOf<string>();
    expectTypeOf<ErrorDetail["type"]>().toEqualTypeOf<string>();
    expectTypeOf<Pick<ErrorDetail, "code">>().toEqualTypeOf<{ code?: string | null }>();
  });
});
