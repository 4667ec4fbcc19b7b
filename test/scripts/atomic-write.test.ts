import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { writeFilesAtomically } from "../../scripts/lib/atomic-write.js";
import { findDrift } from "../../scripts/lib/drift.js";
import { runTsFile } from "../helpers/run-script.js";

let dir: string;
let a: string;
let b: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "atomic-write-"));
  a = path.join(dir, "a.ts");
  b = path.join(dir, "b.ts");
  await writeFile(a, "old a\n");
  await writeFile(b, "old b\n");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const contents = () => Promise.all([readFile(a, "utf8"), readFile(b, "utf8")]);

function runChild(signal: string, when: "before-renames" | "mid-renames", ...targets: string[]) {
  return runTsFile("test/helpers/atomic-write-child.ts", [
    signal,
    when,
    ...(targets.length ? targets : [a, b]),
  ]);
}

describe("writeFilesAtomically", () => {
  test("replaces changed files and reports only those", async () => {
    const changed = await writeFilesAtomically([
      { path: a, content: "new a\n" },
      { path: b, content: "old b\n" },
    ]);
    expect(changed).toEqual([a]);
    expect(await contents()).toEqual(["new a\n", "old b\n"]);
    expect(await readdir(dir)).toEqual(["a.ts", "b.ts"]);
  });

  test("leaves an unchanged file untouched (same inode and mtime)", async () => {
    const before = await stat(b);
    await writeFilesAtomically([{ path: b, content: "old b\n" }]);
    const after = await stat(b);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  test("a failure after the temp files were written leaves every target as it was, and no temp file", async () => {
    const write = writeFilesAtomically(
      [
        { path: a, content: "new a\n" },
        { path: b, content: "new b\n" },
      ],
      {
        beforeRename: async () => {
          // Two temps with the new content, two hard-linked backups of the originals.
          expect((await readdir(dir)).filter((n) => n.includes(".tmp-"))).toHaveLength(4);
          throw new Error("disk full");
        },
      },
    );
    await expect(write).rejects.toThrow("disk full");
    expect(await contents()).toEqual(["old a\n", "old b\n"]);
    expect(await readdir(dir)).toEqual(["a.ts", "b.ts"]);
  });

  test("a failure half-way through the renames puts every original back and removes new files", async () => {
    const created = path.join(dir, "c.ts");
    const write = writeFilesAtomically(
      [
        { path: a, content: "new a\n" },
        { path: created, content: "new c\n" },
        { path: b, content: "new b\n" },
      ],
      {
        beforeEachRename: (target) => {
          if (target === b) throw new Error("EIO on the third rename");
        },
      },
    );
    await expect(write).rejects.toThrow("EIO on the third rename");
    expect(await contents()).toEqual(["old a\n", "old b\n"]);
    expect(await readdir(dir)).toEqual(["a.ts", "b.ts"]);
  });

  test("Ctrl-C between the temp writes and the renames: targets unchanged, temp files removed", async () => {
    const child = runChild("SIGINT", "before-renames");
    expect(child.signal).toBe("SIGINT");
    expect(await contents()).toEqual(["old a\n", "old b\n"]);
    expect(await readdir(dir)).toEqual(["a.ts", "b.ts"]);
  });

  test("Ctrl-C half-way through the renames: every target back to old, nothing left behind", async () => {
    const c = path.join(dir, "c.ts");
    const d = path.join(dir, "d.ts");
    await writeFile(c, "old c\n");
    await writeFile(d, "old d\n");
    const child = runChild("SIGINT", "mid-renames", a, b, c, d);
    expect(child.signal).toBe("SIGINT");
    const all = await Promise.all([a, b, c, d].map((f) => readFile(f, "utf8")));
    expect(all).toEqual(["old a\n", "old b\n", "old c\n", "old d\n"]);
    expect((await readdir(dir)).sort()).toEqual(["a.ts", "b.ts", "c.ts", "d.ts"]);
  });

  test("a hard kill before the renames: targets unchanged; leftover temp files are dotfiles the drift check skips", async () => {
    const child = runChild("SIGKILL", "before-renames");
    expect(child.signal).toBe("SIGKILL");
    expect(await contents()).toEqual(["old a\n", "old b\n"]);
    const leftovers = (await readdir(dir)).filter((n) => !["a.ts", "b.ts"].includes(n));
    expect(leftovers).toHaveLength(4);
    for (const name of leftovers) expect(name).toMatch(/^\.[ab]\.ts\.tmp-\d+-[0-9a-f]{8}$/);
    const expected = [
      { path: a, content: "old a\n" },
      { path: b, content: "old b\n" },
    ];
    expect(await findDrift(expected, dir, (f) => f)).toEqual([]);
  });
});
