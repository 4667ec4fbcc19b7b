import { MixpeekArgumentError } from "./errors.js";

/** Characters encodeURIComponent leaves alone but RFC 3986 reserves (sub-delims). */
const SUB_DELIMS = /[!'()*]/g;

/**
 * A path parameter as exactly one path segment. Everything but RFC 3986's unreserved characters
 * is percent-encoded, so `/`, `?`, `#`, `%`, `\` or non-ASCII text can't change the request path.
 * Refused, because no encoding can make them safe or they can't be a real id:
 * - empty (the path would name the collection instead),
 * - surrounding whitespace (a copy-paste slip that would 404 far from its cause),
 * - `.` and `..` (URL parsers resolve them as path steps, even percent-encoded),
 * - text that is not well-formed Unicode (a lone surrogate has no UTF-8 encoding).
 */
export function encodePathSegment(name: string, value: unknown): string {
  if (typeof value !== "string" && typeof value !== "number") {
    throw new MixpeekArgumentError(name, `must be a string, got ${describeType(value)}`);
  }
  const text = String(value);
  if (text === "") throw new MixpeekArgumentError(name, "must not be empty");
  if (text.trim() !== text) {
    throw new MixpeekArgumentError(name, "must not start or end with whitespace");
  }
  if (text === "." || text === "..") {
    throw new MixpeekArgumentError(
      name,
      `must not be "${text}" (a URL resolves it as a path step)`,
    );
  }
  try {
    return encodeURIComponent(text).replace(
      SUB_DELIMS,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  } catch {
    throw new MixpeekArgumentError(name, "is not well-formed Unicode (it has a lone surrogate)");
  }
}

/** openapi-fetch's `pathSerializer`: fills each `{name}` of the path template. */
export function serializePath(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{([^{}]+)\}/g, (placeholder, name: string) =>
    name in params ? encodePathSegment(name, params[name]) : placeholder,
  );
}

/** A value's type as a message names it: `null`, not JavaScript's "object". */
export function describeType(value: unknown): string {
  return value === null ? "null" : typeof value;
}
