export { createMixpeekClient } from "./client.js";
export type {
  AuditLogWithResponse,
  GetAuditLog,
  GetAuditLogOptions,
  MixpeekClient,
} from "./client.js";
export type { MixpeekClientOptions, RequestOptions } from "./options.js";
export {
  isMixpeekAbortError,
  isMixpeekApiError,
  isMixpeekArgumentError,
  isMixpeekConnectionError,
  isMixpeekError,
  isMixpeekResponseError,
  isMixpeekResponseValidationError,
  isMixpeekTimeoutError,
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
export type { ResponseIssue } from "./errors.js";
export type { AttemptEvent, FetchLike } from "./transport.js";
export type { RetryPlan } from "./retry.js";
// The middleware `use()` takes: openapi-fetch's own.
export type { Middleware } from "openapi-fetch";
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
