/** When and how long to wait before trying a request again. Pure data and pure functions. */
export interface RetryPolicy {
  /** Retries after the first attempt; 0 disables retrying. */
  readonly maxRetries: number;
  /** Backoff before the first retry, doubled for each further retry. */
  readonly initialRetryDelayMs: number;
  /** Cap on the backoff between two attempts. */
  readonly maxRetryDelayMs: number;
  /** Longest server-requested wait (`Retry-After`) honoured; a longer one ends the retries. */
  readonly maxRetryAfterMs: number;
}

/**
 * Statuses worth another try for an idempotent GET: timeouts, rate limits and transient server
 * faults. 400/401/403/404/422 never change on retry.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** Backoff loses up to this share of its length at random, so clients don't retry in lockstep. */
const JITTER = 0.25;

/**
 * Backoff before retry number `retry` (1-based): initialRetryDelayMs · 2^(retry-1), capped at
 * maxRetryDelayMs, minus up to 25 % jitter. `random` is injectable so tests are exact.
 */
export function backoffDelayMs(
  retry: number,
  policy: Pick<RetryPolicy, "initialRetryDelayMs" | "maxRetryDelayMs">,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.initialRetryDelayMs * 2 ** (retry - 1), policy.maxRetryDelayMs);
  return Math.round(base * (1 - random() * JITTER));
}

/**
 * The wait a response asks for: `retry-after-ms` (milliseconds), else `Retry-After` as seconds or
 * an HTTP date. Undefined when absent or unreadable; never negative.
 */
export function retryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms?.match(/^\s*\d+(\.\d+)?\s*$/)) return Number(ms);
  const value = headers.get("retry-after");
  if (value?.match(/^\s*\d+\s*$/)) return Number(value) * 1000;
  // Date.parse takes nearly anything ("-3" is a year); an HTTP date always names its day or month.
  const date = value?.match(/[a-z]/i) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The wait before the next attempt, and why that attempt is made. */
export interface RetryPlan {
  readonly delayMs: number;
  /** `status`: a 408/429/5xx; `connection`: no whole response; `timeout`: none in time. */
  readonly reason: "status" | "connection" | "timeout";
  /** Whether the wait is the server's (`Retry-After`, `retry-after-ms`) rather than backoff. */
  readonly retryAfter: boolean;
}

/**
 * The retry after attempt number `attempt` (1-based) that got `outcome`: a response, or no whole
 * one (`connection`, `timeout`). Undefined when none is due: retries used up, a status that never
 * changes on retry, or a server asking for a wait beyond the policy's cap (retrying sooner would
 * be ignored by the server anyway).
 */
export function planRetry(
  attempt: number,
  policy: RetryPolicy,
  outcome: { readonly status: number; readonly headers: Headers } | "connection" | "timeout",
  random?: () => number,
): RetryPlan | undefined {
  if (attempt > policy.maxRetries) return undefined;
  if (typeof outcome !== "string") {
    if (!RETRYABLE_STATUSES.has(outcome.status)) return undefined;
    const requested = retryAfterMs(outcome.headers);
    if (requested !== undefined) {
      return requested <= policy.maxRetryAfterMs
        ? { delayMs: requested, reason: "status", retryAfter: true }
        : undefined;
    }
  }
  const reason = typeof outcome === "string" ? outcome : "status";
  return { delayMs: backoffDelayMs(attempt, policy, random), reason, retryAfter: false };
}
