import Ajv2020 from "ajv/dist/2020.js";
import standaloneCode from "ajv/dist/standalone/index.js";
import type { ReferenceObject, ResponseObject, SchemaObject } from "openapi-typescript";
import { firstLine, PipelineError } from "./pipeline-error.js";
import { AUDIT_OPERATION } from "./project.js";
import type { SpecDocument } from "./spec-document.js";
import { findAuditOperation } from "./spec-facts.js";

/** The schemas' home inside the one JSON Schema document the validators are compiled from. */
const SCHEMA_ID = "mixpeek";
/** OpenAPI's own annotations on top of JSON Schema 2020-12: allowed, not validated. */
const OPENAPI_KEYWORDS = ["discriminator", "xml", "externalDocs", "example"];

/**
 * The validators this package ships, with the TypeScript type each one guards: the audit
 * endpoint's success body, and the error envelopes (422 has its own).
 */
const VALIDATORS = [
  {
    name: "validateAuditLogResponse",
    doc: "The 200 body of the audit endpoint: an event or null. Never changes the body.",
    type: 'paths["/v1/organizations/audit/logs/{audit_id}"]["get"]["responses"][200]["content"]["application/json"]',
    schema: (spec: SpecDocument) => responseSchema(spec, "200"),
  },
  {
    name: "validateErrorResponse",
    doc: "The error envelope of every documented error status but 422.",
    type: 'components["schemas"]["ErrorResponse"]',
    schema: () => ({ $ref: "#/components/schemas/ErrorResponse" }),
  },
  {
    name: "validateHttpValidationError",
    doc: "The 422 body: the API's list of request validation problems.",
    type: 'components["schemas"]["HTTPValidationError"]',
    schema: () => ({ $ref: "#/components/schemas/HTTPValidationError" }),
  },
] as const;

/**
 * Standalone validator code (Ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses it), compiled now so
 * the client's users never compile schemas at run time. Each validator collects every problem
 * (`allErrors`) and leaves the body as it is (no `useDefaults`): an audit record is returned
 * exactly as the API sent it, and the types mark fields with only a default as optional.
 */
export function renderValidators(spec: SpecDocument, header: string): string {
  // One document: the spec's components, plus one entry per validator's root schema.
  const defs: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(spec.openapi.components?.schemas ?? {})) {
    defs[name] = toJsonSchema(schema);
  }
  const nullable = new Set<string>();
  for (const validator of VALIDATORS) {
    const root = toJsonSchema(validator.schema(spec));
    const value = nonNullBranch(root);
    if (value) nullable.add(validator.name);
    defs[`${validator.name}Root`] = value ?? root;
  }
  let code: string;
  try {
    const ajv = new Ajv2020.default({
      // One statement per line: readable diffs without running a formatter over machine code.
      code: { source: true, esm: true, optimize: true, lines: true },
      allErrors: true,
      useDefaults: false,
      strict: true,
      // The lint (Redocly's struct rule) has checked the schemas; compiling the 2020-12
      // meta-schema to check them again cost more than the rest of this step.
      meta: false,
      validateSchema: false,
      // `anyOf: [{type: string}, {type: "null"}]` and untyped fields are how FastAPI writes schemas.
      strictTypes: false,
      keywords: OPENAPI_KEYWORDS,
    });
    ajv.addSchema({ $id: SCHEMA_ID, $defs: defs });
    const refs = Object.fromEntries(
      VALIDATORS.map((v) => [`${v.name}Untyped`, `${SCHEMA_ID}#/$defs/${v.name}Root`]),
    );
    code = standaloneCode.default(ajv, refs);
  } catch (error) {
    throw new PipelineError(
      `${spec.displayName}: cannot compile response validators: ${firstLine(error)}`,
      {
        cause: error,
      },
    );
  }
  if (/\brequire\(|^\s*import\s/m.test(code)) {
    // A runtime import would make ajv a dependency of every user; no schema here needs one.
    throw new PipelineError(
      `${spec.displayName}: the response validators need Ajv at run time; they must not`,
    );
  }
  return [
    header,
    // Ajv's output is plain JavaScript; the exports at the end give it its types.
    "// @ts-nocheck",
    'import type { components, paths } from "./api-types.js";',
    "",
    // Only the typed exports below are public.
    code
      .replace(/^"use strict";/, "")
      .replace(/\bexport const (\w+Untyped) =/g, "const $1 =")
      .trim(),
    "",
    ...[...nullable].flatMap((name) => [
      // `X | null` as null here and X by Ajv: a bad body then gets issues about X ("/audit_id is
      // required"), not every one of them joined with "or must be null" by the anyOf.
      `function ${name}Nullable(data) {`,
      `  if (data === null) return true;`,
      `  const valid = ${name}Untyped(data);`,
      `  ${name}Nullable.errors = ${name}Untyped.errors;`,
      "  return valid;",
      "}",
      "",
    ]),
    "/** One problem found in a response body, as Ajv reports it. */",
    "export interface SchemaIssue {",
    "  /** JSON pointer of the failing value in the body (empty for the body itself). */",
    "  instancePath: string;",
    "  schemaPath: string;",
    "  keyword: string;",
    "  params: Record<string, unknown>;",
    "  message?: string;",
    "}",
    "",
    "/** A type guard for a body; after it returns false, `errors` lists every problem. */",
    "export interface ResponseValidator<T> {",
    "  (data: unknown): data is T;",
    "  errors?: SchemaIssue[] | null;",
    "}",
    "",
    ...VALIDATORS.flatMap((v) => [
      `/** ${v.doc} */`,
      `export const ${v.name}: ResponseValidator<${v.type}> = ${v.name}${nullable.has(v.name) ? "Nullable" : "Untyped"};`,
      "",
    ]),
  ].join("\n");
}

