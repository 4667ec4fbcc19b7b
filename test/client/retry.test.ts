import { describe, expect, test } from "vitest";
import { backoffDelayMs, planRetry, RETRYABLE_STATUSES, retryAfterMs } from "../../src/retry.js";

const POLICY = {
  maxRetries: 5,
  initialRetryDelayMs: 500,
  maxRetryDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};
const NOW = Date.parse("2026-11-25T12:00:00Z");

describe("backoffDelayMs", () => {
  test("doubles from the initial delay up to the cap, without jitter when random() is 0", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((retry) => backoffDelayMs(retry, POLICY, () => 0));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000]);
  });

  test("jitter takes off at most 25 %", () => {
    expect(backoffDelayMs(1, POLICY, () => 0.999999)).toBe(375);
    expect(backoffDelayMs(5, POLICY, () => 0.5)).toBe(7_000);
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelayMs(3, POLICY);
      expect(delay).toBeGreaterThanOrEqual(1_500);
      expect(delay).toBeLessThanOrEqual(2_000);
    }
  });
});

describe("retryAfterMs", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  test("reads seconds, an HTTP date, and retry-after-ms (which wins)", () => {
    expect(retryAfterMs(headers({ "retry-after": "7" }), NOW)).toBe(7_000);
    expect(retryAfterMs(headers({ "retry-after": "Wed, 25 Nov 2026 12:00:30 GMT" }), NOW)).toBe(
      30_000,
    );
    expect(retryAfterMs(headers({ "retry-after": "7", "retry-after-ms": "120" }), NOW)).toBe(120);
  });

  test("retry-after-ms is a plain number of milliseconds; anything else falls back to Retry-After", () => {
    expect(retryAfterMs(headers({ "retry-after-ms": "1.25" }), NOW)).toBe(1.25);
    for (const ms of ["-5", "5x", "x5", "1e3", "soon"]) {
      expect([
        ms,
        retryAfterMs(headers({ "retry-after-ms": ms, "retry-after": "7" }), NOW),
      ]).toEqual([ms, 7_000]);
    }
  });

  test("Retry-After seconds are whole: a fraction is no request", () => {
    expect(retryAfterMs(headers({ "retry-after": "1.5" }), NOW)).toBeUndefined();
  });

  test("a date in the past means now; garbage or absence means no request", () => {
    expect(retryAfterMs(headers({ "retry-after": "Wed, 25 Nov 2026 11:00:00 GMT" }), NOW)).toBe(0);
    expect(retryAfterMs(headers({ "retry-after": "soon" }), NOW)).toBeUndefined();
    expect(retryAfterMs(headers({ "retry-after": "-3" }), NOW)).toBeUndefined();
    expect(retryAfterMs(headers({}), NOW)).toBeUndefined();
  });
});

describe("planRetry", () => {
  const response = (status: number, headers: Record<string, string> = {}) => ({
    status,
    headers: new Headers(headers),
  });
  const noJitter = () => 0;

  test("uses the server's wait when it is within the cap, else ends retrying", () => {
    expect(planRetry(1, POLICY, response(503, { "retry-after": "60" }))).toEqual({
      delayMs: 60_000,
      reason: "status",
      retryAfter: true,
    });
    expect(planRetry(1, POLICY, response(429, { "retry-after": "61" }))).toBeUndefined();
  });

  test("backs off from the attempt's number without a Retry-After, and after a failure", () => {
    expect(planRetry(2, POLICY, response(503), noJitter)).toEqual({
      delayMs: 1_000,
      reason: "status",
      retryAfter: false,
    });
    expect(planRetry(3, POLICY, "connection", noJitter)).toEqual({
      delayMs: 2_000,
      reason: "connection",
      retryAfter: false,
    });
    expect(planRetry(1, POLICY, "timeout", noJitter)?.reason).toBe("timeout");
  });

  test("none after maxRetries retries, nor for a status that never changes", () => {
    expect(planRetry(5, POLICY, "timeout")).toBeDefined();
    expect(planRetry(6, POLICY, "timeout")).toBeUndefined();
    expect(planRetry(6, POLICY, response(503))).toBeUndefined();
    for (const status of [200, 400, 401, 403, 404, 422]) {
      expect(planRetry(1, POLICY, response(status, { "retry-after": "1" }))).toBeUndefined();
    }
  });
});

test("retryable statuses are exactly 408, 429, 500, 502, 503, 504", () => {
  expect([...RETRYABLE_STATUSES].sort()).toEqual([408, 429, 500, 502, 503, 504]);
});
