import type { SpecChange } from "./spec-diff.js";

/** The package version a spec bump calls for, in semver terms. */
export type BumpLevel = "major" | "minor" | "patch";

export interface VersionAdvice {
  readonly level: BumpLevel;
  readonly why: string;
}

/**
 * The part of the package version a spec bump raises. From 1.0.0, semver's usual: breaking for
 * users of the client → major; anything else it can now do or describe (an operation, a field, a
 * schema) → minor; only descriptions, examples or `info.version` → patch. While the package is
 * 0.x, npm's caret ranges move the meaning down one place (`^0.1.0` takes 0.1.x only), so a
 * breaking change raises the minor number and anything else the patch number: `^0.1.0` users
 * then receive additions, and only a breaking change waits for them to opt in.
 */
export function adviseVersion(
  changes: readonly SpecChange[],
  breaking: boolean,
  packageVersion: string | undefined,
): VersionAdvice {
  const initial = packageVersion !== undefined && /^0\./.test(packageVersion);
  if (breaking) {
    return initial
      ? {
          level: "minor",
          why: "breaking for users of the client; while 0.x that raises the minor number",
        }
      : { level: "major", why: "breaking for users of the client" };
  }
  if (changes.some((c) => c.where !== "info.version")) {
    return initial
      ? {
          level: "patch",
          why: "additions, nothing breaking; while 0.x that raises the patch number",
        }
      : { level: "minor", why: "additions, nothing breaking" };
  }
  return { level: "patch", why: "documentation only: no change to types or validation" };
}

const PLAIN_VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

/** `1.2.3`, without pre-release or build parts: what bumpVersion can raise. */
export function isPlainVersion(version: string | undefined): version is string {
  return version !== undefined && PLAIN_VERSION.test(version);
}

/** `version` raised by `level`, as semver says: `1.4.2` → `2.0.0`, `1.5.0` or `1.4.3`. */
export function bumpVersion(version: string, level: BumpLevel): string {
  const match = PLAIN_VERSION.exec(version);
  if (!match) throw new Error(`"${version}" is not a plain major.minor.patch version`);
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  if (level === "major") return `${major + 1}.0.0`;
  if (level === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}
