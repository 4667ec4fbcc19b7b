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

/** How one call is made: the client's options with the call's own on top. */
export interface CallSettings {
  readonly fetch: FetchLike;
  /** Per attempt: sending, the headers and the whole body. */
  readonly timeoutMs: number;
  /** The whole call: every attempt and every wait between them. */
  readonly totalTimeoutMs: number;
  readonly retry: RetryPolicy;
  readonly validateResponses: boolean;
}

/** A response and its whole body, read within one attempt. */
export interface Received {
  readonly response: Response;
  readonly text: string;
}

/** An audit event is a few KB; anything this big is not one (and is not buffered further). */
export const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * Sends the request made by `request` for each attempt, retrying connection failures, timeouts
 * and retryable statuses with backoff (or the server's `Retry-After`), within `totalTimeoutMs`.
 * Resolves with the last response and its body (an error status after retries included); rejects
 * with a `MixpeekError`. Only idempotent requests come here: the client has no other kind.
 */
export async function sendWithRetries(
  request: (signal: AbortSignal) => Request,
  context: RequestContext,
  settings: CallSettings,
  caller: AbortSignal | undefined,
): Promise<Received> {
  const deadline = performance.now() + settings.totalTimeoutMs;
  for (let retries = 0; ; retries++) {
    if (caller?.aborted) throw new MixpeekAbortError(context, caller.reason);
    let received: Received | undefined;
    let failure: unknown;
    try {
      received = await attempt(request, context, settings, caller, deadline);
    } catch (error) {
      failure = error;
    }
    const retryable = received
      ? RETRYABLE_STATUSES.has(received.response.status)
      : failure instanceof MixpeekConnectionError;
    const delay =
      retryable && retries < settings.retry.maxRetries
        ? retryDelayMs(retries + 1, settings.retry, received?.response)
        : undefined;
    if (delay === undefined || performance.now() + delay >= deadline) {
      if (received) return received;
      throw failure;
    }
    await sleep(delay, caller);
  }
}

/**
 * One attempt: sending, the headers and the whole body, under one signal that its own timer
 * aborts (at `timeoutMs`, or earlier at the call's deadline) and the caller's signal too.
 */
async function attempt(
  request: (signal: AbortSignal) => Request,
  context: RequestContext,
  settings: CallSettings,
  caller: AbortSignal | undefined,
  deadline: number,
): Promise<Received> {
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
  let response: Response | undefined;
  try {
    // Called unbound: as a method of `settings`, workerd's fetch throws "Illegal invocation".
    const { fetch } = settings;
    response = await fetch(request(signal));
    return { response, text: await readText(response, context) };
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
  }
}

/** The body as text, refused as soon as it passes the size limit (counted decompressed). */
async function readText(response: Response, context: RequestContext): Promise<string> {
  if (response.body === null) return "";
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = "";
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > MAX_RESPONSE_BYTES) {
      void reader.cancel().catch(() => {});
      throw new MixpeekResponseError(
        context,
        response.status,
        `body exceeds the ${MAX_RESPONSE_BYTES}-byte limit`,
      );
    }
    text += decoder.decode(read.value, { stream: true });
  }
  return text + decoder.decode();
}

/** Waits `ms`, or less if `signal` aborts; leaves no timer or listener behind either way. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    // A signal of its own to listen on, for the same reason as in attempt().
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
 * (`connect ECONNREFUSED 127.0.0.1:1`, `getaddrinfo ENOTFOUND …`, a certificate problem,
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
