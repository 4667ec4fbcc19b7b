import { readFileSync } from "node:fs";
import path from "node:path";
import { parseYaml } from "@redocly/openapi-core";
import type { OpenAPI3 } from "openapi-typescript";
import { describe, expect, test } from "vitest";
import { diffSpecs, type SpecChange } from "../../scripts/lib/spec-diff.js";
import { REPO_ROOT } from "../helpers/project-copy.js";

/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return --
   these tests edit raw spec documents, which have no useful static type */
type Mutable = Record<string, any>;

const vendored = parseYaml(
  readFileSync(path.join(REPO_ROOT, "openapi/mixpeek.yaml"), "utf8"),
) as OpenAPI3;

/** The vendored spec, changed by `edit` (on a deep copy). */
function variant(edit: (spec: Mutable) => void): OpenAPI3 {
  const copy = structuredClone(vendored) as Mutable;
  edit(copy);
  return copy as OpenAPI3;
}

const event = (spec: Mutable) => spec.components.schemas.AuditEventResponse as Mutable;
const detail = (spec: Mutable) => spec.components.schemas.ErrorDetail as Mutable;
const auditGet = (spec: Mutable) =>
  spec.paths["/v1/organizations/audit/logs/{audit_id}"].get as Mutable;
const summary = (changes: SpecChange[]) =>
  changes.map((c) => `${c.breaking ? "BREAKING" : "ok"} ${c.where}: ${c.what}`);

