import { pathToFileURL } from "node:url";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import ts from "typescript";
import { firstLine, PipelineError } from "./pipeline-error.js";
import { schemaTypeNames } from "./schema-type-names.js";
import { locate, type SpecDocument } from "./spec-document.js";

export interface ApiTypes {
  readonly source: string;
  /** Schemas whose type name was taken and got a numbered suffix (see schema-type-names.ts). */
  readonly warnings: readonly string[];
}

/**
 * openapi-typescript's output for the spec: `paths`, `components`, `operations`, and one exported
 * alias per schema (`AuditEventResponse`, `HTTPValidationError`, `ResourceTypeInput`, …).
 */
export async function renderApiTypes(
  spec: SpecDocument,
  specFile: string,
  header: string,
): Promise<ApiTypes> {
  // Read before openapi-typescript runs: it may rewrite the parsed document while it bundles.
  const schemas = Object.keys(spec.openapi.components?.schemas ?? {});
  let nodes: ts.Node[];
  try {
    nodes = await openapiTS(spec.openapi, {
      // No `rootTypes`: it writes each schema's name as is (`export type ResourceType-Input`,
      // not TypeScript, for FastAPI's names); the aliases are made below instead.
      // A field with only a default may be absent on the wire: the types must say so.
      defaultNonNullable: false,
      // Our own lint already reported everything; openapi-typescript's would repeat it.
      silent: true,
      // Relative $refs resolve against the spec's folder, not wherever the script was started.
      cwd: new URL(`${pathToFileURL(path.dirname(specFile)).href}/`),
    });
  } catch (error) {
    throw new PipelineError(
      `${spec.displayName}: openapi-typescript could not generate types: ${firstLine(error)}`,
      { cause: error },
    );
  }
  const { aliases, warnings } = schemaAliases(schemas, nodes, spec);
  // Right after `components`, where openapi-typescript's `rootTypes` puts them.
  const at = nodes.findIndex((node) => declaredName(node) === "components") + 1;
  nodes.splice(at > 0 ? at : nodes.length, 0, ...aliases);
  return { source: header + "\n" + astToString(nodes), warnings };
}

/** `export type <name> = components["schemas"]["<schema>"]` for every schema, in spec order. */
function schemaAliases(schemas: readonly string[], nodes: readonly ts.Node[], spec: SpecDocument) {
  const taken = new Set(nodes.map(declaredName).filter((name) => name !== undefined));
  const { names, collisions } = schemaTypeNames(schemas, taken);
  const f = ts.factory;
  const key = (text: string) => f.createLiteralTypeNode(f.createStringLiteral(text));
  const aliases = schemas.map((schema) =>
    f.createTypeAliasDeclaration(
      [f.createModifier(ts.SyntaxKind.ExportKeyword)],
      names.get(schema)!,
      undefined,
      f.createIndexedAccessTypeNode(
        f.createIndexedAccessTypeNode(f.createTypeReferenceNode("components"), key("schemas")),
        key(schema),
      ),
    ),
  );
  const warnings = collisions.map(({ schema, message }) => {
    const pointer = `#/components/schemas/${schema.replaceAll("~", "~0").replaceAll("/", "~1")}`;
    return `${locate(spec, pointer, true)}: warning type-name: ${message}`;
  });
  return { aliases, warnings };
}

function declaredName(node: ts.Node): string | undefined {
  return ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)
    ? node.name.text
    : undefined;
}
