import { createHash } from "node:crypto";
import type { OpenAPI3 } from "openapi-typescript";

/**
 * Hex digits of the content hash that titles, reports and changelog entries show: enough to tell
 * Mixpeek's documents apart, which all say `info.version: "0.81"` whatever they hold.
 */
const SHORT_HASH_LENGTH = 8;

/** Which spec a report is about: what it says it is, and what it holds. */
export interface SpecIdentity {
  readonly title: string;
  readonly version: string;
  /** SHA-256 (hex) of the canonical JSON of the part this package vendors. */
  readonly sha256: string;
  /** The day the source says it was published (an HTTP `Last-Modified`), `YYYY-MM-DD`. */
  readonly published?: string;
}

/**
 * JSON with every object's keys sorted (code-unit order): the same value gives the same text
 * whatever the key order or layout of the document it was read from.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, inner: unknown) =>
    inner !== null && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(
          Object.keys(inner)
            .sort()
            .map((key) => [key, (inner as Record<string, unknown>)[key]]),
        )
      : inner,
  );
}

export function specIdentity(part: OpenAPI3, published?: Date): SpecIdentity {
  const { title, version } = (part.info ?? {}) as { title?: unknown; version?: unknown };
  return {
    title: typeof title === "string" ? title : "?",
    version: typeof version === "string" ? version : "?",
    sha256: createHash("sha256").update(canonicalJson(part)).digest("hex"),
    ...(published && !Number.isNaN(published.getTime())
      ? { published: published.toISOString().slice(0, 10) }
      : {}),
  };
}

export function shortHash(identity: SpecIdentity): string {
  return identity.sha256.slice(0, SHORT_HASH_LENGTH);
}

/** `Mixpeek API 0.82 (1a2b3c4d, 2026-02-16)`; the title left out when `sameTitleAs` has it. */
export function describeSpec(identity: SpecIdentity, sameTitleAs?: SpecIdentity): string {
  const title = sameTitleAs?.title === identity.title ? "" : `${identity.title} `;
  const date = identity.published ? `, ${identity.published}` : "";
  return `${title}${identity.version} (${shortHash(identity)}${date})`;
}

/** `Mixpeek API 0.81 (1a2b3c4d) → 0.82 (5e6f7a8b)`; a first import has no left side. */
export function describeChange(before: SpecIdentity | undefined, after: SpecIdentity): string {
  return before
    ? `${describeSpec(before)} → ${describeSpec(after, before)}`
    : `(none) → ${describeSpec(after)}`;
}

/** Mixpeek changes its documents without changing `info.version`: worth saying each time. */
export function changedWithoutVersionBump(
  before: SpecIdentity | undefined,
  after: SpecIdentity,
): boolean {
  return before !== undefined && before.version === after.version && before.sha256 !== after.sha256;
}
