import { readFileSync } from "node:fs";
import path from "node:path";
import { parseYaml } from "@redocly/openapi-core";
import type { OpenAPI3 } from "openapi-typescript";
import { beforeAll, describe, expect, test } from "vitest";
import { canonicalJson, describeChange, specIdentity } from "../../scripts/lib/spec-identity.js";
import { extractWrappedPart, serializeWrappedPart } from "../../scripts/lib/wrapped-part.js";
import { REPO_ROOT } from "../helpers/project-copy.js";
import { UPSTREAM, upstreamDocument, type RawDocument } from "../helpers/upstream-documents.js";

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   the tests edit raw spec documents, which have no useful static type */

const AUDIT = "/v1/organizations/audit/logs/{audit_id}";
const VENDORED_TEXT = readFileSync(path.join(REPO_ROOT, "openapi/mixpeek.yaml"), "utf8");
const vendored = () => parseYaml(VENDORED_TEXT) as RawDocument;
const extract = (document: RawDocument) => extractWrappedPart(document as OpenAPI3, "source.json");

let newest: RawDocument;
beforeAll(async () => {
  newest = await upstreamDocument(UPSTREAM.newest);
});

describe("extractWrappedPart takes what the package wraps and nothing else", () => {
  test("the docs page is exactly that part: vendored as it is, its YAML layout kept", () => {
    const part = extract(vendored());
    expect(part.isWholeSource).toBe(true);
    expect(part.leftOut).toEqual({ paths: 0, operations: 0, components: 0 });
    expect(part.ignoredHeaders).toEqual([]);
    // js-yaml's layout is the page's: a part re-serialised is the page's block (but its last newline).
    expect(serializeWrappedPart(part)).toBe(VENDORED_TEXT.replace(/\n$/, ""));
  });

  test("Mixpeek's full document: one path, five schemas, root fields in the source's order, the Authorization header dropped", () => {
    const part = extract(newest);
    const document = part.document as unknown as RawDocument;
    expect(Object.keys(document)).toEqual(["openapi", "info", "servers", "paths", "components"]);
    expect(Object.keys(document.paths)).toEqual([AUDIT]);
    expect(Object.keys(document.components)).toEqual(["schemas"]);
    expect(Object.keys(document.components.schemas)).toEqual([
      "AuditEventResponse",
      "ErrorDetail",
      "ErrorResponse",
      "HTTPValidationError",
      "ValidationError",
    ]);
    expect(document.paths[AUDIT].get.parameters).toEqual([newest.paths[AUDIT].get.parameters[0]]);
    expect(part.ignoredHeaders).toEqual([`GET ${AUDIT} header Authorization`]);
    expect(part.leftOut).toEqual({ paths: 317, operations: 392, components: 811 });
    expect(part.isWholeSource).toBe(false);
  });

  test("the same part from every published document: one content hash (ca05d65's dangling refs are elsewhere)", async () => {
    const hashes = new Set<string>();
    for (const commit of [UPSTREAM.oldest, UPSTREAM.danglingRefs]) {
      hashes.add(specIdentity(extract(await upstreamDocument(commit)).document).sha256);
    }
    hashes.add(specIdentity(extract(newest).document).sha256);
    expect(hashes.size).toBe(1);
  });

  test("a dangling $ref inside the part: one line naming the ref, where it is, and the file", () => {
    const broken = structuredClone(newest);
    broken.components.schemas.ErrorDetail.properties.details = { $ref: "#/$defs/Details" };
    expect(() => extract(broken)).toThrow(
      'source.json: #/components/schemas/ErrorDetail/properties/details: $ref "#/$defs/Details" resolves to nothing',
    );
    const elsewhere = structuredClone(newest);
    elsewhere.components.schemas.ErrorDetail.properties.details = {
      $ref: "#/paths/~1v1~1private~1organizations/post",
    };
    expect(() => extract(elsewhere)).toThrow(
      'source.json: #/components/schemas/ErrorDetail/properties/details: $ref "#/paths/~1v1~1private~1organizations/post" points outside what this package vendors (only components can be referenced)',
    );
    const external = structuredClone(newest);
    external.paths[AUDIT].get.responses["200"] = { $ref: "responses.yaml#/Ok" };
    expect(() => extract(external)).toThrow(
      `source.json: #/paths/${AUDIT.replaceAll("/", "~1")}/get/responses/200: $ref "responses.yaml#/Ok" points into another document; only a single-document spec can be vendored`,
    );
  });

  test("what the operation reaches through path-item parameters, $ref'd parameters and security is kept; ignored headers by $ref too", () => {
    const document = vendored();
    document.components.parameters = {
      Org: { name: "X-Org", in: "header", schema: { $ref: "#/components/schemas/OrgId" } },
      Auth: { name: "authorization", in: "header", schema: { type: "string" } },
      Unused: { name: "u", in: "query", schema: { type: "string" } },
    };
    document.components.schemas.OrgId = { type: "string", pattern: "^org_" };
    document.components.schemas.Unused = { type: "string" };
    document.components.securitySchemes = {
      bearer: { type: "http", scheme: "bearer" },
      other: { type: "apiKey", in: "header", name: "k" },
    };
    document.paths[AUDIT].parameters = [
      { $ref: "#/components/parameters/Org" },
      { $ref: "#/components/parameters/Auth" },
    ];
    document.paths[AUDIT].get.security = [{ bearer: [] }];
    document.paths[AUDIT].delete = { responses: {} };
    document.paths["/v1/other"] = { get: { responses: {} } };
    document.tags = [{ name: "Organization Audit" }];
    const part = extract(document);
    const kept = part.document as unknown as RawDocument;
    expect(Object.keys(kept)).toEqual([
      "openapi",
      "info",
      "servers",
      "security",
      "paths",
      "components",
    ]);
    expect(kept.paths[AUDIT].parameters).toEqual([{ $ref: "#/components/parameters/Org" }]);
    expect(Object.keys(kept.paths[AUDIT])).toEqual(["get", "parameters"]);
    expect(kept.components.parameters).toEqual({ Org: document.components.parameters.Org });
    expect(kept.components.schemas.OrgId).toBeDefined();
    expect(kept.components.schemas.Unused).toBeUndefined();
    expect(kept.components.securitySchemes).toEqual({ bearer: { type: "http", scheme: "bearer" } });
    expect(part.ignoredHeaders).toEqual([`${AUDIT} header authorization`]);
    expect(part.leftOut).toEqual({ paths: 1, operations: 2, components: 4 });
  });

  test("data is not followed: a `$ref` key inside an example, a default or an enum is a value", () => {
    const document = vendored();
    document.components.schemas.ErrorDetail.example = { $ref: "#/nowhere" };
    document.components.schemas.ErrorDetail.default = { $ref: "#/nowhere" };
    document.components.schemas.ErrorDetail.properties.type.enum = [{ $ref: "#/nowhere" }];
    document.components.schemas.ErrorDetail.examples = [{ $ref: "#/nowhere" }];
    expect(extract(document).isWholeSource).toBe(true);
  });

  test("the operation missing, or under a renamed path parameter, is told apart", () => {
    const renamed = vendored();
    renamed.paths["/v1/organizations/audit/logs/{log_id}"] = renamed.paths[AUDIT];
    delete renamed.paths[AUDIT];
    const part = extract(renamed);
    expect(part.missing).toEqual([]);
    expect(part.renamed).toEqual([
      { operation: { method: "get", path: AUDIT }, path: "/v1/organizations/audit/logs/{log_id}" },
    ]);
    expect(Object.keys((part.document as unknown as RawDocument).paths)).toEqual([
      "/v1/organizations/audit/logs/{log_id}",
    ]);
    const gone = vendored();
    gone.paths = { "/v1/other": gone.paths[AUDIT] };
    expect(extract(gone).missing).toEqual([{ method: "get", path: AUDIT }]);
  });
});

describe("the part's identity", () => {
  test("its content hash ignores key order and layout, not content", () => {
    const reordered = JSON.parse(canonicalJson(vendored())) as RawDocument;
    expect(specIdentity(reordered as OpenAPI3).sha256).toBe(
      specIdentity(vendored() as OpenAPI3).sha256,
    );
    const described = vendored();
    described.info.description = "other words";
    expect(specIdentity(described as OpenAPI3).sha256).not.toBe(
      specIdentity(vendored() as OpenAPI3).sha256,
    );
  });

  test("titles show version, short hash and the source's date", () => {
    const before = specIdentity(vendored() as OpenAPI3);
    const after = specIdentity(extract(newest).document, new Date("Mon, 16 Feb 2026 10:00:00 GMT"));
    expect(describeChange(before, after)).toBe(
      `Mixpeek API 0.82 (${before.sha256.slice(0, 8)}) → 0.81 (${after.sha256.slice(0, 8)}, 2026-02-16)`,
    );
    expect(specIdentity(vendored() as OpenAPI3, new Date("not a date")).published).toBeUndefined();
  });
});