describe("diffSpecs classifies changes for a consumer of this client", () => {
  test("no change, no report", () => {
    expect(diffSpecs(vendored, structuredClone(vendored))).toEqual([]);
  });

  test("response properties: removed, made optional, made nullable → breaking", () => {
    const after = variant((s) => {
      delete event(s).properties.resource_type;
      event(s).required = event(s).required.filter((n: string) => n !== "actor_id");
      event(s).properties.action = { anyOf: [{ type: "string" }, { type: "null" }] };
    });
    expect(summary(diffSpecs(vendored, after))).toEqual([
      "BREAKING AuditEventResponse.resource_type: property removed",
      "BREAKING AuditEventResponse.action: now nullable",
      "BREAKING AuditEventResponse.actor_id: now optional",
    ]);
  });

  // The types make a field with only a default optional (defaultNonNullable: false), so a
  // default is no promise that the field is there.
  test("a field no longer required is optional even if it gains a default → breaking", () => {
    const after = variant((s) => {
      event(s).required = event(s).required.filter((n: string) => n !== "action");
      event(s).properties.action.default = "unknown";
    });
    expect(summary(diffSpecs(vendored, after))).toEqual([
      "BREAKING AuditEventResponse.action: now optional",
    ]);
  });

  test("a new schema that takes the type name another was exported under → breaking", () => {
    const before = variant((s) => (s.components.schemas["Foo-Bar"] = { type: "string" }));
    const after = variant((s) => {
      s.components.schemas["Foo-Bar"] = { type: "string" };
      s.components.schemas.FooBar = { type: "integer" };
    });
    expect(summary(diffSpecs(before, after))).toEqual([
      "ok FooBar: schema added",
      "BREAKING Foo-Bar: exported type renamed: FooBar → FooBar_2",
      'BREAKING Foo-Bar: exported type FooBar now names schema "FooBar"',
    ]);
  });

  test("a default dropped changes neither the types nor validation → nothing to report", () => {
    const after = variant((s) => delete event(s).properties.actor_type.default);
    expect(diffSpecs(vendored, after)).toEqual([]);
  });

  test("validation keywords added or changed may reject what passed → breaking; dropped → not", () => {
    const tightened = variant((s) => {
      event(s).additionalProperties = false;
      event(s).properties.action.maxLength = 64;
      auditGet(s).parameters[0].schema.pattern = "^audit_[a-z0-9]+$";
    });
    expect(summary(diffSpecs(vendored, tightened))).toEqual([
      'BREAKING GET /v1/organizations/audit/logs/{audit_id} path parameter audit_id: pattern added: "^audit_[a-z0-9]+$" (breaking: a value the client sends may now be refused)',
      "BREAKING AuditEventResponse: additionalProperties added: false (breaking for users who validate responses, the default: a body that passed may now fail)",
      "BREAKING AuditEventResponse.action: maxLength added: 64 (breaking for users who validate responses, the default: a body that passed may now fail)",
    ]);
    expect(summary(diffSpecs(tightened, vendored))).toEqual([
      'ok GET /v1/organizations/audit/logs/{audit_id} path parameter audit_id: pattern "^audit_[a-z0-9]+$" dropped',
      "ok AuditEventResponse: additionalProperties false dropped",
      "ok AuditEventResponse.action: maxLength 64 dropped",
    ]);
  });

  test("response properties: new optional or required, made required, no longer nullable → non-breaking", () => {
    const after = variant((s) => {
      event(s).properties.region = { type: "string" };
      event(s).properties.tenant_id = { type: "string" };
      event(s).required.push("tenant_id", "ip_address");
      event(s).properties.user_agent = { type: "string" };
    });
    expect(summary(diffSpecs(vendored, after))).toEqual([
      "ok AuditEventResponse.ip_address: now always present (required)",
      "ok AuditEventResponse.user_agent: no longer nullable",
      "ok AuditEventResponse.region: property added (optional, string)",
      "ok AuditEventResponse.tenant_id: property added (required, string)",
    ]);
  });

  test("type changes, narrowed or widened, and typing an untyped field → breaking", () => {
    const after = variant((s) => {
      event(s).properties.status = {
        anyOf: [{ type: "string" }, { type: "integer" }],
        default: "success",
      };
      event(s).properties.timestamp = { type: "string", format: "date-time" };
      detail(s).properties.code = { type: "integer" };
    });
    expect(summary(diffSpecs(vendored, after))).toEqual([
      "BREAKING AuditEventResponse.timestamp: type changed: unknown → string",
      "BREAKING AuditEventResponse.status: type changed: string → integer | string",
      "BREAKING ErrorDetail.code: type changed: string → integer",
      "ok ErrorDetail.code: no longer nullable",
    ]);
  });

  test("enums in responses: any change breaks exhaustive handling; a new enum breaks validation users", () => {
    const withEnum = variant((s) => (event(s).properties.status.enum = ["success", "failure"]));
    const more = variant(
      (s) => (event(s).properties.status.enum = ["success", "failure", "partial"]),
    );
    expect(summary(diffSpecs(vendored, withEnum))).toEqual([
      'BREAKING AuditEventResponse.status: now restricted to "success", "failure" (breaking for users who validate responses, the default: any other value now fails validation)',
    ]);
    expect(summary(diffSpecs(withEnum, more))).toEqual([
      'BREAKING AuditEventResponse.status: enum values added: "partial"',
    ]);
  });

  test("parameters: a new required one breaks, a new optional one doesn't, removal and renames break", () => {
    const after = variant((s) => {
      auditGet(s).parameters.push(
        { name: "include", in: "query", required: false, schema: { type: "string" } },
        { name: "org", in: "header", required: true, schema: { type: "string" } },
      );
    });
    expect(summary(diffSpecs(vendored, after))).toEqual([
      "ok GET /v1/organizations/audit/logs/{audit_id} query parameter include: parameter added (optional)",
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} header parameter org: parameter added (required)",
    ]);
    const retyped = variant((s) => (auditGet(s).parameters[0].schema = { type: "integer" }));
    expect(summary(diffSpecs(vendored, retyped))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} path parameter audit_id: type changed: string → integer",
    ]);
  });

  test("responses and schemas: removed ones break, added ones don't", () => {
    const after = variant((s) => {
      delete auditGet(s).responses["404"];
      auditGet(s).responses["429"] = auditGet(s).responses["500"];
      s.components.schemas.AuditEventPage = { type: "object", properties: {} };
    });
    expect(summary(diffSpecs(vendored, after))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} → 404: response removed",
      "ok GET /v1/organizations/audit/logs/{audit_id} → 429: response added",
      "ok AuditEventPage: schema added",
    ]);
    const renamed = variant((s) => {
      s.components.schemas.AuditEvent = s.components.schemas.AuditEventResponse;
      delete s.components.schemas.AuditEventResponse;
      auditGet(s).responses["200"].content["application/json"].schema.anyOf[0].$ref =
        "#/components/schemas/AuditEvent";
    });
    expect(summary(diffSpecs(vendored, renamed))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} → 200 body: type changed: AuditEventResponse → AuditEvent",
      "BREAKING AuditEventResponse: schema removed (its exported type goes too)",
      "ok AuditEvent: schema added",
    ]);
  });

  test("allOf inheritance: fields of the inline part and of the referenced part are both compared", () => {
    const inherit = (s: Mutable, inline: Mutable) => {
      const base = event(s);
      s.components.schemas.Base = {
        type: "object",
        properties: { audit_id: base.properties.audit_id },
        required: ["audit_id"],
      };
      s.components.schemas.AuditEventResponse = {
        allOf: [{ $ref: "#/components/schemas/Base" }, inline],
      };
    };
    const inline = (): Mutable => ({
      type: "object",
      properties: { action: { type: "string" }, actor_id: { type: "string" } },
      required: ["action", "actor_id"],
    });
    const before = variant((s) => inherit(s, inline()));
    const after = variant((s) => {
      const part = inline();
      delete part.properties.action;
      part.required = ["actor_id"];
      part.properties.actor_id = { type: "integer" };
      inherit(s, part);
      s.components.schemas.Base.properties.audit_id = { type: "integer" };
    });
    expect(summary(diffSpecs(before, after))).toEqual([
      "BREAKING AuditEventResponse.audit_id: type changed: string → integer",
      "BREAKING AuditEventResponse.action: property removed",
      "BREAKING AuditEventResponse.actor_id: type changed: string → integer",
    ]);
  });

  test("anyOf of several components: each is compared", () => {
    const twoKinds = (s: Mutable) => {
      s.components.schemas.Other = {
        type: "object",
        properties: { kind: { type: "string" } },
        required: ["kind"],
      };
      auditGet(s).responses["200"].content["application/json"].schema.anyOf = [
        { $ref: "#/components/schemas/AuditEventResponse" },
        { $ref: "#/components/schemas/Other" },
        { type: "null" },
      ];
    };
    const before = variant(twoKinds);
    const after = variant((s) => {
      twoKinds(s);
      delete event(s).properties.action;
    });
    expect(summary(diffSpecs(before, after))).toEqual([
      "BREAKING AuditEventResponse.action: property removed",
    ]);
  });

  test("a new default server breaks users who rely on the default base URL", () => {
    const after = variant((s) => (s.servers[0].url = "https://api.eu.mixpeek.com"));
    expect(summary(diffSpecs(vendored, after))).toEqual([
      "BREAKING servers[0].url: https://api.mixpeek.com → https://api.eu.mixpeek.com (the client's default base URL)",
    ]);
  });

  test("a description-only change is no change", () => {
    const after = variant((s) => (event(s).properties.action.description = "What was done"));
    expect(diffSpecs(vendored, after)).toEqual([]);
  });
});

