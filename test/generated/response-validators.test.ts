import { readFileSync } from "node:fs";
import path from "node:path";
import { parseYaml } from "@redocly/openapi-core";
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import {
  validateAuditLogResponse,
  validateErrorResponse,
  validateHttpValidationError,
} from "../../generated/response-validators.js";
import { REPO_ROOT } from "../helpers/project-copy.js";
import { jsonValue, valuesOf } from "../helpers/schema-arbitrary.js";
import { SAMPLE_EVENT } from "../helpers/mixpeek-test-server.js";

type Schema = Record<string, unknown>;
const spec = parseYaml(readFileSync(path.join(REPO_ROOT, "openapi/mixpeek.yaml"), "utf8")) as {
  paths: Record<
    string,
    { get: { responses: Record<string, { content: Record<string, { schema: Schema }> }> } }
  >;
  components: { schemas: Record<string, Schema> };
};
const defs = spec.components.schemas;
const responseSchema =
  spec.paths["/v1/organizations/audit/logs/{audit_id}"]!.get.responses["200"]!.content[
    "application/json"
  ]!.schema;

/** Each validator, the schema it was generated from, and the TypeScript type it guards. */
const CASES = [
  {
    name: "200 body",
    validate: validateAuditLogResponse,
    schema: responseSchema,
    type: "AuditEventResponse | null",
  },
  {
    name: "ErrorResponse",
    validate: validateErrorResponse,
    schema: { $ref: "#/components/schemas/ErrorResponse" },
    type: "ErrorResponse",
  },
  {
    name: "HTTPValidationError",
    validate: validateHttpValidationError,
    schema: { $ref: "#/components/schemas/HTTPValidationError" },
    type: "HTTPValidationError",
  },
] as const;

const RUNS = 300;

/**
 * Type-checks `samples` against their TypeScript types with the compiler itself: each value is
 * written as a literal, then assigned to a variable of the generated type.
 */
function typeErrors(samples: { type: string; value: unknown }[]): string[] {
  const file = path.join(REPO_ROOT, "test/generated/__samples__.ts");
  const source = [
    'import type { AuditEventResponse, ErrorResponse, HTTPValidationError } from "../../generated/api-types.js";',
    // Through a variable, as a parsed body arrives: no excess-property check on fresh literals.
    ...samples.map(
      (s, i) =>
        `const value${i} = ${JSON.stringify(s.value)};\nexport const typed${i}: ${s.type} = value${i};`,
    ),
  ].join("\n");
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    exactOptionalPropertyTypes: true,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === file ? source : readFile(name));
  host.fileExists = (
    (exists) => (name: string) =>
      path.resolve(name) === file || exists(name)
  )(host.fileExists.bind(host));
  const program = ts.createProgram([file], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, " "));
}

describe("the generated validators agree with the spec and the generated types", () => {
  test.each(CASES)(
    "$name: accepts every value the schema allows, and what it accepts fits the type",
    ({ validate, schema, type }) => {
      const accepted: { type: string; value: unknown }[] = [];
      fc.assert(
        fc.property(valuesOf(schema, defs), (value) => {
          const copy = structuredClone(value);
          expect(validate(copy), JSON.stringify(validate.errors)).toBe(true);
          accepted.push({ type, value: copy });
        }),
        { numRuns: RUNS },
      );
      expect(typeErrors(accepted)).toEqual([]);
    },
  );

  test("the type check itself catches a value that does not fit", () => {
    expect(
      typeErrors([{ type: "AuditEventResponse", value: { audit_id: 1 } }]).length,
    ).toBeGreaterThan(0);
  });

  test("200: a missing required field, a wrong type, or null where a string is promised are rejected", () => {
    const required = [
      "audit_id",
      "timestamp",
      "resource_type",
      "resource_id",
      "action",
      "actor_id",
    ];
    const typedStrings = [
      "audit_id",
      "resource_type",
      "resource_id",
      "action",
      "actor_id",
      "actor_type",
      "status",
    ];
    const mutation = fc.oneof(
      fc
        .constantFrom(...required)
        .map((field) => (e: Record<string, unknown>) => void delete e[field]),
      fc
        .tuple(
          fc.constantFrom(...typedStrings),
          fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant({}), fc.constant([])),
        )
        .map(
          ([field, wrong]) =>
            (e: Record<string, unknown>) =>
              void (e[field] = wrong),
        ),
      fc
        .tuple(
          fc.constantFrom(
            "ip_address",
            "user_agent",
            "actor_name",
            "actor_email",
            "actor_key_name",
          ),
          fc.oneof(fc.integer(), fc.constant({})),
        )
        .map(
          ([field, wrong]) =>
            (e: Record<string, unknown>) =>
              void (e[field] = wrong),
        ),
    );
    fc.assert(
      fc.property(valuesOf(defs.AuditEventResponse!, defs), mutation, (event, mutate) => {
        const body = structuredClone(event) as Record<string, unknown>;
        mutate(body);
        expect(validateAuditLogResponse(body)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  test("a body that is not an object (or null) is rejected", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(jsonValue)),
        (body) => {
          expect(validateAuditLogResponse(body)).toBe(false);
          expect(validateErrorResponse(body)).toBe(false);
        },
      ),
    );
  });

  test("error envelopes: a missing error, a non-string message, a fractional status are rejected", () => {
    expect(validateErrorResponse({ status: 404 })).toBe(false);
    expect(
      validateErrorResponse({ status: 404, error: { message: 1, type: "NotFoundError" } }),
    ).toBe(false);
    expect(
      validateErrorResponse({ status: 404.5, error: { message: "x", type: "NotFoundError" } }),
    ).toBe(false);
    expect(
      validateHttpValidationError({ detail: [{ loc: "audit_id", msg: "bad", type: "x" }] }),
    ).toBe(false);
    expect(
      validateHttpValidationError({ detail: [{ loc: ["path", 0], msg: "bad", type: "x" }] }),
    ).toBe(true);
  });
});

describe("the spec's quirks", () => {
  test("timestamp and changes have no type: any JSON value passes", () => {
    fc.assert(
      fc.property(jsonValue, jsonValue, (timestamp, changes) => {
        expect(validateAuditLogResponse({ ...SAMPLE_EVENT, timestamp, changes })).toBe(true);
      }),
    );
  });

  test("nullable strings take null, and nothing else but strings", () => {
    expect(validateAuditLogResponse({ ...SAMPLE_EVENT, ip_address: null })).toBe(true);
    expect(validateAuditLogResponse({ ...SAMPLE_EVENT, ip_address: 7 })).toBe(false);
  });

  test("a 200 body of null is valid", () => {
    expect(validateAuditLogResponse(null)).toBe(true);
  });

  test("validation never changes a body: fields with only a default stay absent (actor_type, status; success on errors)", () => {
    const event: Record<string, unknown> = { ...SAMPLE_EVENT };
    delete event.actor_type;
    delete event.status;
    const sent = structuredClone(event);
    expect(validateAuditLogResponse(event)).toBe(true);
    expect(event).toStrictEqual(sent);
    const error: Record<string, unknown> = {
      status: 404,
      error: { message: "gone", type: "NotFoundError" },
    };
    expect(validateErrorResponse(error)).toBe(true);
    expect(error).not.toHaveProperty("success");
  });
});
