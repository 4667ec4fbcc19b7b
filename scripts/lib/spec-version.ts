/** How the new spec's `info.version` relates to the vendored one. */
export type VersionOrder =
  | { readonly kind: "newer" | "same" | "older" }
  /** At least one side is not a dotted number (`0.82`, `1.4.0`): no order can be told. */
  | { readonly kind: "unknown"; readonly reason: string };

const DOTTED_NUMBER = /^\d+(?:\.\d+)*$/;

/**
 * Orders two `info.version` values as dotted numbers, numerically part by part, missing parts
 * counting as zero (`0.82` = `0.82.0` < `0.100`). Anything else — a date, `1.0-beta`, no
 * version — can't be ordered, and says why.
 */
export function compareSpecVersions(before: unknown, after: unknown): VersionOrder {
  const bad = [before, after].filter((v) => typeof v !== "string" || !DOTTED_NUMBER.test(v));
  if (bad.length > 0) {
    const shown = bad.map((v) => (v === undefined ? "(no version)" : JSON.stringify(v)));
    return {
      kind: "unknown",
      reason: `${shown.join(" and ")} ${bad.length > 1 ? "are not dotted numbers" : "is not a dotted number"}`,
    };
  }
  const a = (before as string).split(".").map(Number);
  const b = (after as string).split(".").map(Number);
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const diff = (b[i] ?? 0) - (a[i] ?? 0);
    if (diff !== 0) return { kind: diff > 0 ? "newer" : "older" };
  }
  return { kind: "same" };
}
