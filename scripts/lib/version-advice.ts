import type { SpecChange } from "./spec-diff.js";

/** The package version a spec bump calls for, in semver terms. */
export type BumpLevel = "major" | "minor" | "patch";

export interface VersionAdvice {
  readonly level: BumpLevel;
  readonly why: string;
}

/**
 * Breaking for users of the client → major; anything else it can now do or describe (an
 * operation, a field, a schema) → minor; only descriptions, examples or `info.version` → patch.
 */
export function adviseVersion(changes: readonly SpecChange[], breaking: boolean): VersionAdvice {
  if (breaking) return { level: "major", why: "breaking for users of the client" };
  if (changes.some((c) => c.where !== "info.version"))
    return { level: "minor", why: "additions, nothing breaking" };
  return { level: "patch", why: "documentation only: no change to types or validation" };
}

const PLAIN_VERSION = /^(\d+)\.(\d+)\.(\d+)$/;

/** `1.2.3`, without pre-release or build parts: what bumpVersion can raise. */
export function isPlainVersion(version: string | undefined): version is string {
  return version !== undefined && PLAIN_VERSION.test(version);
}

/**
 * `version` raised by `level`. While the package is 0.x, a major change raises the minor number
 * (0.1.3 → 0.2.0): npm's `^0.1.3` already treats that as incompatible, and 1.0.0 is a promise
 * of stability a spec bump should not make on its own.
 */
export function bumpVersion(version: string, level: BumpLevel): string {
  const match = PLAIN_VERSION.exec(version);
  if (!match) throw new Error(`"${version}" is not a plain major.minor.patch version`);
  const [major, minor, patch] = match.slice(1).map(Number) as [number, number, number];
  const effective = level === "major" && major === 0 ? "minor" : level;
  if (effective === "major") return `${major + 1}.0.0`;
  if (effective === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}
