export { createMixpeekClient } from "./client.js";
export type { GetAuditLogOptions, MixpeekClient } from "./client.js";
export type { MixpeekClientOptions } from "./options.js";
export { DEFAULTS } from "./options.js";
export {
  MixpeekAbortError,
  MixpeekApiError,
  MixpeekArgumentError,
  MixpeekAuthenticationError,
  MixpeekBadRequestError,
  MixpeekConnectionError,
  MixpeekError,
  MixpeekNotFoundError,
  MixpeekPermissionDeniedError,
  MixpeekRateLimitError,
  MixpeekResponseError,
  MixpeekResponseValidationError,
  MixpeekServerError,
  MixpeekTimeoutError,
  MixpeekUnprocessableEntityError,
} from "./errors.js";
export type { FetchLike } from "./transport.js";
export type { SchemaIssue } from "../generated/response-validators.js";
export { PACKAGE_VERSION } from "./version.js";
export { SPEC_VERSION } from "../generated/spec-metadata.js";
// The spec's types, re-exported by name: what users annotate their own code with.
export type {
  AuditEventResponse,
  ErrorDetail,
  ErrorResponse,
  HTTPValidationError,
  ValidationError,
  paths,
  operations,
  components,
} from "../generated/api-types.js";
