import {
  MixpeekAbortError,
  MixpeekConnectionError,
  MixpeekError,
  MixpeekResponseError,
  MixpeekTimeoutError,
  requestIdOf,
  type RequestContext,
} from "./errors.js";
import { planRetry, type RetryPlan, type RetryPolicy } from "./retry.js";

export type FetchLike = (input: Request, init?: RequestInit) => Promise<Response>;

/** What one attempt ended with, handed to the `onAttempt` option as soon as it ends. */
export interface AttemptEvent {
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
  readonly method: string;
  /** The URL as sent (path parameters percent-encoded). */
  readonly url: string;
  /** The response's status, when the attempt got a whole response. */
  readonly status: number | undefined;
  /** Why the attempt got no whole response (a timeout, a refused connection, an abort, …). */
  readonly error: MixpeekError | undefined;
  /** The `x-request-id` (or `request-id`) response header. */
  readonly requestId: string | undefined;
  /** From sending to the last byte of the body, or to the failure. */
  readonly durationMs: number;
  /** The wait before the next attempt and why it is made; undefined when none follows. */
  readonly retry: RetryPlan | undefined;
}

/** How one call is made: the client's options with the call's own on top. */
export interface CallSettings {
  readonly fetch: FetchLike;
  /** Per attempt: sending, the headers and the whole body. */
  readonly timeoutMs: number;
  /** The whole call: every attempt and every wait between them. */
  readonly totalTimeoutMs: number;
  readonly retry: RetryPolicy;
  readonly validateResponses: boolean;
  readonly onAttempt: ((event: AttemptEvent) => void) | undefined;
  /** Takes the API key out of any text a server sent back (it may echo it). */
  readonly redact: (text: string) => string;
}