function responseSchema(spec: SpecDocument, status: string): SchemaObject | ReferenceObject {
  const response = findAuditOperation(spec)?.responses?.[status] as ResponseObject | undefined;
  const schema = response?.content?.["application/json"]?.schema;
  if (!schema) {
    throw new PipelineError(
      `${spec.displayName}: ${AUDIT_OPERATION.method.toUpperCase()} ${AUDIT_OPERATION.path} has no ${status} application/json schema`,
    );
  }
  return schema;
}

/** For `anyOf: [X, {type: "null"}]`, X; otherwise undefined. */
function nonNullBranch(schema: Record<string, unknown>): Record<string, unknown> | undefined {
  const branches = schema.anyOf;
  if (!Array.isArray(branches) || branches.length !== 2) return undefined;
  const isNull = (b: unknown) =>
    (b as { type?: unknown } | null)?.type === "null" && Object.keys(b as object).length === 1;
  const others = (branches as unknown[]).filter((b) => !isNull(b));
  const onlyAnnotations = Object.keys(schema).every((k) =>
    ["anyOf", "title", "description"].includes(k),
  );
  return others.length === 1 && onlyAnnotations
    ? (others[0] as Record<string, unknown>)
    : undefined;
}

/**
 * An OpenAPI 3.1 schema as plain JSON Schema: component $refs point into `$defs`, and
 * annotations that validate nothing (titles, descriptions, examples, formats) are left out of
 * the code.
 */
function toJsonSchema(schema: unknown): Record<string, unknown> {
  const json = JSON.stringify(schema).replaceAll('"#/components/schemas/', '"#/$defs/');
  return withoutAnnotations(JSON.parse(json)) as Record<string, unknown>;
}

/**
 * `format` counts as an annotation too, as JSON Schema 2020-12 has it by default: an audit record
 * is evidence, so the client must not reject what the API sent over a format quibble, and a bump
 * must not fail because pydantic names a format of its own ("path", "json-string").
 */
const ANNOTATIONS = new Set(["title", "description", "examples", "example", "format"]);

function withoutAnnotations(value: unknown, isPropertyMap = false): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutAnnotations(item));
  if (typeof value !== "object" || value === null) return value;
  const kept = Object.entries(value).filter(([key]) => isPropertyMap || !ANNOTATIONS.has(key));
  // Under `properties` the keys are field names (a field may be called "title"), not keywords.
  return Object.fromEntries(
    kept.map(([key, v]) => [key, withoutAnnotations(v, !isPropertyMap && key === "properties")]),
  );
}
