import createClient, { type Client } from "openapi-fetch";
import type { AuditEventResponse, paths } from "../generated/api-types.js";
import { validateAuditLogResponse } from "../generated/response-validators.js";
import { AUDIT_LOG_OPERATION_ID } from "../generated/spec-metadata.js";
import {
  apiErrorFor,
  MixpeekArgumentError,
  MixpeekResponseError,
  MixpeekResponseValidationError,
  type RequestContext,
} from "./errors.js";
import { checkNumber, resolveOptions, type MixpeekClientOptions } from "./options.js";
import { serializePath } from "./path-params.js";
import { backoffDelayMs } from "./retry.js";
import {
  abortError,
  attemptError,
  isRetryable,
  sendWithRetries,
  sleep,
  type CallScope,
  type TransportSettings,
} from "./transport.js";

const AUDIT_LOG_PATH = "/v1/organizations/audit/logs/{audit_id}";

export interface GetAuditLogOptions {
  /** Cancels the call, including any wait between retries. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's per-attempt timeout for this call, in milliseconds. */
  timeoutMs?: number | undefined;
  /** Overrides the client's `validateResponses` for this call. */
  validateResponse?: boolean | undefined;
}

export interface MixpeekClient {
  /**
   * One audit entry by id. Resolves with the event, or `null` when the API answers 200 with a
   * `null` body; rejects with a `MixpeekError` subclass (`MixpeekNotFoundError` for 404, …).
   */
  getAuditLog: (
    auditId: string,
    options?: GetAuditLogOptions,
  ) => Promise<AuditEventResponse | null>;
  /**
   * The typed openapi-fetch client underneath, with the same auth, retries and timeouts, for
   * callers who prefer `{ data, error, response }`.
   */
  readonly raw: Client<paths>;
}

export function createMixpeekClient(options: MixpeekClientOptions = {}): MixpeekClient {
  const { apiKey, baseUrl, headers, transport, validateResponses } = resolveOptions(options);
  const raw = createClient<paths>({
    baseUrl,
    headers,
    fetch: (request) => sendWithRetries(request, transport),
    pathSerializer: serializePath,
  });
  const redact = (text: string) => text.split(apiKey).join("[redacted]");
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");

  async function getAuditLog(
    auditId: string,
    { signal, timeoutMs, validateResponse = validateResponses }: GetAuditLogOptions = {},
  ): Promise<AuditEventResponse | null> {
    if (typeof auditId !== "string") {
      throw new MixpeekArgumentError("audit_id", `must be a string, got ${typeof auditId}`);
    }
    const params = { path: { audit_id: auditId } };
    const settings: TransportSettings =
      timeoutMs === undefined
        ? transport
        : { ...transport, timeoutMs: checkNumber(timeoutMs, "timeoutMs", 1) };
    // The caller's signal stays off the Request: the transport links it to each attempt, and a
    // call without one costs no abort listener.
    const scope: CallScope = { signal, open: undefined, status: 0, retries: 0 };
    let result;
    for (;;) {
      try {
        result = await raw.GET(AUDIT_LOG_PATH, {
          params,
          fetch: (request: Request) => sendWithRetries(request, settings, scope),
        });
        break;
      } catch (error) {
        // openapi-fetch parses a success as JSON; the transport checked it claims to be JSON.
        // V8 quotes the body in the message: redacted, and not kept as `cause`.
        const failure =
          error instanceof SyntaxError && !signal?.aborted
            ? new MixpeekResponseError(
                context(),
                scope.status,
                `body is not valid JSON: ${redact(error.message)}`,
              )
            : attemptError(
                error,
                context(),
                signal,
                scope.open?.timedOut ?? false,
                settings.timeoutMs,
                "connection lost while reading the body",
              );
        // The transport retries what fails before the headers; what fails while openapi-fetch
        // reads the body (a stall, a reset) is retried here, from the same retry budget.
        const inBody = scope.open !== undefined;
        if (!inBody || !isRetryable(failure) || scope.retries >= settings.retry.maxRetries)
          throw failure;
        scope.retries++;
        // The failed attempt is over: it must not hold its timeout group open while we wait.
        scope.open?.end();
        scope.open = undefined;
        if (!(await sleep(backoffDelayMs(scope.retries, settings.retry), signal)))
          throw abortError(context(), signal);
      } finally {
        scope.open?.end();
        scope.open = undefined;
      }
    }
    const { data, error, response } = result;
    if (!response.ok) throw apiErrorFor(context(), response, error, redact);
    // `null` is a documented answer; no body at all is not.
    if (data === undefined) {
      throw new MixpeekResponseError(context(), response.status, "body is empty");
    }
    if (validateResponse && !validateAuditLogResponse(data)) {
      const issues = validateAuditLogResponse.errors ?? [];
      throw new MixpeekResponseValidationError(
        context(),
        response.status,
        AUDIT_LOG_OPERATION_ID,
        issues,
      );
    }
    return data;

    function context(): RequestContext {
      return { method: "GET", path: basePath + serializePath(AUDIT_LOG_PATH, params.path) };
    }
  }

  return { getAuditLog, raw };
}
