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
  section: "schemas",
  where,
  what: "w",
  breaking,
  wrapped: true,
});

describe("version advice", () => {
  test("breaking → major, other changes → minor, only info.version or descriptions → patch", () => {
    expect(adviseVersion([change(true)], true).level).toBe("major");
    // A failed type-check is breaking even when the diff found nothing breaking.
    expect(adviseVersion([change(false)], true).level).toBe("major");
    expect(adviseVersion([change(false), change(false, "info.version")], false).level).toBe(
      "minor",
    );
    expect(adviseVersion([change(false, "info.version")], false).level).toBe("patch");
    expect(adviseVersion([], false).level).toBe("patch");
  });

  test("bumpVersion: semver, with a major change on 0.x raising the minor number", () => {
    expect(bumpVersion("1.4.2", "major")).toBe("2.0.0");
    expect(bumpVersion("1.4.2", "minor")).toBe("1.5.0");
    expect(bumpVersion("1.4.2", "patch")).toBe("1.4.3");
    expect(bumpVersion("0.1.3", "major")).toBe("0.2.0");
    expect(bumpVersion("0.1.3", "minor")).toBe("0.2.0");
    expect(bumpVersion("0.1.3", "patch")).toBe("0.1.4");
    expect(isPlainVersion("1.0.0-rc.1")).toBe(false);
    expect(() => bumpVersion("1.0.0-rc.1", "patch")).toThrow("not a plain major.minor.patch");
  });
});
