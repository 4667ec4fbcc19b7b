import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { main } from "../../scripts/generate.js";
import { MAX_DIFF_LINES } from "../../scripts/lib/drift.js";
import { GENERATED_FILES } from "../../scripts/lib/project.js";
import { copyProject, type ProjectCopy } from "../helpers/project-copy.js";
import { captureIo } from "../helpers/script-io.js";

const TYPES = `generated/${GENERATED_FILES.apiTypes}`;
const METADATA = `generated/${GENERATED_FILES.specMetadata}`;
const FIX_HINT = "run `npm run generate` and commit the result";

let copy: ProjectCopy;
beforeEach(async () => {
  copy = await copyProject();
});
afterEach(async () => {
  await copy.remove();
});

/** Runs the check on the copy; asserts it failed and left every file as it was. */
async function checkFails(): Promise<string[]> {
  const before = await snapshot();
  const io = captureIo();
  expect(await main(["--check", "--root", copy.root], io)).toBe(1);
  expect(io.lastError()).toMatch(
    /^generated\/ is out of date with openapi\/mixpeek\.yaml \(Mixpeek API [\d.]+\): \d file\(s\) differ; /,
  );
  expect(io.lastError()).toContain(FIX_HINT);
  expect(await snapshot()).toEqual(before);
  return io.err;
}

async function snapshot(): Promise<string[]> {
  return Promise.all(
    [TYPES, METADATA, "openapi/mixpeek.yaml"].map((f) => copy.read(f).catch(() => "")),
  );
}

describe("check:generated catches drift", () => {
  test("a changed description in the spec shows up as a diff of the doc comment", async () => {
    await copy.edit(
      "openapi/mixpeek.yaml",
      "description: Unique audit event identifier",
      "description: Unique identifier of the audit event",
    );
    const err = await checkFails();
    expect(err).toContain(`${TYPES} differs from a fresh regeneration:`);
    expect(err).toContain(`--- a/${TYPES}\tcommitted`);
    expect(err).toContain("-             * @description Unique audit event identifier");
    expect(err).toContain("+             * @description Unique identifier of the audit event");
  });

  test("a property removed from the spec shows up as a removed field", async () => {
    await copy.edit(
      "openapi/mixpeek.yaml",
      [
        "        actor_key_name:",
        "          anyOf:",
        "            - type: string",
        "            - type: 'null'",
        "          title: Actor Key Name",
        "          description: API key name used",
        "",
      ].join("\n"),
      "",
    );
    const err = await checkFails();
    expect(err).toContain("-            actor_key_name?: string | null;");
  });

  test("a hand edit of a generated file is reported and undone by the diff", async () => {
    await copy.edit(TYPES, "resource_type: string;", "resource_type: number;");
    const err = await checkFails();
    expect(err).toContain(`${TYPES} differs from a fresh regeneration:`);
    expect(err).toContain("-            resource_type: number;");
    expect(err).toContain("+            resource_type: string;");
    expect(err.join("\n")).not.toContain(METADATA);
  });

  test("any byte change to the spec, even a comment, changes the recorded hash", async () => {
    await copy.write(
      "openapi/mixpeek.yaml",
      (await copy.read("openapi/mixpeek.yaml")) + "# reviewed\n",
    );
    const err = await checkFails();
    expect(err).toContain(`${METADATA} differs from a fresh regeneration:`);
    expect(err.some((l) => /^-export const SPEC_SHA256 = "[0-9a-f]{64}";$/.test(l))).toBe(true);
    expect(err.some((l) => /^\+export const SPEC_SHA256 = "[0-9a-f]{64}";$/.test(l))).toBe(true);
  });

  test("a missing generated file and a file the generator no longer makes are both drift", async () => {
    await rm(path.join(copy.layout.generatedDir, GENERATED_FILES.specMetadata));
    await writeFile(path.join(copy.layout.generatedDir, "stale.ts"), "export const old = 1;\n");
    const err = await checkFails();
    expect(err).toContain(`${METADATA} is missing:`);
    expect(err).toContain("generated/stale.ts is not produced by the generator any more:");
    expect(err).toContain("-export const old = 1;");
    expect(err.at(-1)).toContain("2 file(s) differ");
  });

  test("a huge diff is cut short with a count of the lines left out", async () => {
    const junk = Array.from({ length: 2000 }, (_, i) => `// line ${i}`).join("\n");
    await copy.write(TYPES, junk);
    const err = await checkFails();
    expect(err.length).toBeLessThanOrEqual(MAX_DIFF_LINES + 2);
    expect(err.at(-2)).toMatch(/^… \d+ more diff lines not shown$/);
  });

  test("passes, and prints what it compared, when nothing drifted", async () => {
    const before = await snapshot();
    const io = captureIo();
    expect(await main(["--check", "--root", copy.root], io)).toBe(0);
    expect(io.out).toEqual([
      "generated/ is up to date with openapi/mixpeek.yaml (Mixpeek API 0.82)",
    ]);
    expect(io.err).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});
