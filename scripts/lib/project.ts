import path from "node:path";

/** The vendored spec, relative to the project root. Never edited by hand. */
export const SPEC_PATH = "openapi/mixpeek.yaml";
/** Where the pipeline writes; every file in it is produced by `npm run generate`. */
export const GENERATED_DIR = "generated";
/** Next to the spec, with its lint baseline (Redocly's ignore file) beside it. */
export const REDOCLY_CONFIG_PATH = "openapi/redocly.yaml";
export const PRETTIER_CONFIG_PATH = ".prettierrc.json";

export const GENERATE_COMMAND = "npm run generate";

/** An operation by method (lower case, as OpenAPI's path item keys) and path template. */
export interface WrappedOperation {
  readonly method: "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";
  readonly path: string;
}

/** The operation behind `getAuditLog`: a spec without it can't produce the client. */
export const AUDIT_OPERATION = {
  method: "get",
  path: "/v1/organizations/audit/logs/{audit_id}",
} as const satisfies WrappedOperation;

/**
 * Every operation this package wraps, declared here and nowhere else: `spec:update` vendors these
 * and what they reach, and judges a new spec by them alone.
 */
export const WRAPPED_OPERATIONS: readonly WrappedOperation[] = [AUDIT_OPERATION];

/** `GET /v1/…`: how reports and messages name an operation. */
export function operationLabel(operation: WrappedOperation): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}

/** Absolute locations of the pipeline's inputs and outputs for one project root. */
export interface ProjectLayout {
  readonly root: string;
  readonly specFile: string;
  readonly generatedDir: string;
  readonly redoclyConfig: string;
  readonly prettierConfig: string;
}

export function projectLayout(root: string): ProjectLayout {
  const abs = path.resolve(root);
  return {
    root: abs,
    specFile: path.join(abs, SPEC_PATH),
    generatedDir: path.join(abs, GENERATED_DIR),
    redoclyConfig: path.join(abs, REDOCLY_CONFIG_PATH),
    prettierConfig: path.join(abs, PRETTIER_CONFIG_PATH),
  };
}

/**
 * A path as users see it in messages and generated headers: relative to the project root, with
 * forward slashes, so output is identical on every machine.
 */
export function displayPath(layout: ProjectLayout, absPath: string): string {
  const rel = path.relative(layout.root, absPath);
  const shown = rel === "" || rel.startsWith("..") || path.isAbsolute(rel) ? absPath : rel;
  return shown.split(path.sep).join("/");
}

/** The files the pipeline writes into `GENERATED_DIR`. */
export const GENERATED_FILES = {
  apiTypes: "api-types.ts",
  specMetadata: "spec-metadata.ts",
  responseValidators: "response-validators.ts",
} as const;
