import { createMixpeekClient, type MixpeekClient, type MixpeekClientOptions } from "mixpeek-audit";

/**
 * A client that logs one JSON line per attempt (retries included) and one per call: status,
 * request id, timings, and why and when it retries. Never the request's headers: they carry the
 * API key (`Authorization: Bearer …`).
 */
export function createLoggingClient(
  options: MixpeekClientOptions = {},
  log: (line: string) => void = console.log,
): MixpeekClient {
  const mixpeek = createMixpeekClient({
    ...options,
    onAttempt: ({ attempt, url, status, error, requestId, durationMs, retry }) =>
      log(
        JSON.stringify({
          msg: "mixpeek attempt",
          attempt,
          url,
          status,
          error: error?.message,
          requestId,
          ms: Math.round(durationMs),
          retryInMs: retry?.delayMs,
          retryBecause: retry?.reason,
        }),
      ),
  });
  const started = new Map<string, number>();
  const ended = (id: string, fields: object) => {
    const ms = Math.round(performance.now() - (started.get(id) ?? 0));
    started.delete(id);
    log(JSON.stringify({ msg: "mixpeek call", ...fields, ms }));
  };
  mixpeek.use({
    onRequest: ({ id }) => void started.set(id, performance.now()),
    onResponse: ({ id, request, response }) =>
      ended(id, {
        url: request.url,
        status: response.status,
        requestId: response.headers.get("x-request-id"),
      }),
    // The error left after retries; its message names the request and never holds the key.
    onError: ({ id, request, error }) => ended(id, { url: request.url, error: String(error) }),
  });
  return mixpeek;
}
