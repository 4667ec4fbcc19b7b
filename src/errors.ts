import type {
  ErrorResponse,
  HTTPValidationError,
  ValidationError,
} from "../generated/api-types.js";
import {
  validateErrorResponse,
  validateHttpValidationError,
  type ResponseValidator,
  type SchemaIssue,
} from "../generated/response-validators.js";

/** C0 and C1 control characters (ESC starts terminal escape sequences). Internal. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/g;

/** Which request failed: every error after a request was attempted names it in its message. */
export interface RequestContext {
  readonly method: string;
  /** Path as sent, with the parameters percent-encoded, without the query. */
  readonly path: string;
}

/**
 * Base of every error this package throws: `catch (e) { if (e instanceof MixpeekError) … }`, or
 * `isMixpeekError(e)`, which also recognises errors from another copy of the package.
 */
export class MixpeekError extends Error {
  /** The failed request's method, e.g. `GET`; undefined when nothing was sent (a bad option). */
  readonly method: string | undefined;
  /** The failed request's path as sent (parameters percent-encoded); undefined likewise. */
  readonly path: string | undefined;

  constructor(problem: string, request?: RequestContext, options?: ErrorOptions) {
    super(request ? `${request.method} ${request.path}: ${problem}` : problem, options);
    this.method = request?.method;
    this.path = request?.path;
  }
}

/** An option or argument is invalid. Thrown before any request is sent. */
export class MixpeekArgumentError extends MixpeekError {
  constructor(
    /** The option, environment variable or parameter at fault, e.g. `apiKey` or `audit_id`. */
    readonly argument: string,
    problem: string,
  ) {
    super(`${argument} ${problem}`);
  }
}

/** The request could not be completed: DNS, refused or reset connection, TLS (after retries). */
export class MixpeekConnectionError extends MixpeekError {
  constructor(request: RequestContext, problem: string, options?: ErrorOptions) {
    super(problem, request, options);
  }
}

/** No complete response within `timeoutMs` (per attempt, after retries) or `totalTimeoutMs`. */
export class MixpeekTimeoutError extends MixpeekConnectionError {}

/**
 * The caller's `AbortSignal` fired; nothing is retried after that. `cause` is its reason. Not a
 * connection error: code that retries those must not retry what its user cancelled.
 */
export class MixpeekAbortError extends MixpeekError {
  constructor(request: RequestContext, reason: unknown) {
    super("aborted by the caller", request, { cause: reason });
  }
}

/**
 * The server answered with something the spec does not allow: invalid JSON, a non-JSON success
 * (an HTML page from a proxy), an empty body where JSON is due, or a body over the size limit.
 */
export class MixpeekResponseError extends MixpeekError {
  /** The response's status. */
  readonly status: number;
  /** The `x-request-id` (or `request-id`) response header, to quote to Mixpeek support. */
  readonly requestId: string | undefined;
  /** The response's headers, with the key redacted from every value. */
  readonly headers: Headers;

  constructor(
    request: RequestContext,
    response: ResponseHead,
    problem: string,
    redact?: (text: string) => string,
    options?: ErrorOptions,
  ) {
    super(`${response.status} response ${problem}`, request, options);
    this.status = response.status;
    this.requestId = requestIdOf(response.headers);
    this.headers = redactHeaders(response.headers, redact);
  }
}

/** One problem in a response body: which field (a JSON pointer, `""` for the body) and what. */
export interface ResponseIssue {
  readonly pointer: string;
  readonly message: string;
}

/**
 * A success body that parses but breaks the spec: a required field missing, a string where a
 * number was promised. Thrown when `validateResponses` is on (the default). `issues` names each
 * failing field by JSON pointer; the body itself is not kept (it can be large, or sensitive).
 */
export class MixpeekResponseValidationError extends MixpeekResponseError {
  /** Every problem (up to 20): `/audit_id`, `/actor_id`, … (`""` for the body itself). */
  readonly issues: readonly ResponseIssue[];

  constructor(
    request: RequestContext,
    response: ResponseHead,
    readonly operationId: string,
    errors: readonly SchemaIssue[],
    redact?: (text: string) => string,
  ) {
    const issues = summarizeIssues(errors);
    const shown = issues
      .slice(0, MESSAGE_ISSUES)
      .map((i) => `${i.pointer || "(body)"} ${i.message}`);
    const more = issues.length > MESSAGE_ISSUES ? ` (+${issues.length - MESSAGE_ISSUES} more)` : "";
    super(
      request,
      response,
      `does not match the spec of ${operationId}: ${shown.join("; ")}${more}`,
      redact,
    );
    this.issues = issues.slice(0, MAX_ISSUES);
  }
}

