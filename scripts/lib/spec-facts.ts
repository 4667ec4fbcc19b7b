import type { OperationObject, PathItemObject, ServerObject } from "openapi-typescript";
import { PipelineError } from "./pipeline-error.js";
import { AUDIT_OPERATION } from "./project.js";
import { locate, type SpecDocument } from "./spec-document.js";

/** What the generated metadata module (and so the client) takes from the spec. */
export interface SpecFacts {
  readonly title: string;
  readonly version: string;
  /** `servers[0].url` with its variables set to their defaults. */
  readonly defaultServerUrl: string;
  readonly sha256: string;
  readonly auditLog: {
    readonly operationId: string;
    readonly method: string;
    readonly path: string;
  };
}

export function readSpecFacts(spec: SpecDocument): SpecFacts {
  const { info, servers } = spec.openapi;
  if (typeof info?.title !== "string" || typeof info.version !== "string") {
    throw new PipelineError(
      `${spec.displayName}: \`info.title\` and \`info.version\` must be strings`,
    );
  }
  return {
    title: info.title,
    version: info.version,
    defaultServerUrl: defaultServerUrl(spec, servers?.[0]),
    sha256: spec.sha256,
    auditLog: {
      operationId: auditOperationId(spec),
      method: AUDIT_OPERATION.method.toUpperCase(),
      path: AUDIT_OPERATION.path,
    },
  };
}

function defaultServerUrl(spec: SpecDocument, server: ServerObject | undefined): string {
  if (typeof server?.url !== "string") {
    throw new PipelineError(
      `${spec.displayName}: no \`servers[0].url\`; the client takes its default base URL from it`,
    );
  }
  // Server variables are required to have a default (OpenAPI 3.x, Server Variable Object).
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const value = server.variables?.[name]?.default;
    return typeof value === "string" ? value : whole;
  });
  if (!/^https?:\/\/[^/{}]+/.test(url)) {
    throw new PipelineError(
      `${locate(spec, "#/servers/0/url")}: servers[0].url ${JSON.stringify(server.url)} is not an absolute http(s) URL`,
    );
  }
  // The client sends the key to this URL by default: never in clear.
  if (!url.startsWith("https://")) {
    throw new PipelineError(
      `${locate(spec, "#/servers/0/url")}: servers[0].url ${JSON.stringify(server.url)} is not https; the client's default base URL must be`,
    );
  }
  return url;
}

/** The operation this package wraps, if the spec still has it. */
export function findAuditOperation(spec: SpecDocument): OperationObject | undefined {
  const pathItem = spec.openapi.paths?.[AUDIT_OPERATION.path] as PathItemObject | undefined;
  return pathItem?.[AUDIT_OPERATION.method] ?? undefined;
}

function auditOperationId(spec: SpecDocument): string {
  const operation = findAuditOperation(spec);
  const name = `${AUDIT_OPERATION.method.toUpperCase()} ${AUDIT_OPERATION.path}`;
  if (operation === undefined) {
    throw new PipelineError(
      `${spec.displayName}: the spec has no ${name} operation, which this package wraps`,
    );
  }
  if (typeof operation.operationId !== "string" || operation.operationId === "") {
    const pointer = `#/paths/${AUDIT_OPERATION.path.replaceAll("~", "~0").replaceAll("/", "~1")}/${AUDIT_OPERATION.method}`;
    throw new PipelineError(`${locate(spec, pointer, true)}: ${name} has no operationId`);
  }
  return operation.operationId;
}
