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
