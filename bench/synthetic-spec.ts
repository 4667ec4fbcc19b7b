import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseYaml } from "@redocly/openapi-core";
import { AUDIT_OPERATION, SPEC_PATH } from "../scripts/lib/project.js";

type Json = Record<string, unknown>;

/**
 * A large spec shaped like Mixpeek's: the vendored one plus `extraPaths` GET operations, each with
 * its own copy of the event schema (so schemas grow with paths, as in the real API document).
 * Lint-clean under the project's Redocly config. Made on demand, never committed.
 */
export async function syntheticSpec(root: string, extraPaths: number): Promise<Json> {
  const base = parseYaml(await readFile(path.join(root, SPEC_PATH), "utf8")) as Json;
  const paths = { ...(base.paths as Json) };
  const components = base.components as { schemas: Json };
  const schemas = { ...components.schemas };
  const auditOperation = (paths[AUDIT_OPERATION.path] as Json).get as Json;
  const eventSchema = schemas.AuditEventResponse as Json;

  for (let i = 0; i < extraPaths; i++) {
    const name = `SyntheticResource${i}`;
    schemas[name] = {
      ...eventSchema,
      title: name,
      description: `Synthetic resource ${i}, shaped like an audit event. `.repeat(8),
    };
    const operation = structuredClone(auditOperation);
    operation.operationId = `get_synthetic_resource_${i}`;
    operation.summary = `Get Synthetic Resource ${i}`;
    operation.tags = [`Synthetic ${i % 20}`];
    const responses = operation.responses as Record<
      string,
      { content: { "application/json": Json } }
    >;
    responses["200"]!.content["application/json"] = {
      schema: { anyOf: [{ $ref: `#/components/schemas/${name}` }, { type: "null" }] },
    };
    paths[`/v1/synthetic/resources-${i}/{audit_id}`] = { get: operation };
  }
  return { ...base, paths, components: { ...components, schemas } };
}

/** What a FastAPI service's full document looks like at Mixpeek's size. */
export const FASTAPI_SHAPE = { paths: 300, schemas: 800 } as const;
/** Fields per model: FastAPI documents are mostly long models with optional, nullable fields. */
const FIELDS_PER_MODEL = 12;

/**
 * A large spec shaped like a FastAPI service's full document: the vendored spec plus `paths`
 * resources, each with pydantic's `Name-Input` / `Name-Output` model pair (a model that differs
 * between request and response) and a string enum, until there are `schemas` schemas. Every
 * resource has GET and PUT on `/v1/<resource>/{resource_id}`; every schema is used. Lint-clean
 * under the project's Redocly config. Made on demand, never committed.
 */
export async function fastApiSpec(
  root: string,
  shape: { paths: number; schemas: number } = FASTAPI_SHAPE,
): Promise<Json> {
  const base = parseYaml(await readFile(path.join(root, SPEC_PATH), "utf8")) as Json;
  const paths = { ...(base.paths as Json) };
  const components = base.components as { schemas: Json };
  const schemas = { ...components.schemas };
  const auditOperation = (paths[AUDIT_OPERATION.path] as Json).get as Json;
  // Two models per resource; the schemas left over are enums, spread over the resources.
  const enumCount = shape.schemas - Object.keys(schemas).length - 2 * shape.paths;
  const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

  for (let i = 0; i < shape.paths; i++) {
    const resource = `Resource${i}`;
    const [output, input] = [`${resource}-Output`, `${resource}-Input`];
    const kinds = Math.floor(enumCount / shape.paths) + (i < enumCount % shape.paths ? 1 : 0);
    const enums = Array.from({ length: kinds }, (_, k) => `${resource}Kind${k}`);
    for (const name of enums) {
      schemas[name] = { type: "string", enum: ["alpha", "beta", "gamma"], title: name };
    }
    schemas[output] = model(resource, enums.map(ref), true);
    schemas[input] = model(resource, enums.map(ref), false);

    const get = structuredClone(auditOperation);
    get.operationId = `get_resource_${i}_v1_resources_${i}__resource_id__get`;
    get.summary = `Get Resource ${i}`;
    get.tags = [`Resources ${i % 25}`];
    get.parameters = [
      { name: "resource_id", in: "path", required: true, schema: { type: "string" } },
    ];
    const responses = get.responses as Record<string, { content: { "application/json": Json } }>;
    responses["200"]!.content["application/json"] = {
      schema: { anyOf: [ref(output), { type: "null" }], title: `Response Get Resource ${i}` },
    };
    const put = structuredClone(get);
    put.operationId = `update_resource_${i}_v1_resources_${i}__resource_id__put`;
    put.summary = `Update Resource ${i}`;
    put.requestBody = { required: true, content: { "application/json": { schema: ref(input) } } };
    paths[`/v1/resources-${i}/{resource_id}`] = { get, put };
  }
  return { ...base, paths, components: { ...components, schemas } };
}

/** A pydantic model as FastAPI writes it: titled fields, mostly `anyOf: [X, null]`, described. */
function model(resource: string, enumRefs: readonly Json[], isOutput: boolean): Json {
  const properties: Json = {};
  for (let f = 0; f < FIELDS_PER_MODEL; f++) {
    const field = `field_${f}`;
    const described = {
      title: `Field ${f}`,
      description: `Field ${f} of ${resource}: what it holds, and when the API sets it.`,
    };
    const enumRef = enumRefs[f % Math.max(1, enumRefs.length)];
    properties[field] =
      f === 0
        ? { type: "string", ...described }
        : f % 5 === 1 && enumRef
          ? { ...enumRef, ...described }
          : { anyOf: [{ type: f % 2 ? "string" : "integer" }, { type: "null" }], ...described };
  }
  return {
    properties,
    type: "object",
    required: isOutput ? ["field_0", "field_1"] : ["field_0"],
    title: resource,
    description: `${resource} as the API ${isOutput ? "returns" : "accepts"} it. `.repeat(3),
  };
}