const MESSAGE_ISSUES = 3;
const MAX_ISSUES = 20;

/**
 * One line per field. Ajv reports a failed `anyOf` as each branch's failure plus the anyOf itself:
 * an issue with others under its schema at its field is named by theirs ("must be string or must
 * be null"). Ajv reports a missing field at its parent object: it is named here.
 */
function summarizeIssues(errors: readonly SchemaIssue[]): ResponseIssue[] {
  const message = (e: SchemaIssue) => e.message ?? e.keyword;
  const branchesOf = (anyOf: SchemaIssue) =>
    errors.filter(
      (e) =>
        e.instancePath === anyOf.instancePath && e.schemaPath.startsWith(`${anyOf.schemaPath}/`),
    );
  const branches = new Set(errors.flatMap(branchesOf));
  return errors
    .filter((e) => !branches.has(e))
    .map((e) => {
      if (e.keyword === "required") {
        // RFC 6901: "~" and "/" in a name are escaped.
        const field = String(e.params.missingProperty).replace(/~/g, "~0").replace(/\//g, "~1");
        return { pointer: `${e.instancePath}/${field}`, message: "is required" };
      }
      const named = [...new Set(branchesOf(e).map(message))].join(" or ");
      return { pointer: e.instancePath, message: named || message(e) };
    });
}

/** The API answered with an error status. Subclasses narrow by status; check with instanceof. */
export class MixpeekApiError<
  Body extends ErrorResponse | HTTPValidationError = ErrorResponse | HTTPValidationError,
> extends MixpeekError {
  /** The parsed body when it has the spec's shape; undefined for anything else (an HTML page). */
  readonly body: Body | undefined;
  /** `error.type` of an `ErrorResponse`, e.g. `NotFoundError`. */
  readonly type: string | undefined;
  /** `error.code` of an `ErrorResponse`: a fine-grained code, when the API sets one. */
  readonly code: string | null | undefined;
  /** The server's own message (`error.message`, or the first validation error). */
  readonly serverMessage: string | undefined;
  /** `error.details` of an `ErrorResponse`. */
  readonly details: { [key: string]: unknown } | null | undefined;
  /** The response's status. */
  readonly status: number;
  /** The `x-request-id` (or `request-id`) response header, to quote to Mixpeek support. */
  readonly requestId: string | undefined;
  /** The response's headers (`retry-after`, `date`, …), with the key redacted from every value. */
  readonly headers: Headers;
  /** Which envelope the spec documents for this class's statuses. */
  protected static bodyValidator: ResponseValidator<ErrorResponse | HTTPValidationError> =
    validateErrorResponse;

  constructor(
    request: RequestContext,
    response: ResponseHead,
    rawBody: unknown,
    redact?: (text: string) => string,
  ) {
    // A server that echoes the key ("key sk_… is revoked") must not get it into logs.
    const body = redact ? redactStrings(rawBody, redact) : rawBody;
    // The spec's own validator (per class: 422 has its envelope) decides if the body is typed.
    const typed = new.target.bodyValidator(body) ? body : undefined;
    const error = typed && "error" in typed ? typed.error : undefined;
    // Stryker disable next-line OptionalChaining: the validator passed it, so detail is an array
    const firstIssue = typed && "detail" in typed ? typed.detail?.[0] : undefined;
    const serverMessage = error?.message ?? (firstIssue && describeIssue(firstIssue));
    const said = serverMessage === undefined ? "" : `: ${oneLine(serverMessage)}`;
    super(`${response.status}${said}`, request);
    this.status = response.status;
    this.body = typed as Body | undefined;
    this.type = error?.type;
    this.code = error?.code;
    this.details = error?.details;
    this.serverMessage = serverMessage;
    this.requestId = requestIdOf(response.headers);
    this.headers = redactHeaders(response.headers, redact);
  }
}

/** 400 */
export class MixpeekBadRequestError extends MixpeekApiError<ErrorResponse> {}
/** 401: the key is missing, wrong or revoked. */
export class MixpeekAuthenticationError extends MixpeekApiError<ErrorResponse> {}
/** 403: the key lacks the permission (Get Audit Log needs ADMIN). */
export class MixpeekPermissionDeniedError extends MixpeekApiError<ErrorResponse> {}
/** 404: no audit entry with that id. */
export class MixpeekNotFoundError extends MixpeekApiError<ErrorResponse> {}
/** 422: the API rejected the request's parameters; `body.detail` lists why. */
export class MixpeekUnprocessableEntityError extends MixpeekApiError<HTTPValidationError> {
  protected static override bodyValidator = validateHttpValidationError;
}
/** 429, after retries. `headers.get("retry-after")` says when to come back. */
export class MixpeekRateLimitError extends MixpeekApiError<ErrorResponse> {}
/** 5xx, after retries. */
export class MixpeekServerError extends MixpeekApiError<ErrorResponse> {}

type ApiErrorClass = new (
  ...args: ConstructorParameters<typeof MixpeekApiError>
) => MixpeekApiError;

/** What an error keeps of the response it was made from (a `Response` is one). */
export interface ResponseHead {
  readonly status: number;
  readonly headers: Headers;
}

const STATUS_ERRORS: { readonly [status: number]: ApiErrorClass | undefined } = {
  400: MixpeekBadRequestError,
  401: MixpeekAuthenticationError,
  403: MixpeekPermissionDeniedError,
  404: MixpeekNotFoundError,
  422: MixpeekUnprocessableEntityError,
  429: MixpeekRateLimitError,
};

/** The one place that maps an error status to its class. */
export function apiErrorFor(
  request: RequestContext,
  response: ResponseHead,
  body: unknown,
  redact?: (text: string) => string,
): MixpeekApiError {
  const ErrorClass =
    STATUS_ERRORS[response.status] ??
    (response.status >= 500 ? MixpeekServerError : MixpeekApiError);
  return new ErrorClass(request, response, body, redact);
}

/** The `x-request-id` (or `request-id`) response header, to quote to Mixpeek support. */
export function requestIdOf(headers: Headers): string | undefined {
  return headers.get("x-request-id") ?? headers.get("request-id") ?? undefined;
}

/** A debugging proxy or server may echo the Authorization header back. */
function redactHeaders(headers: Headers, redact: ((text: string) => string) | undefined): Headers {
  return redact ? new Headers([...headers].map(([name, value]) => [name, redact(value)])) : headers;
}

function describeIssue(issue: ValidationError): string {
  return Array.isArray(issue.loc) ? `${issue.loc.join(".")}: ${issue.msg}` : String(issue.msg);
}

function redactStrings(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === "string") return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, redact));
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [redact(k), redactStrings(v, redact)]),
  );
}

