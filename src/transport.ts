import {
  MixpeekAbortError,
  MixpeekConnectionError,
  MixpeekError,
  MixpeekResponseError,
  MixpeekTimeoutError,
  type RequestContext,
} from "./errors.js";
import { RETRYABLE_STATUSES, retryDelayMs, type RetryPolicy } from "./retry.js";

export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

export interface TransportSettings {
  readonly fetch: FetchLike;
  /** Per attempt, covering the response headers and the whole body. */
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly retry: RetryPolicy;
}

/** This API answers JSON only (RFC 6839 `+json` types included). */
const JSON_CONTENT_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * The fetch that openapi-fetch calls: retries, per-attempt timeouts and a bounded, buffered body,
 * for every request of the client (`getAuditLog` and `raw` alike). It resolves with the final
 * response (an error status after retries included) or rejects with a `MixpeekError`.
 *
 * Only idempotent requests reach it: the client has no other kind.
 */
export async function sendWithRetries(
  request: Request,
  settings: TransportSettings,
): Promise<Response> {
  const caller = request.signal;
  for (let retry = 1; ; retry++) {
    if (caller.aborted) throw aborted(request, caller.reason);
    let response: Response | undefined;
    let failure: MixpeekConnectionError | undefined;
    try {
      response = await attempt(request, settings);
    } catch (error) {
      if (caller.aborted) throw aborted(request, caller.reason);
      if (!(error instanceof MixpeekConnectionError)) throw error;
      failure = error;
    }
    const retryable = response === undefined || RETRYABLE_STATUSES.has(response.status);
    const delay =
      retryable && retry <= settings.retry.maxRetries
        ? retryDelayMs(retry, settings.retry, response)
        : undefined;
    if (delay === undefined) {
      if (response) return response;
      throw failure!;
    }
    try {
      await sleep(delay, caller);
    } catch {
      throw aborted(request, caller.reason);
    }
  }
}

/** One try, under its own timer, which also covers reading the body. */
async function attempt(request: Request, settings: TransportSettings): Promise<Response> {
  const controller = new AbortController();
  const caller = request.signal;
  const onCallerAbort = () => controller.abort(caller.reason);
  caller.addEventListener("abort", onCallerAbort);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.timeoutMs);
  const fetch = settings.fetch;
  try {
    const response = await fetch(request, { signal: controller.signal });
    return await buffered(response, request, settings.maxResponseBytes);
  } catch (error) {
    if (error instanceof MixpeekError || caller.aborted) throw error;
    const context = requestContext(request);
    if (timedOut) {
      throw new MixpeekTimeoutError(
        context,
        `no complete response within ${settings.timeoutMs} ms`,
        {
          cause: error,
        },
      );
    }
    throw new MixpeekConnectionError(context, `connection failed: ${describeCause(error)}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    caller.removeEventListener("abort", onCallerAbort);
  }
}

/**
 * Reads the whole body while the attempt's timer runs, refusing more than `maxBytes`, and checks
 * that a success is JSON before openapi-fetch parses it.
 */
async function buffered(response: Response, request: Request, maxBytes: number): Promise<Response> {
  const body = response.body;
  if (body === null) return response;
  const fail = (problem: string) =>
    new MixpeekResponseError(requestContext(request), response.status, problem);
  const declared = Number(response.headers.get("content-length") ?? Number.NaN);
  if (declared > maxBytes) {
    void body.cancel().catch(() => {});
    throw fail(`body of ${declared} bytes exceeds the ${maxBytes}-byte limit`);
  }
  const bytes =
    declared >= 0
      ? new Uint8Array(await response.arrayBuffer())
      : await readAtMost(body, maxBytes, fail);
  const contentType = response.headers.get("content-type") ?? "";
  if (response.ok && bytes.byteLength > 0 && !JSON_CONTENT_TYPE.test(contentType)) {
    throw fail(`is ${contentType || "untyped"}, not JSON (a proxy or gateway page?)`);
  }
  return new Response(bytes, {
    status: response.status,
    statusText: response.statusText,
    headers: response.headers,
  });
}

/** Body of unknown length (chunked): read it, but stop as soon as it passes the limit. */
async function readAtMost(
  body: ReadableStream<Uint8Array>,
  maxBytes: number,
  fail: (problem: string) => MixpeekResponseError,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      void reader.cancel().catch(() => {});
      throw fail(`body exceeds the ${maxBytes}-byte limit`);
    }
    chunks.push(read.value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Waits `ms`, or rejects as soon as `signal` aborts; leaves no timer behind either way. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export function requestContext(request: Request): RequestContext {
  return { method: request.method, path: new URL(request.url).pathname };
}

function aborted(request: Request, reason: unknown): MixpeekAbortError {
  return new MixpeekAbortError(requestContext(request), "aborted by the caller", { cause: reason });
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
