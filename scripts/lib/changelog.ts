/** CHANGELOG.md, in the Keep a Changelog format (https://keepachangelog.com/en/1.1.0/). */
export const CHANGELOG_PATH = "CHANGELOG.md";

const NEW_CHANGELOG = `# Changelog

All notable changes to this package are documented in this file.

The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/), and this project
adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).

## [Unreleased]
`;

/**
 * The changelog with `entry` (Markdown list lines) added under `## [Unreleased]` → `### Changed`,
 * after what is there; each heading is created when missing. Releases rename the Unreleased
 * section, so a spec bump never needs to know the next version's date.
 */
export function addChangelogEntry(changelog: string | undefined, entry: readonly string[]): string {
  const lines = (changelog ?? NEW_CHANGELOG).replace(/\n*$/, "\n").split("\n");
  lines.pop();
  let unreleased = lines.findIndex((l) => /^## \[?Unreleased\]?/i.test(l));
  if (unreleased === -1) {
    const firstRelease = lines.findIndex((l) => l.startsWith("## "));
    unreleased = firstRelease === -1 ? lines.length : firstRelease;
    lines.splice(unreleased, 0, "## [Unreleased]", "");
  }
  const nextRelease = lines.findIndex((l, i) => i > unreleased && l.startsWith("## "));
  const end = nextRelease === -1 ? lines.length : nextRelease;
  let changed = lines.findIndex((l, i) => i > unreleased && i < end && /^### Changed\s*$/.test(l));
  if (changed === -1) {
    // Keep a Changelog orders Added before Changed; a new Changed goes after an Added if any.
    const next = lines.findIndex(
      (l, i) => i > unreleased && i < end && l.startsWith("### ") && !/^### Added/.test(l),
    );
    const at = next === -1 ? end : next;
    lines.splice(at, 0, ...(lines[at - 1] === "" ? [] : [""]), "### Changed", "");
    changed = lines.indexOf("### Changed", unreleased);
  }
  const sectionEnd = lines.findIndex(
    (l, i) => i > changed && (l.startsWith("## ") || l.startsWith("### ")),
  );
  let at = sectionEnd === -1 ? lines.length : sectionEnd;
  while (at > changed + 1 && lines[at - 1] === "") at--;
  const gap = lines[at - 1] === "### Changed" ? [""] : [];
  lines.splice(at, 0, ...gap, ...entry);
  return `${lines.join("\n").replace(/\n*$/, "")}\n`;
}
