import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { AuditEventResponse, paths } from "../generated/api-types.js";
import { validateAuditLogResponse } from "../generated/response-validators.js";
import { AUDIT_LOG_OPERATION_ID } from "../generated/spec-metadata.js";
import {
  apiErrorFor,
  MixpeekArgumentError,
  MixpeekResponseError,
  MixpeekResponseValidationError,
  oneLine,
  requestIdOf,
  type RequestContext,
} from "./errors.js";
import {
  resolveOptions,
  withOverrides,
  type MixpeekClientOptions,
  type RequestOptions,
} from "./options.js";
import { describeType, serializePath } from "./path-params.js";
import { sendWithRetries } from "./transport.js";

const AUDIT_LOG_PATH = "/v1/organizations/audit/logs/{audit_id}";
/** This API answers JSON only (RFC 6839 `+json` types included). */
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Per call: the client's `timeoutMs`, `totalTimeoutMs`, `maxRetries`, `validateResponses`. */
export interface GetAuditLogOptions extends RequestOptions {
  /** Cancels the call, including any wait between retries. */
  signal?: AbortSignal | undefined;
}

/** An audit entry with the response it came in, for records that need the request id or date. */
export interface AuditLogWithResponse {
  /** The event exactly as the API sent it, or `null`. */
  readonly data: AuditEventResponse | null;
  /** The last attempt's response (status, `headers.get("date")`, …); its body is already read. */
  readonly response: Response;
  /** The `x-request-id` (or `request-id`) response header, to quote to Mixpeek support. */
  readonly requestId: string | undefined;
}

export interface GetAuditLog {
  /**
   * One audit entry by id. Resolves with the event, or `null` when the API answers 200 with a
   * `null` body; rejects with a `MixpeekError` subclass (`MixpeekNotFoundError` for 404, …).
   */
  (auditId: string, options?: GetAuditLogOptions): Promise<AuditEventResponse | null>;
  /** The same call, resolving with `{ data, response, requestId }`. */
  withResponse: (auditId: string, options?: GetAuditLogOptions) => Promise<AuditLogWithResponse>;
}

export interface MixpeekClient {
  readonly getAuditLog: GetAuditLog;
  /**
   * The typed openapi-fetch client underneath, for callers who prefer `{ data, error, response }`:
   * the one `getAuditLog` calls, with the same base URL, auth, User-Agent, retries, timeouts,
   * size limit and middleware; no body validation.
   */
  readonly raw: Client<paths>;
  /**
   * Adds openapi-fetch middleware (`onRequest`, `onResponse`, `onError`) to `getAuditLog` and
   * `raw` alike. It runs once per call, around every attempt and wait; `onAttempt` (an option)
   * sees each attempt. What `onResponse` returns is what `getAuditLog` validates and returns.
   */
  readonly use: (...middleware: Middleware[]) => void;
  /** Removes middleware added with `use`. */
  readonly eject: (...middleware: Middleware[]) => void;
}

export function createMixpeekClient(options: MixpeekClientOptions = {}): MixpeekClient {
  const { baseUrl, headers, call } = resolveOptions(options);
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
  const raw = createClient<paths>({
    baseUrl,
    headers,
    pathSerializer: serializePath,
    // The only way out of the client: every call of getAuditLog and raw comes through here.
    fetch: (request: Request) => sendWithRetries(request, call, request.signal),
  });

  async function withResponse(
    auditId: string,
    { signal, ...overrides }: GetAuditLogOptions = {},
  ): Promise<AuditLogWithResponse> {
    if (typeof auditId !== "string") {
      throw new MixpeekArgumentError("audit_id", `must be a string, got ${describeType(auditId)}`);
    }
    const settings = withOverrides(call, overrides);
    const context: RequestContext = {
      method: "GET",
      path: basePath + serializePath(AUDIT_LOG_PATH, { audit_id: auditId }),
    };
    const { data, error, response } = await raw.GET(AUDIT_LOG_PATH, {
      params: { path: { audit_id: auditId } },
      parseAs: "text",
      // The caller's signal goes to the retry loop, not into the Request openapi-fetch makes: a
      // Request made with a signal adds a listener to it until the Request is collected, and one
      // signal may be shared by any number of calls.
      fetch: (request: Request) => sendWithRetries(request, settings, signal),
    });
    if (!response.ok) throw apiErrorFor(context, response, error, settings.redact);
    const event = parseSuccess(context, response, data ?? "", settings.redact);
    if (settings.validateResponses && !validateAuditLogResponse(event)) {
      throw new MixpeekResponseValidationError(
        context,
        response,
        AUDIT_LOG_OPERATION_ID,
        // Stryker disable next-line ArrayDeclaration: a validator that fails always sets errors
        validateAuditLogResponse.errors ?? [],
        settings.redact,
      );
    }
    return {
      data: event as AuditEventResponse | null,
      response,
      requestId: requestIdOf(response.headers),
    };
  }

  const getAuditLog: GetAuditLog = Object.assign(
    async (auditId: string, callOptions?: GetAuditLogOptions) =>
      (await withResponse(auditId, callOptions)).data,
    { withResponse },
  );

  return {
    getAuditLog,
    raw,
    use: (...middleware) => raw.use(...middleware),
    eject: (...middleware) => raw.eject(...middleware),
  };
}

/** A success must be JSON; `null` is a documented answer, no body at all is not. */
function parseSuccess(
  context: RequestContext,
  response: Response,
  text: string,
  redact: (text: string) => string,
): unknown {
  const fail = (problem: string) => new MixpeekResponseError(context, response, problem, redact);
  if (text === "") throw fail("body is empty");
  const contentType = response.headers.get("content-type") ?? "";
  if (!JSON_CONTENT_TYPE.test(contentType)) {
    throw fail(
      `is ${oneLine(redact(contentType)) || "untyped"}, not JSON (a proxy or gateway page?)`,
    );
  }
  try {
    return JSON.parse(text);
  } catch {
    // Not V8's message, nor the SyntaxError as `cause`: they quote the body's first characters,
    // where an echoed key's prefix (too short to match the key for redaction) may sit.
    throw fail(`body is not valid JSON (${text.length} characters)`);
  }
}