describe("diffSpecs compares the declared operations, whatever else a document holds", () => {
  test("another GET, and another method on the wrapped path, are not the wrapped operation", () => {
    const withOthers = (s: Mutable, type: string) => {
      s.paths["/v1/organizations/audit/logs"] = {
        get: {
          responses: {
            "200": { description: "ok", content: { "application/json": { schema: { type } } } },
          },
        },
      };
      s.paths["/v1/organizations/audit/logs/{audit_id}"].delete = {
        parameters: [
          { name: "force", in: "query", required: type === "integer", schema: { type } },
        ],
        responses: {},
      };
    };
    const before = variant((s) => withOthers(s, "string"));
    const after = variant((s) => withOthers(s, "integer"));
    expect(diffSpecs(before, after)).toEqual([]);
  });

  test("the wrapped operation removed, or added (a first declaration), is said once, under its name", () => {
    const without = variant((s) => delete s.paths["/v1/organizations/audit/logs/{audit_id}"]);
    expect(summary(diffSpecs(vendored, without))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id}: operation removed",
    ]);
    expect(summary(diffSpecs(without, vendored))).toEqual([
      "ok GET /v1/organizations/audit/logs/{audit_id}: operation added",
    ]);
  });

  test("its path parameter renamed: the same route, so a renamed template, compared from there", () => {
    const renamed = variant((s) => {
      const item = s.paths["/v1/organizations/audit/logs/{audit_id}"];
      delete s.paths["/v1/organizations/audit/logs/{audit_id}"];
      item.get.parameters[0].name = "log_id";
      s.paths["/v1/organizations/audit/logs/{log_id}"] = item;
    });
    expect(summary(diffSpecs(vendored, renamed))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id}: path template renamed to /v1/organizations/audit/logs/{log_id}",
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} path parameter audit_id: parameter removed",
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} path parameter log_id: parameter added (required)",
    ]);
  });
});

