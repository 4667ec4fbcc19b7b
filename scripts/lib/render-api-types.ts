import { pathToFileURL } from "node:url";
import path from "node:path";
import openapiTS, { astToString } from "openapi-typescript";
import { firstLine, PipelineError } from "./errors.js";
import type { SpecDocument } from "./spec-document.js";

/**
 * openapi-typescript's output for the spec: `paths`, `components`, `operations` and one alias per
 * schema (`AuditEventResponse`, `HTTPValidationError`, …) with the spec's own casing.
 */
export async function renderApiTypes(
  spec: SpecDocument,
  specFile: string,
  header: string,
): Promise<string> {
  try {
    const nodes = await openapiTS(spec.openapi, {
      rootTypes: true,
      rootTypesNoSchemaPrefix: true,
      rootTypesKeepCasing: true,
      // A field with only a default may be absent on the wire: the types must say so.
      defaultNonNullable: false,
      // Our own lint already reported everything; openapi-typescript's would repeat it.
      silent: true,
      // Relative $refs resolve against the spec's folder, not wherever the script was started.
      cwd: new URL(`${pathToFileURL(path.dirname(specFile)).href}/`),
    });
    return header + "\n" + astToString(nodes);
  } catch (error) {
    throw new PipelineError(
      `${spec.displayName}: openapi-typescript could not generate types: ${firstLine(error)}`,
      { cause: error },
    );
  }
}