/** An audit event is a few KB; anything this big is not one (and is not buffered further). */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * Sends `request`, retrying connection failures, timeouts and retryable statuses with backoff (or
 * the server's `Retry-After`), within `totalTimeoutMs`; `caller` cancels it all. Resolves with the
 * last response, its body already read whole (an error status after retries included); rejects
 * with a `MixpeekError`. Only idempotent requests come here: the client has no other kind.
 */
export async function sendWithRetries(
  request: Request,
  settings: CallSettings,
  caller: AbortSignal | undefined,
): Promise<Response> {
  const context: RequestContext = { method: request.method, path: new URL(request.url).pathname };
  const deadline = performance.now() + settings.totalTimeoutMs;
  for (let attempt = 1; ; attempt++) {
    if (caller?.aborted) throw new MixpeekAbortError(context, caller.reason);
    const started = performance.now();
    let response: Response | undefined;
    let failure: unknown;
    try {
      response = await attemptOnce(request, context, settings, caller, deadline);
    } catch (error) {
      failure = error;
    }
    const outcome =
      response ??
      (failure instanceof MixpeekTimeoutError
        ? "timeout"
        : failure instanceof MixpeekConnectionError
          ? "connection"
          : undefined);
    const retry = outcome && planRetry(attempt, settings.retry, outcome);
    const next = retry && performance.now() + retry.delayMs < deadline ? retry : undefined;
    settings.onAttempt?.({
      attempt,
      method: context.method,
      url: request.url,
      status: response?.status,
      error: failure instanceof MixpeekError ? failure : undefined,
      requestId: response && requestIdOf(response.headers),
      durationMs: performance.now() - started,
      retry: next,
    });
    if (!next) {
      if (response) return response;
      throw failure;
    }
    await sleep(next.delayMs, caller);
  }
}

/**
 * One attempt: sending, the headers and the whole body, under one signal that its own timer
 * aborts (at `timeoutMs`, or earlier at the call's deadline) and the caller's signal too.
 */
async function attemptOnce(
  request: Request,
  context: RequestContext,
  settings: CallSettings,
  caller: AbortSignal | undefined,
  deadline: number,
): Promise<Response> {
  // The call's deadline cuts the last attempt short if it comes first.
  const left = Math.max(0, deadline - performance.now());
  const [limitMs, within] =
    left < settings.timeoutMs
      ? [left, `totalTimeoutMs (${settings.totalTimeoutMs} ms)`]
      : [settings.timeoutMs, `${settings.timeoutMs} ms`];
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), limitMs);
  // AbortSignal.any adds no listener to the caller's signal, so any number of concurrent calls
  // can share one (Node warns past ten listeners on a signal).
  const signal = caller ? AbortSignal.any([caller, timeout.signal]) : timeout.signal;
  // The signal travels in the Request only, so a `fetch` option that passes on only the Request
  // (a proxy wrapper) is aborted too. Node's fetch follows a Request's signal through a weak
  // reference (nodejs/undici#3644), so `sent` must stay referenced until the attempt ends (the
  // `finally` below), or after a garbage collection neither the timer nor the caller could abort
  // the fetch any more.
  const sent = new Request(request, { signal });
  let response: Response | undefined;
  try {
    // Called unbound: as a method of `settings`, workerd's fetch throws "Illegal invocation".
    const { fetch } = settings;
    response = await fetch(sent);
    // A 204 or 304 has a null body (the Fetch standard), so null is what it is handed on with.
    return new Response(await readBody(response, context, settings.redact), response);
  } catch (error) {
    if (error instanceof MixpeekError) throw error;
    if (caller?.aborted) throw new MixpeekAbortError(context, caller.reason);
    if (timeout.signal.aborted) {
      throw new MixpeekTimeoutError(context, `no complete response within ${within}`, {
        cause: error,
      });
    }
    const phase = response ? "connection lost while reading the body" : "connection failed";
    throw new MixpeekConnectionError(context, `${phase}: ${describeFailure(error)}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
    void sent;
  }
}

/**
 * The body's bytes, refused as soon as they pass the size limit (counted decompressed). Bytes,
 * not text: a Response made from a string gets a `text/plain` content type the server never sent.
 */
async function readBody(
  response: Response,
  context: RequestContext,
  redact: (text: string) => string,
): Promise<Uint8Array | null> {
  if (response.body === null) return null;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      void reader.cancel().catch(() => {});
      throw new MixpeekResponseError(
        context,
        response,
        `body exceeds the ${MAX_RESPONSE_BYTES}-byte limit`,
        redact,
      );
    }
    chunks.push(read.value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** Waits `ms`, or less if `signal` aborts; leaves no timer or listener behind either way. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    // A signal of its own to listen on, for the same reason as in attemptOnce().
    const own = signal && AbortSignal.any([signal]);
    const done = () => {
      clearTimeout(timer);
      own?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    // An abort before the listener is added would fire no event: wait for nothing then.
    if (own?.aborted) done();
    else own?.addEventListener("abort", done);
  });
}

/**
 * What failed, once: undici's "fetch failed" or "terminated" carries it in its `cause` chain
 * (`connect ECONNREFUSED 127.0.0.1:8080`, `getaddrinfo ENOTFOUND …`, a certificate problem,
 * `redirect count exceeded`, `other side closed`); other runtimes say it in the error itself.
 */
export function describeFailure(error: unknown): string {
  let innermost = error;
  for (let depth = 0; depth < MAX_CAUSES; depth++) {
    const cause: unknown = (innermost as { cause?: unknown } | null)?.cause;
    if (cause === undefined || cause === null) break;
    innermost = cause;
  }
  // Node tries every address of a host (IPv6, IPv4): each failure is in `errors`.
  const failures = innermost instanceof AggregateError ? innermost.errors : [innermost];
  const said = failures.map((failure) =>
    // "connect ECONNREFUSED …": the phase is already in the message around it.
    (failure instanceof Error ? failure.message : String(failure)).replace(/^connect /, ""),
  );
  return [...new Set(said)].filter(Boolean).join("; ") || String(error);
}

const MAX_CAUSES = 5;
