import { DEFAULT_SERVER_URL, SPEC_TITLE, SPEC_VERSION } from "../generated/spec-metadata.js";
import { MixpeekArgumentError } from "./errors.js";
import { describeType } from "./path-params.js";
import type { AttemptEvent, CallSettings, FetchLike } from "./transport.js";
import { PACKAGE_NAME, PACKAGE_VERSION } from "./version.js";

/** Options a single call may override, under the same names. */
export interface RequestOptions {
  /**
   * Time allowed for each attempt, in milliseconds, from sending to the last byte of the body.
   * @default 60_000
   */
  timeoutMs?: number | undefined;
  /**
   * Time allowed for the whole call, in milliseconds: every attempt and every wait between them.
   * A retry that could not start before it ends is not made.
   * @default 120_000
   */
  totalTimeoutMs?: number | undefined;
  /**
   * Retries after the first attempt, for connection errors, timeouts and 408/429/500/502/503/504;
   * `0` disables retrying.
   * @default 2
   */
  maxRetries?: number | undefined;
  /**
   * Check every success body against the spec's schema (validators generated from it) and throw
   * `MixpeekResponseValidationError` on a mismatch, instead of handing on a body the types lie
   * about. The body is never changed: what is returned is what the API sent.
   * @default true
   */
  validateResponses?: boolean | undefined;
}

export interface MixpeekClientOptions extends RequestOptions {
  /**
   * API key, sent as `Authorization: Bearer <key>`.
   * @default process.env.MIXPEEK_API_KEY
   */
  apiKey?: string | undefined;
  /**
   * Root URL of the API; a path prefix is kept, trailing slashes are dropped.
   * @default process.env.MIXPEEK_BASE_URL, else the spec's server, https://api.mixpeek.com
   */
  baseUrl?: string | undefined;
  /**
   * Allow a plain `http://` baseUrl on a host other than loopback, which sends the key in clear.
   * @default false
   */
  allowInsecureHttp?: boolean | undefined;
  /**
   * Backoff before the first retry, in milliseconds; doubled for each further one, minus up to
   * 25 % jitter.
   * @default 500
   */
  initialRetryDelayMs?: number | undefined;
  /**
   * Cap on the backoff between two attempts, in milliseconds.
   * @default 8_000
   */
  maxRetryDelayMs?: number | undefined;
  /**
   * Longest `Retry-After` honoured, in milliseconds; a server asking for a longer wait ends
   * retrying at once with its error.
   * @default 60_000
   */
  maxRetryAfterMs?: number | undefined;
  /**
   * fetch implementation (a proxy agent, a test double).
   * @default globalThis.fetch
   */
  fetch?: FetchLike | undefined;
  /** Extra headers sent with every request. The key goes in `apiKey`, not here. */
  headers?: Record<string, string> | undefined;
  /** Your product token, put before this package's in the User-Agent, e.g. `siem-sync/1.4`. */
  userAgent?: string | undefined;
  /**
   * Called as each attempt ends (a call makes up to `maxRetries + 1`): its status or error, the
   * request id, how long it took, and the wait before the next one and why. For logs and metrics
   * of retries, which middleware (once per call) does not see. It must not throw.
   */
  onAttempt?: ((event: AttemptEvent) => void) | undefined;
}

// The CLI's --help states the first three.
export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_TOTAL_TIMEOUT_MS = 120_000;
export const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_INITIAL_RETRY_DELAY_MS = 500;
const DEFAULT_MAX_RETRY_DELAY_MS = 8_000;
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
/** Longest delay setTimeout supports; a longer one fires at once (with a warning). */
const MAX_TIMER_MS = 2_147_483_647;

export const ENV_API_KEY = "MIXPEEK_API_KEY";
export const ENV_BASE_URL = "MIXPEEK_BASE_URL";

export interface ResolvedOptions {
  readonly baseUrl: string;
  /** Authorization, User-Agent and the caller's headers. */
  readonly headers: Record<string, string>;
  readonly call: CallSettings;
}

/** Validates every option once, at construction, so bad configuration fails before any request. */
export function resolveOptions(
  options: MixpeekClientOptions,
  env: Record<string, string | undefined> = globalThis.process?.env ?? {},
): ResolvedOptions {
  const apiKey = resolveApiKey(options.apiKey, env);
  const baseUrl =
    options.baseUrl !== undefined
      ? checkBaseUrl(options.baseUrl, "baseUrl", options.allowInsecureHttp)
      : env[ENV_BASE_URL]
        ? checkBaseUrl(env[ENV_BASE_URL], ENV_BASE_URL, options.allowInsecureHttp)
        : DEFAULT_SERVER_URL;
  const fetch = options.fetch ?? globalThis.fetch;
  if (typeof fetch !== "function") {
    throw new MixpeekArgumentError(
      "fetch",
      "is not available in this runtime; pass a fetch function",
    );
  }
  // A delay option checked under its own name, so the message and the key cannot drift apart.
  const delay = (name: "initialRetryDelayMs" | "maxRetryDelayMs" | "maxRetryAfterMs", or: number) =>
    checkNumber(options[name] ?? or, name, 0);
  const defaults: CallSettings = {
    fetch,
    onAttempt: options.onAttempt,
    redact: (text) => text.split(apiKey).join("[redacted]"),
    timeoutMs: DEFAULT_TIMEOUT_MS,
    totalTimeoutMs: DEFAULT_TOTAL_TIMEOUT_MS,
    validateResponses: true,
    retry: {
      maxRetries: DEFAULT_MAX_RETRIES,
      initialRetryDelayMs: delay("initialRetryDelayMs", DEFAULT_INITIAL_RETRY_DELAY_MS),
      maxRetryDelayMs: delay("maxRetryDelayMs", DEFAULT_MAX_RETRY_DELAY_MS),
      maxRetryAfterMs: delay("maxRetryAfterMs", DEFAULT_MAX_RETRY_AFTER_MS),
    },
  };
  return {
    baseUrl,
    headers: {
      ...checkHeaders(options.headers),
      ...userAgentHeader(options.userAgent),
      Authorization: `Bearer ${apiKey}`,
    },
    call: withOverrides(defaults, options),
  };
}