/**
 * Server text goes into a one-line message: no line breaks, no control characters (an escape
 * sequence in a message must not drive the terminal it is printed to), bounded length.
 */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").replace(CONTROL_CHARACTERS, "?").trim();
  return flat.length > 300 ? `${flat.slice(0, 299)}…` : flat;
}

/**
 * Each class's `name` lives on its prototype (keyed by its identifier here, which minifiers keep),
 * where the guards below find it by walking the prototype chain: they recognise an error thrown by
 * another copy of this package (two versions in one dependency tree), where `instanceof` fails.
 */
for (const [name, errorClass] of Object.entries({
  MixpeekError,
  MixpeekArgumentError,
  MixpeekConnectionError,
  MixpeekTimeoutError,
  MixpeekAbortError,
  MixpeekResponseError,
  MixpeekResponseValidationError,
  MixpeekApiError,
  MixpeekBadRequestError,
  MixpeekAuthenticationError,
  MixpeekPermissionDeniedError,
  MixpeekNotFoundError,
  MixpeekUnprocessableEntityError,
  MixpeekRateLimitError,
  MixpeekServerError,
})) {
  errorClass.prototype.name = name;
}

function guard<T extends MixpeekError>(kind: string): (error: unknown) => error is T {
  return (error): error is T => {
    // Not the error's own `name` (anyone can set that): the names of its classes.
    let proto = typeof error === "object" ? error : null;
    while (proto) {
      proto = Object.getPrototypeOf(proto) as object | null;
      if (proto && Object.hasOwn(proto, "name") && (proto as Error).name === kind) return true;
    }
    return false;
  };
}

export const isMixpeekError = guard<MixpeekError>("MixpeekError");
export const isMixpeekArgumentError = guard<MixpeekArgumentError>("MixpeekArgumentError");
export const isMixpeekConnectionError = guard<MixpeekConnectionError>("MixpeekConnectionError");
export const isMixpeekTimeoutError = guard<MixpeekTimeoutError>("MixpeekTimeoutError");
export const isMixpeekAbortError = guard<MixpeekAbortError>("MixpeekAbortError");
export const isMixpeekResponseError = guard<MixpeekResponseError>("MixpeekResponseError");
export const isMixpeekResponseValidationError = guard<MixpeekResponseValidationError>(
  "MixpeekResponseValidationError",
);
export const isMixpeekApiError = guard<MixpeekApiError>("MixpeekApiError");
