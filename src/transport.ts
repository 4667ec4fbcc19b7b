import {
  MixpeekAbortError,
  MixpeekConnectionError,
  MixpeekError,
  MixpeekResponseError,
  MixpeekTimeoutError,
  type RequestContext,
} from "./errors.js";
import { onAbort } from "./abort-subscriptions.js";
import type { Deadlines, TimeoutGroup } from "./deadlines.js";
import { RETRYABLE_STATUSES, retryDelayMs, type RetryPolicy } from "./retry.js";

export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

export interface TransportSettings {
  readonly fetch: FetchLike;
  /** The client's one deadline timer. */
  readonly deadlines: Deadlines;
  /** Per attempt: until the whole body is read for getAuditLog, until the headers for `raw`. */
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly retry: RetryPolicy;
}

/**
 * One getAuditLog call as the transport sees it: the caller's signal (kept off the Request, so a
 * call without one costs no abort listener), and the attempt whose body is still to be read —
 * the call ends it once openapi-fetch has parsed the body, so the timeout covers the body too.
 */
export interface CallScope {
  readonly signal: AbortSignal | undefined;
  open: Attempt | undefined;
  /** Status of the response being read (for errors raised while parsing it). */
  status: number;
  /** Retries spent by the call, whether a failure came with the headers or the body. */
  retries: number;
}

/** This API answers JSON only (RFC 6839 `+json` types included). */
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** One try: its timeout group's signal, and its link to the caller's signal if there is one. */
export class Attempt {
  private readonly group: TimeoutGroup;
  private readonly unsubscribe: (() => void) | undefined;
  private ended = false;

  /**
   * @param caller a getAuditLog caller's signal, unhooked when the attempt ends; or a raw
   * request's own signal, which stays linked so that aborting it also stops the body read
   * (it belongs to that one request and goes with it).
   */
  constructor(
    timeoutMs: number,
    private readonly deadlines: Deadlines,
    caller: AbortSignal | undefined,
    private readonly unhookCaller: boolean,
  ) {
    // A caller's abort must stop this attempt only, so it needs a signal of its own.
    const group = deadlines.join(timeoutMs, caller === undefined);
    this.group = group;
    if (caller) this.unsubscribe = onAbort(caller, (reason) => group.controller.abort(reason));
  }

  get signal(): AbortSignal {
    return this.group.controller.signal;
  }

  get timedOut(): boolean {
    return this.group.timedOut;
  }