describe("what a reviewer reads about parameters, bodies and OpenAPI 3.0 schemas", () => {
  const query = (required: boolean) => ({
    name: "include",
    in: "query",
    required,
    schema: { type: "string" },
  });

  test("a parameter removed breaks callers; made required breaks them, made optional doesn't", () => {
    const optional = variant((s) => auditGet(s).parameters.push(query(false)));
    const required = variant((s) => auditGet(s).parameters.push(query(true)));
    expect(summary(diffSpecs(optional, vendored))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} query parameter include: parameter removed",
    ]);
    expect(summary(diffSpecs(optional, required))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} query parameter include: now required",
    ]);
    expect(summary(diffSpecs(required, optional))).toEqual([
      "ok GET /v1/organizations/audit/logs/{audit_id} query parameter include: now optional",
    ]);
  });

  test("parameters by $ref and on the path item are compared like inline ones", () => {
    const byRef = (required: boolean) =>
      variant((s) => {
        s.components.parameters = { Include: query(required) };
        s.paths["/v1/organizations/audit/logs/{audit_id}"].parameters = [
          { $ref: "#/components/parameters/Include" },
        ];
      });
    expect(summary(diffSpecs(byRef(false), byRef(true)))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} query parameter include: now required",
    ]);
  });

  test("enum values removed from a response field break readers; from a request, senders too", () => {
    const enumOf = (...values: string[]) =>
      variant((s) => (event(s).properties.status.enum = values));
    expect(summary(diffSpecs(enumOf("success", "failure"), enumOf("success")))).toEqual([
      'BREAKING AuditEventResponse.status: enum values removed: "failure"',
    ]);
    const paramEnum = (...values: string[]) =>
      variant((s) => (auditGet(s).parameters[0].schema.enum = values));
    expect(summary(diffSpecs(paramEnum("a"), paramEnum("a", "b")))).toEqual([
      'ok GET /v1/organizations/audit/logs/{audit_id} path parameter audit_id: enum values added: "b"',
    ]);
    expect(summary(diffSpecs(paramEnum("a", "b"), paramEnum("a")))).toEqual([
      'BREAKING GET /v1/organizations/audit/logs/{audit_id} path parameter audit_id: enum values removed: "b"',
    ]);
    expect(summary(diffSpecs(enumOf("success"), vendored))).toEqual([
      "BREAKING AuditEventResponse.status: no longer restricted to a list",
    ]);
  });

  test("the items of an array are compared: a 422's location parts narrowed to strings", () => {
    const after = variant(
      (s) => (s.components.schemas.ValidationError.properties.loc.items = { type: "string" }),
    );
    expect(summary(diffSpecs(vendored, after))).toEqual([
      "BREAKING ValidationError.loc[]: type changed: integer | string → string",
    ]);
  });

  test("a response content type removed breaks readers; one added doesn't", () => {
    const xml = variant(
      (s) =>
        (auditGet(s).responses["404"].content["application/xml"] = {
          schema: { type: "string" },
        }),
    );
    expect(summary(diffSpecs(vendored, xml))).toEqual([
      "ok GET /v1/organizations/audit/logs/{audit_id} → 404 application/xml: content type added",
    ]);
    expect(summary(diffSpecs(xml, vendored))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} → 404 application/xml: content type removed",
    ]);
  });

  test("OpenAPI 3.0 spellings of null — `nullable: true`, `null` in an enum — count as nullable", () => {
    const nullable = variant((s) => (event(s).properties.action.nullable = true));
    expect(summary(diffSpecs(vendored, nullable))).toEqual([
      "BREAKING AuditEventResponse.action: now nullable",
    ]);
    const withNull = variant((s) => (event(s).properties.status.enum = ["success", null]));
    const withoutNull = variant((s) => (event(s).properties.status.enum = ["success"]));
    expect(summary(diffSpecs(withoutNull, withNull))).toEqual([
      "BREAKING AuditEventResponse.status: now nullable",
    ]);
  });

  test("a `const` is a one-value enum", () => {
    const constant = (value: string) =>
      variant((s) => (event(s).properties.status = { type: "string", const: value }));
    expect(summary(diffSpecs(constant("success"), constant("done")))).toEqual([
      'BREAKING AuditEventResponse.status: enum values added: "done"',
      'BREAKING AuditEventResponse.status: enum values removed: "success"',
    ]);
  });

  test("security requirements changed: said, not breaking (the client sends its key anyway)", () => {
    const after = variant((s) => (s.security = [{ bearer: [] }]));
    expect(summary(diffSpecs(vendored, after))).toEqual([
      "ok security: security requirements changed (the client sends `Authorization: Bearer` whatever they say)",
    ]);
  });
});

