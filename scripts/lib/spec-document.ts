import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import {
  getLineColLocation,
  makeDocumentFromString,
  YamlParseError,
  type Document,
} from "@redocly/openapi-core";
import type { OpenAPI3 } from "openapi-typescript";
import { firstLine, PipelineError } from "./pipeline-error.js";

/** A spec that parsed and declares OpenAPI 3.0 or 3.1; not yet linted. */
export interface SpecDocument {
  /** How messages and generated headers name the file, e.g. `openapi/mixpeek.yaml`. */
  readonly displayName: string;
  readonly bytes: Uint8Array;
  /** SHA-256 of `bytes`, hex: any change to the vendored file changes the generated headers. */
  readonly sha256: string;
  /** Redocly's view, which keeps source positions for lint and error locations. */
  readonly document: Document<OpenAPI3>;
  readonly openapi: OpenAPI3;
}

const SUPPORTED_OPENAPI = /^3\.[01]\.\d+$/;

export async function readSpecFile(absPath: string, displayName: string): Promise<SpecDocument> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absPath);
  } catch (error) {
    throw new PipelineError(`${displayName}: cannot read the spec: ${describeFsError(error)}`, {
      cause: error,
    });
  }
  return parseSpec(bytes, absPath, displayName);
}

/** Parses spec bytes (YAML or JSON) and checks that they are an OpenAPI 3.0/3.1 document. */
export function parseSpec(
  bytes: Uint8Array,
  absoluteRef: string,
  displayName: string,
): SpecDocument {
  const text = decodeUtf8(bytes, displayName);
  if (text.trim() === "") {
    throw new PipelineError(`${displayName}: the spec is empty`);
  }
  let document: Document<unknown>;
  try {
    document = makeDocumentFromString(text, absoluteRef);
  } catch (error) {
    if (error instanceof YamlParseError) {
      throw new PipelineError(
        `${displayName}:${error.line}:${error.col}: invalid YAML: ${yamlReason(error)}`,
        { cause: error },
      );
    }
    throw new PipelineError(`${displayName}: cannot parse the spec: ${firstLine(error)}`, {
      cause: error,
    });
  }
  const openapi = checkOpenApi3(document, displayName);
  return {
    displayName,
    bytes,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    document: document as Document<OpenAPI3>,
    openapi,
  };
}

/**
 * The OpenAPI document in `bytes`, as a plain value, for a source that is only read (extracted
 * from, never linted): JSON is parsed with `JSON.parse`, a tenth of the time of a YAML parser on a
 * 4 MB document. YAML, and any document that fails a check, go through `parseSpec`, whose
 * messages carry line and column.
 */
export function parseSpecValue(
  bytes: Uint8Array,
  absoluteRef: string,
  displayName: string,
): OpenAPI3 {
  const text = decodeUtf8(bytes, displayName);
  if (/^\s*\{/.test(text)) {
    try {
      const value = JSON.parse(text) as unknown;
      if (isOpenApi3(value)) return value;
    } catch {
      // Not JSON after all: parseSpec reports it.
    }
  }
  return parseSpec(bytes, absoluteRef, displayName).openapi;
}

function isOpenApi3(value: unknown): value is OpenAPI3 {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const fields = value as Record<string, unknown>;
  return (
    !("swagger" in fields) &&
    typeof fields.openapi === "string" &&
    SUPPORTED_OPENAPI.test(fields.openapi)
  );
}

/** `file:line:col` of a JSON pointer inside the spec, for messages that point at a field. */
export function locate(
  spec: { readonly displayName: string; readonly document: Document<unknown> },
  pointer: string,
  reportOnKey = false,
): string {
  const { start } = getLineColLocation({ source: spec.document.source, pointer, reportOnKey });
  return `${spec.displayName}:${start.line}:${start.col}`;
}

function checkOpenApi3(document: Document<unknown>, displayName: string): OpenAPI3 {
  const root = document.parsed;
  if (root === null || typeof root !== "object" || Array.isArray(root)) {
    const found = root === null ? "null" : Array.isArray(root) ? "a list" : `a ${typeof root}`;
    throw new PipelineError(
      `${displayName}: not an OpenAPI document: the top level is ${found}, expected a mapping`,
    );
  }
  const fields = root as Record<string, unknown>;
  const at = (key: string) => locate({ displayName, document }, `#/${key}`, true);
  if ("swagger" in fields) {
    throw new PipelineError(
      `${at("swagger")}: Swagger ${String(fields.swagger)} is not supported; expected OpenAPI 3.0 or 3.1`,
    );
  }
  if (!("openapi" in fields)) {
    throw new PipelineError(
      `${displayName}: not an OpenAPI document: no \`openapi\` version field at the top level`,
    );
  }
  if (typeof fields.openapi !== "string" || !SUPPORTED_OPENAPI.test(fields.openapi)) {
    throw new PipelineError(
      `${at("openapi")}: OpenAPI ${JSON.stringify(fields.openapi)} is not supported; expected 3.0.x or 3.1.x`,
    );
  }
  return root as OpenAPI3;
}

function decodeUtf8(bytes: Uint8Array, displayName: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (error) {
    throw new PipelineError(`${displayName}: the spec is not UTF-8 text`, { cause: error });
  }
}

function yamlReason(error: YamlParseError): string {
  const reason = (error.originalError as { reason?: unknown }).reason;
  return typeof reason === "string" && reason !== "" ? reason : firstLine(error);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES") return "permission denied";
  return firstLine(error);
}