  /** Leaves the timeout group and unhooks a caller's signal; once, however often called. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.deadlines.leave(this.group);
    if (this.unhookCaller) this.unsubscribe?.();
  }
}

/**
 * The fetch that openapi-fetch calls, for every request of the client (`getAuditLog` and `raw`
 * alike): retries with backoff, a timeout per attempt, a size limit, and a check that a success
 * is JSON. Resolves with the final response (an error status after retries included) or rejects
 * with a `MixpeekError`. Only idempotent requests reach it: the client has no other kind.
 */
export async function sendWithRetries(
  request: Request,
  settings: TransportSettings,
  scope?: CallScope,
): Promise<Response> {
  const caller = scope ? scope.signal : request.signal;
  const budget = scope ?? { retries: 0 };
  for (;;) {
    if (caller?.aborted) throw abortError(requestContext(request), caller);
    const attempt = new Attempt(
      settings.timeoutMs,
      settings.deadlines,
      caller,
      scope !== undefined,
    );
    let response: Response | undefined;
    let failure: MixpeekError | undefined;
    let bodyRead = false;
    try {
      const fetch = settings.fetch;
      response = await fetch(request, { signal: attempt.signal });
      const length = declaredLength(response);
      checkHeaders(response, length, request, settings.maxResponseBytes);
      if (length === undefined && response.body !== null) {
        // Unknown length: read it now, under this attempt, so the size limit holds.
        response = await bufferAtMost(response, request, settings.maxResponseBytes);
        bodyRead = true;
      }
    } catch (error) {
      attempt.end();
      failure = attemptError(
        error,
        requestContext(request),
        caller,
        attempt.timedOut,
        settings.timeoutMs,
        "connection failed",
      );
      if (!isRetryable(failure)) throw failure;
    }
    const retryable = response === undefined || RETRYABLE_STATUSES.has(response.status);
    const delay =
      retryable && budget.retries < settings.retry.maxRetries
        ? retryDelayMs(budget.retries + 1, settings.retry, response)
        : undefined;
    if (delay === undefined) {
      if (!response) throw failure!;
      if (scope && !bodyRead && response.body !== null) {
        scope.open = attempt;
        scope.status = response.status;
      } else {
        attempt.end();
      }
      return response;
    }
    budget.retries++;
    attempt.end();
    void response?.body?.cancel().catch(() => {});
    if (!(await sleep(delay, caller))) throw abortError(requestContext(request), caller);
  }
}

/**
 * A failed attempt as a MixpeekError: its own error if it is one (a bad response), else the
 * caller's abort, the attempt's timeout, or a lost connection (`problem` says in which phase).
 */
export function attemptError(
  error: unknown,
  context: RequestContext,
  caller: AbortSignal | undefined,
  timedOut: boolean,
  timeoutMs: number,
  problem: "connection failed" | "connection lost while reading the body",
): MixpeekError {
  if (error instanceof MixpeekError) return error;
  if (caller?.aborted) return abortError(context, caller);
  if (timedOut) {
    return new MixpeekTimeoutError(context, `no complete response within ${timeoutMs} ms`, {
      cause: error,
    });
  }
  return new MixpeekConnectionError(context, `${problem}: ${describeCause(error)}`, {
    cause: error,
  });
}

export function abortError(
  context: RequestContext,
  caller: AbortSignal | undefined,
): MixpeekAbortError {
  return new MixpeekAbortError(context, "aborted by the caller", { cause: caller?.reason });
}

/** Connection failures and timeouts are worth another try; a caller's abort or a bad response is not. */
export function isRetryable(error: MixpeekError): boolean {
  return error instanceof MixpeekConnectionError && !(error instanceof MixpeekAbortError);
}

/**
 * The body's length, when the headers give it for what will be read: not under a
 * Content-Encoding (fetch decompresses, so the header counts compressed bytes), not malformed.
 */
function declaredLength(response: Response): number | undefined {
  const encoding = response.headers.get("content-encoding");
  if (encoding !== null && encoding.toLowerCase() !== "identity") return undefined;
  const length = response.headers.get("content-length");
  return length !== null && /^\d+$/.test(length) ? Number(length) : undefined;
}

/** Refuses, from the headers alone, a body over the limit or a success that isn't JSON. */
function checkHeaders(
  response: Response,
  declared: number | undefined,
  request: Request,
  maxBytes: number,
): void {
  const fail = (problem: string) => {
    void response.body?.cancel().catch(() => {});
    return new MixpeekResponseError(requestContext(request), response.status, problem);
  };
  if (declared !== undefined && declared > maxBytes) {
    throw fail(overLimit(maxBytes));
  }
  const contentType = response.headers.get("content-type") ?? "";
  if (
    response.ok &&
    declared !== 0 &&
    response.body !== null &&
    !JSON_CONTENT_TYPE.test(contentType)
  ) {
    throw fail(`is ${contentType || "untyped"}, not JSON (a proxy or gateway page?)`);
  }
}

const overLimit = (maxBytes: number) => `body exceeds the ${maxBytes}-byte limit`;

/** A body of unknown length (chunked): read it, but stop as soon as it passes the limit. */
async function bufferAtMost(
  response: Response,
  request: Request,
  maxBytes: number,
): Promise<Response> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => {});
      throw new MixpeekResponseError(requestContext(request), response.status, overLimit(maxBytes));
    }
    chunks.push(read.value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new Response(bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/**
 * Waits `ms`; resolves `true` then, or `false` as soon as `signal` aborts. Leaves no timer or
 * listener behind either way.
 */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe?.();
      resolve(true);
    }, ms);
    const unsubscribe =
      signal &&
      onAbort(signal, () => {
        clearTimeout(timer);
        resolve(false);
      });
  });
}

function requestContext(request: Request): RequestContext {
  return { method: request.method, path: new URL(request.url).pathname };
}

/** undici says "fetch failed" and puts the useful part (ECONNREFUSED …) in `cause`. */
function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const detail =
    typeof cause?.code === "string"
      ? cause.code
      : typeof cause?.message === "string"
        ? cause.message
        : undefined;
  const message = error instanceof Error ? error.message : String(error);
  return detail ? `${message} (${detail})` : message;
}
