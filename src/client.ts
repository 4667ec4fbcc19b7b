import createClient, { type Client } from "openapi-fetch";
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
import { serializePath } from "./path-params.js";
import { sendWithRetries } from "./transport.js";

const AUDIT_LOG_PATH = "/v1/organizations/audit/logs/{audit_id}";
/** This API answers JSON only (RFC 6839 `+json` types included). */
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
/** Statuses whose Response must have a null body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

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
   * same base URL, auth, User-Agent, retries, timeouts and size limit; no body validation.
   */
  readonly raw: Client<paths>;
}

export function createMixpeekClient(options: MixpeekClientOptions = {}): MixpeekClient {
  const { apiKey, baseUrl, headers, call } = resolveOptions(options);
  const redact = (text: string) => text.split(apiKey).join("[redacted]");
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");

  async function withResponse(
    auditId: string,
    { signal, ...overrides }: GetAuditLogOptions = {},
  ): Promise<AuditLogWithResponse> {
    if (typeof auditId !== "string") {
      throw new MixpeekArgumentError("audit_id", `must be a string, got ${typeof auditId}`);
    }
    const path = serializePath(AUDIT_LOG_PATH, { audit_id: auditId });
    const settings = withOverrides(call, overrides);
    const context: RequestContext = { method: "GET", path: basePath + path };
    const url = baseUrl + path;
    const { response, text } = await sendWithRetries(
      (attemptSignal) => new Request(url, { headers, signal: attemptSignal }),
      context,
      settings,
      signal,
    );
    if (!response.ok) throw apiErrorFor(context, response, parseLeniently(text), redact);
    const data = parseSuccess(context, response, text);
    if (settings.validateResponses && !validateAuditLogResponse(data)) {
      const issues = validateAuditLogResponse.errors ?? [];
      throw new MixpeekResponseValidationError(
        context,
        response.status,
        AUDIT_LOG_OPERATION_ID,
        issues,
      );
    }
    return {
      data: data as AuditEventResponse | null,
      response,
      requestId: requestIdOf(response.headers),
    };
  }

  /** A success must be JSON; `null` is a documented answer, no body at all is not. */
  function parseSuccess(context: RequestContext, response: Response, text: string): unknown {
    const fail = (problem: string) => new MixpeekResponseError(context, response.status, problem);
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

  const getAuditLog: GetAuditLog = Object.assign(
    async (auditId: string, callOptions?: GetAuditLogOptions) =>
      (await withResponse(auditId, callOptions)).data,
    { withResponse },
  );

  // raw goes through the same retry loop; the body it hands openapi-fetch is already read.
  const raw = createClient<paths>({
    baseUrl,
    headers,
    pathSerializer: serializePath,
    fetch: async (request: Request) => {
      const context = { method: request.method, path: new URL(request.url).pathname };
      const { response, text } = await sendWithRetries(
        (attemptSignal) => new Request(request, { signal: attemptSignal }),
        context,
        call,
        request.signal,
      );
      const body = NULL_BODY_STATUSES.has(response.status) ? null : text;
      return new Response(body, response);
    },
  });

  return { getAuditLog, raw };
}

/** An error body: JSON when it parses (the spec's envelope or not), else the text. */
function parseLeniently(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
