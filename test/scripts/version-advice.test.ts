import { describe, expect, test } from "vitest";
import type { SpecChange } from "../../scripts/lib/spec-diff.js";
import { compareSpecVersions } from "../../scripts/lib/spec-version.js";
import { adviseVersion, bumpVersion, isPlainVersion } from "../../scripts/lib/version-advice.js";

describe("compareSpecVersions orders dotted numbers and says when it can't", () => {
  test.each([
    ["0.82", "0.83", "newer"],
    ["0.82", "0.81", "older"],
    ["0.9", "0.10", "newer"],
    ["0.82", "0.82.0", "same"],
    ["1.2.3", "1.2", "older"],
    ["2", "10", "newer"],
  ])("%s → %s: %s", (before, after, kind) => {
    expect(compareSpecVersions(before, after)).toEqual({ kind });
  });

  test("a date, a pre-release or a missing version: unknown, with the reason", () => {
    expect(compareSpecVersions("0.82", "2026-11-26")).toEqual({
      kind: "unknown",
      reason: '"2026-11-26" is not a dotted number',
    });
    expect(compareSpecVersions(undefined, "1.0-beta")).toEqual({
      kind: "unknown",
      reason: '(no version) and "1.0-beta" are not dotted numbers',
    });
  });
});

const change = (breaking: boolean, where = "AuditEventResponse.x"): SpecChange => ({
  where,
  what: "w",
  breaking,
});

describe("version advice", () => {
  test("from 1.0.0: breaking → major, other changes → minor, only info.version or descriptions → patch", () => {
    const advise = (changes: SpecChange[], breaking: boolean) =>
      adviseVersion(changes, breaking, "1.4.2").level;
    expect(advise([change(true)], true)).toBe("major");
    // A failed type-check is breaking even when the diff found nothing breaking.
    expect(advise([change(false)], true)).toBe("major");
    expect(advise([change(false), change(false, "info.version")], false)).toBe("minor");
    expect(advise([change(false, "info.version")], false)).toBe("patch");
    expect(advise([], false)).toBe("patch");
  });

  test("while 0.x: breaking raises the minor number, anything else the patch number (^0.1.0 users get additions)", () => {
    const next = (changes: SpecChange[], breaking: boolean, version = "0.1.0") =>
      bumpVersion(version, adviseVersion(changes, breaking, version).level);
    expect(next([change(true)], true)).toBe("0.2.0");
    expect(next([change(false)], false)).toBe("0.1.1");
    expect(next([change(false, "info.version")], false)).toBe("0.1.1");
    expect(next([change(false)], true, "0.9.3")).toBe("0.10.0");
    expect(adviseVersion([change(false)], false, "0.1.0").why).toBe(
      "additions, nothing breaking; while 0.x that raises the patch number",
    );
    expect(adviseVersion([change(true)], true, "0.1.0").why).toBe(
      "breaking for users of the client; while 0.x that raises the minor number",
    );
    // A version that says nothing about 0.x (none in package.json): semver's usual.
    expect(adviseVersion([change(true)], true, undefined).level).toBe("major");
    expect(adviseVersion([change(false)], false, "10.1.0").level).toBe("minor");
  });

  test("bumpVersion raises the part it is given, as semver says", () => {
    expect(bumpVersion("1.4.2", "major")).toBe("2.0.0");
    expect(bumpVersion("1.4.2", "minor")).toBe("1.5.0");
    expect(bumpVersion("1.4.2", "patch")).toBe("1.4.3");
    expect(bumpVersion("0.1.3", "minor")).toBe("0.2.0");
    expect(isPlainVersion("1.0.0-rc.1")).toBe(false);
    expect(isPlainVersion(undefined)).toBe(false);
    expect(() => bumpVersion("1.0.0-rc.1", "patch")).toThrow("not a plain major.minor.patch");
  });
});