describe("what else a reviewer reads in the wrapped part", () => {
  test("info.version is said, not breaking; the default server gone or emptied is breaking", () => {
    const bumped = variant((s) => (s.info.version = "0.83"));
    expect(summary(diffSpecs(vendored, bumped))).toEqual(["ok info.version: 0.82 → 0.83"]);
    const noServers = variant((s) => delete s.servers);
    const emptied = variant((s) => (s.servers = []));
    for (const gone of [noServers, emptied]) {
      expect(summary(diffSpecs(vendored, gone))).toEqual([
        "BREAKING servers[0].url: https://api.mixpeek.com → undefined (the client's default base URL)",
      ]);
      expect(summary(diffSpecs(gone, vendored))).toEqual([
        "BREAKING servers[0].url: undefined → https://api.mixpeek.com (the client's default base URL)",
      ]);
    }
  });

  test("the operation absent from both sides: nothing to say", () => {
    const without = variant((s) => delete s.paths["/v1/organizations/audit/logs/{audit_id}"]);
    expect(diffSpecs(without, structuredClone(without))).toEqual([]);
  });

  test("responses by $ref are compared through it; one that resolves nowhere, or round a cycle, has no content", () => {
    const byRef = (type: string) =>
      variant((s) => {
        s.components.responses = {
          NotFound: {
            description: "Not Found",
            content: { "application/json": { schema: { type } } },
          },
        };
        auditGet(s).responses["404"] = { $ref: "#/components/responses/NotFound" };
      });
    expect(summary(diffSpecs(byRef("object"), byRef("string")))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} → 404 body: type changed: object → string",
    ]);
    const unresolved = (ref: string) =>
      variant((s) => {
        s.components.responses = {
          A: { $ref: "#/components/responses/B" },
          B: { $ref: "#/components/responses/A" },
        };
        auditGet(s).responses["404"] = { $ref: ref };
      });
    for (const ref of ["#/components/responses/Gone", "#/components/responses/A"]) {
      expect(summary(diffSpecs(byRef("object"), unresolved(ref)))).toEqual([
        "BREAKING GET /v1/organizations/audit/logs/{audit_id} → 404 application/json: content type removed",
      ]);
    }
  });

  test("an operation with inline schemas only (no components at all) is compared", () => {
    const inline = (type: string) =>
      variant((s) => {
        delete s.components;
        const responses = auditGet(s).responses as Mutable;
        for (const status of Object.keys(responses)) delete responses[status];
        responses["200"] = {
          description: "ok",
          content: {
            "application/json": { schema: { type: "object", properties: { id: { type } } } },
          },
        };
      });
    expect(summary(diffSpecs(inline("string"), inline("integer")))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} → 200 body.id: type changed: string → integer",
    ]);
  });

  test.each(["paths", "webhooks", "components", "$defs", "operations"])(
    "a schema named %s (one of the generated file's own names) is exported with a suffix; a schema taking that suffix renames it",
    (name) => {
      const before = variant((s) => (s.components.schemas[name] = { type: "string" }));
      const after = variant((s) => {
        s.components.schemas[name] = { type: "string" };
        s.components.schemas[`${name}_2`] = { type: "integer" };
      });
      expect(summary(diffSpecs(before, after))).toEqual([
        `ok ${name}_2: schema added`,
        `BREAKING ${name}: exported type renamed: ${name}_2 → ${name}_3`,
        `BREAKING ${name}: exported type ${name}_2 now names schema "${name}_2"`,
      ]);
    },
  );

  test("a parameter that may no longer be null breaks senders; one that now may doesn't", () => {
    const nullable = variant(
      (s) => (auditGet(s).parameters[0].schema = { anyOf: [{ type: "string" }, { type: "null" }] }),
    );
    expect(summary(diffSpecs(nullable, vendored))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} path parameter audit_id: no longer nullable",
    ]);
    expect(summary(diffSpecs(vendored, nullable))).toEqual([
      "ok GET /v1/organizations/audit/logs/{audit_id} path parameter audit_id: now nullable",
    ]);
  });

  test("a schema renamed: compared with its successor, its changes under the new name", () => {
    const renamed = variant((s) => {
      s.components.schemas.ErrorDetail2 = s.components.schemas.ErrorDetail;
      delete s.components.schemas.ErrorDetail2.properties.details;
      delete s.components.schemas.ErrorDetail;
      s.components.schemas.ErrorResponse.properties.error.$ref =
        "#/components/schemas/ErrorDetail2";
    });
    expect(summary(diffSpecs(vendored, renamed))).toContain(
      "BREAKING ErrorDetail2.details: property removed",
    );
  });

  test("array items dropped or added: the item type changes from or to unknown", () => {
    const noItems = variant(
      (s) => delete s.components.schemas.ValidationError.properties.loc.items,
    );
    expect(summary(diffSpecs(vendored, noItems))).toEqual([
      "BREAKING ValidationError.loc[]: type changed: integer | string → unknown",
    ]);
    expect(summary(diffSpecs(noItems, vendored))).toEqual([
      "BREAKING ValidationError.loc[]: type changed: unknown → integer | string",
    ]);
  });

  test("an object the client sends (a deepObject query parameter): required fields are the sender's duty", () => {
    const filter = (required: string[], extra: Record<string, unknown> = {}) =>
      variant((s) =>
        auditGet(s).parameters.push({
          name: "filter",
          in: "query",
          style: "deepObject",
          schema: { type: "object", properties: { actor: { type: "string" }, ...extra }, required },
        }),
      );
    const at = "GET /v1/organizations/audit/logs/{audit_id} query parameter filter";
    expect(summary(diffSpecs(filter([]), filter(["actor"])))).toEqual([
      `BREAKING ${at}.actor: now always present (required)`,
    ]);
    expect(summary(diffSpecs(filter(["actor"]), filter([])))).toEqual([
      `ok ${at}.actor: now optional`,
    ]);
    expect(
      summary(diffSpecs(filter([]), filter(["since"], { since: { type: ["string", "null"] } }))),
    ).toEqual([`BREAKING ${at}.since: property added (required, string | null)`]);
    expect(summary(diffSpecs(filter([]), filter([], { since: { type: "string" } })))).toEqual([
      `ok ${at}.since: property added (optional, string)`,
    ]);
  });

  test("a parameter restricted to a list: breaking for senders, without the validation note of responses", () => {
    const listed = variant((s) => (auditGet(s).parameters[0].schema.enum = ["a", "b"]));
    expect(summary(diffSpecs(vendored, listed))).toEqual([
      'BREAKING GET /v1/organizations/audit/logs/{audit_id} path parameter audit_id: now restricted to "a", "b"',
    ]);
  });

  test("a validation keyword changed says from what; allOf parts' keywords all apply", () => {
    const bounded = (...limits: number[]) =>
      variant(
        (s) =>
          (event(s).properties.action = {
            type: "string",
            allOf: limits.map((maxLength) => ({ maxLength })),
          }),
      );
    expect(summary(diffSpecs(bounded(64), bounded(32)))).toEqual([
      "BREAKING AuditEventResponse.action: maxLength changed from 64: 32 (breaking for users who validate responses, the default: a body that passed may now fail)",
    ]);
    expect(summary(diffSpecs(bounded(10), bounded(10, 20)))).toEqual([
      "BREAKING AuditEventResponse.action: maxLength changed from 10: 10 | 20 (breaking for users who validate responses, the default: a body that passed may now fail)",
    ]);
  });

  test("`const: x` and `enum: [x]` are the same restriction", () => {
    const constant = variant((s) => (event(s).properties.status = { type: "string", const: "ok" }));
    const listed = variant((s) => (event(s).properties.status = { type: "string", enum: ["ok"] }));
    expect(diffSpecs(constant, listed)).toEqual([]);
  });

  test("an untyped field given properties becomes an object", () => {
    const described = variant(
      (s) => (event(s).properties.changes = { properties: { field: { type: "string" } } }),
    );
    expect(summary(diffSpecs(vendored, described))).toEqual([
      "BREAKING AuditEventResponse.changes: type changed: unknown → object",
      "ok AuditEventResponse.changes.field: property added (optional, string)",
    ]);
  });
});

