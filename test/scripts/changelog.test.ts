import { describe, expect, test } from "vitest";
import { addChangelogEntry } from "../../scripts/lib/changelog.js";

const ENTRY = ["- Spec: A 1 → A 2.", "  - `X.y`: property added"];

describe("addChangelogEntry keeps the Keep a Changelog layout", () => {
  test("no changelog yet: the standard header, Unreleased, Changed, the entry", () => {
    const text = addChangelogEntry(undefined, ENTRY);
    expect(text).toMatch(/^# Changelog\n/);
    expect(text).toContain("[Keep a Changelog](https://keepachangelog.com/en/1.1.0/)");
    expect(
      text.endsWith(
        "## [Unreleased]\n\n### Changed\n\n- Spec: A 1 → A 2.\n  - `X.y`: property added\n",
      ),
    ).toBe(true);
  });

  test("a second entry goes after the first, in the same Changed section", () => {
    const once = addChangelogEntry(undefined, ENTRY);
    const twice = addChangelogEntry(once, ["- Spec: A 2 → A 3."]);
    expect(twice).toBe(`${once}- Spec: A 2 → A 3.\n`);
  });

  test("an Unreleased section with Added, and a released version below: Changed goes after Added, above the release", () => {
    const text = [
      "# Changelog",
      "",
      "## [Unreleased]",
      "",
      "### Added",
      "",
      "- A feature.",
      "",
      "### Fixed",
      "",
      "- A bug.",
      "",
      "## [0.1.0] - 2026-01-01",
      "",
      "### Changed",
      "",
      "- Old.",
      "",
    ].join("\n");
    expect(addChangelogEntry(text, ["- Spec bump."])).toBe(
      [
        "# Changelog",
        "",
        "## [Unreleased]",
        "",
        "### Added",
        "",
        "- A feature.",
        "",
        "### Changed",
        "",
        "- Spec bump.",
        "",
        "### Fixed",
        "",
        "- A bug.",
        "",
        "## [0.1.0] - 2026-01-01",
        "",
        "### Changed",
        "",
        "- Old.",
        "",
      ].join("\n"),
    );
  });

  test("no Unreleased section: one is added above the latest release", () => {
    const text = "# Changelog\n\n## [0.1.0] - 2026-01-01\n\n- First.\n";
    expect(addChangelogEntry(text, ["- Spec bump."])).toBe(
      "# Changelog\n\n## [Unreleased]\n\n### Changed\n\n- Spec bump.\n\n## [0.1.0] - 2026-01-01\n\n- First.\n",
    );
  });
});