/** `settings` with the options given (by the client, or by one call) checked and applied. */
export function withOverrides(settings: CallSettings, options: RequestOptions): CallSettings {
  const { timeoutMs, totalTimeoutMs, maxRetries, validateResponses } = options;
  return {
    ...settings,
    timeoutMs: checkNumber(timeoutMs ?? settings.timeoutMs, "timeoutMs", 1),
    totalTimeoutMs: checkNumber(totalTimeoutMs ?? settings.totalTimeoutMs, "totalTimeoutMs", 1),
    validateResponses: validateResponses ?? settings.validateResponses,
    retry: {
      ...settings.retry,
      maxRetries: checkNumber(maxRetries ?? settings.retry.maxRetries, "maxRetries", 0, true),
    },
  };
}

/**
 * A numeric option: milliseconds (for timeouts and delays) or a whole count, from `min` up to
 * the longest delay a timer supports.
 */
function checkNumber(value: unknown, name: string, min: 0 | 1, whole = false): number {
  if (
    typeof value !== "number" ||
    !(value >= min && value <= MAX_TIMER_MS) ||
    (whole && !Number.isInteger(value))
  ) {
    const kind = whole ? "a whole number" : "a number of milliseconds";
    throw new MixpeekArgumentError(name, `must be ${kind} between ${min} and ${MAX_TIMER_MS}`);
  }
  return value;
}

// The environment is read only for an option not given: Deno asks a permission for each variable.
function resolveApiKey(
  option: string | undefined,
  env: Record<string, string | undefined>,
): string {
  const [key, source] = option !== undefined ? [option, "apiKey"] : [env[ENV_API_KEY], ENV_API_KEY];
  if (key === undefined || key === "") {
    throw new MixpeekArgumentError(
      "apiKey",
      `is missing: pass { apiKey } to createMixpeekClient() or set the ${ENV_API_KEY} environment variable`,
    );
  }
  if (typeof key !== "string") {
    throw new MixpeekArgumentError(source, `must be a string, got ${describeType(key)}`);
  }
  // A header value with CR/LF could inject headers; spaces or non-ASCII mean a pasting accident.
  // The message never quotes the key.
  if (!/^[\x21-\x7e]+$/.test(key)) {
    throw new MixpeekArgumentError(
      source,
      "contains whitespace, control or non-ASCII characters; check for a stray newline or space",
    );
  }
  return key;
}

function checkBaseUrl(raw: string, source: string, allowInsecureHttp = false): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MixpeekArgumentError(
      source,
      "is not an absolute URL (expected e.g. https://api.mixpeek.com)",
    );
  }
  if (url.username || url.password) {
    throw new MixpeekArgumentError(source, "must not contain credentials; pass the key as apiKey");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new MixpeekArgumentError(source, `must be an https:// URL, got ${url.protocol}//`);
  }
  if (url.search || url.hash) {
    throw new MixpeekArgumentError(source, "must not have a query string or fragment");
  }
  if (url.protocol === "http:" && !allowInsecureHttp && !isLoopback(url.hostname)) {
    throw new MixpeekArgumentError(
      source,
      `is plain http:// to ${url.host}, which would send the API key in clear; ` +
        "use https://, or set allowInsecureHttp: true if you mean it",
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname === "[::1]" ||
    // Stryker disable next-line Regex: URL parses a host ending in a number as IPv4: a.b.c.d only
    /^127\.\d+\.\d+\.\d+$/.test(hostname)
  );
}

function checkHeaders(headers: Record<string, string> | undefined): Record<string, string> {
  if (headers === undefined) return {};
  for (const [name, value] of Object.entries(headers)) {
    // Set by the client from its own options; one the caller set would be lost or doubled.
    const own = OWN_HEADERS[name.toLowerCase()];
    if (own) throw new MixpeekArgumentError("headers", `must not set ${own[0]}; ${own[1]}`);
    if (
      !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) ||
      typeof value !== "string" ||
      /[\0\r\n]/.test(value)
    ) {
      throw new MixpeekArgumentError(
        `headers[${JSON.stringify(name)}]`,
        "is not a valid HTTP header",
      );
    }
  }
  return headers;
}

const OWN_HEADERS: { readonly [name: string]: readonly [string, string] | undefined } = {
  authorization: ["Authorization", "pass the key as apiKey"],
  "user-agent": ["User-Agent", "pass your product token as userAgent"],
};

/** Every runtime the package supports (server-side only: Node, Bun, Deno, workerd) sends it. */
function userAgentHeader(prefix: string | undefined): Record<string, string> {
  const own = `${PACKAGE_NAME}/${PACKAGE_VERSION} (${SPEC_TITLE} ${SPEC_VERSION})`;
  if (prefix === undefined) return { "User-Agent": own };
  if (!/^[\x20-\x7e]+$/.test(prefix)) {
    throw new MixpeekArgumentError("userAgent", "must be printable ASCII on one line");
  }
  return { "User-Agent": `${prefix} ${own}` };
}