describe("components swapped in a response", () => {
  const body = (s: Mutable) => auditGet(s).responses["200"].content["application/json"].schema;
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

  test("one component replaced by a choice of two, or two by one, is a type change, not compared with either", () => {
    const one = variant((s) => (body(s).anyOf = [ref("AuditEventResponse"), { type: "null" }]));
    const two = variant(
      (s) => (body(s).anyOf = [ref("ErrorResponse"), ref("ErrorDetail"), { type: "null" }]),
    );
    expect(summary(diffSpecs(one, two))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} → 200 body: type changed: AuditEventResponse → ErrorDetail | ErrorResponse",
    ]);
    expect(summary(diffSpecs(two, one))).toEqual([
      "BREAKING GET /v1/organizations/audit/logs/{audit_id} → 200 body: type changed: ErrorDetail | ErrorResponse → AuditEventResponse",
    ]);
  });

  test("a nullable array (anyOf: array | null): its items are compared", () => {
    const list = (type: string) =>
      variant(
        (s) =>
          (event(s).properties.tags = {
            anyOf: [{ type: "array", items: { type } }, { type: "null" }],
          }),
      );
    expect(summary(diffSpecs(list("string"), list("integer")))).toEqual([
      "BREAKING AuditEventResponse.tags[]: type changed: string → integer",
    ]);
  });
});
