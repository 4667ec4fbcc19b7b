import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { SPEC_SHA256, SPEC_VERSION } from "../../generated/spec-metadata.js";
import { extractSpecFromMarkdown } from "../../scripts/lib/markdown-spec.js";
import { SPEC_PATH } from "../../scripts/lib/project.js";
import { parseSpec } from "../../scripts/lib/spec-document.js";
import { REPO_ROOT } from "../helpers/project-copy.js";

const specFile = path.join(REPO_ROOT, SPEC_PATH);

describe("the vendored spec", () => {
  test("is the yaml block of Mixpeek's published docs page, byte for byte", async () => {
    const page = await readFile(
      path.join(REPO_ROOT, "test/fixtures/mixpeek-docs-page-0.82.md"),
      "utf8",
    );
    const published = extractSpecFromMarkdown(page, "mixpeek-docs-page-0.82.md");
    expect(Buffer.compare(Buffer.from(published), await readFile(specFile))).toBe(0);
  });

  test("parses as OpenAPI 3.1 with the audit endpoint", async () => {
    const spec = parseSpec(await readFile(specFile), specFile, SPEC_PATH);
    expect(spec.openapi.openapi).toBe("3.1.0");
    expect(spec.openapi.info.version).toBe(SPEC_VERSION);
    expect(Object.keys(spec.openapi.paths ?? {})).toContain(
      "/v1/organizations/audit/logs/{audit_id}",
    );
  });

  test("is the spec generated/ was made from (its SHA-256 is the one recorded there)", async () => {
    const sha256 = createHash("sha256")
      .update(await readFile(specFile))
      .digest("hex");
    expect(SPEC_SHA256).toBe(sha256);
  });
});

describe("extractSpecFromMarkdown", () => {
  const fence = "````";
  test("takes the one fenced block that holds an OpenAPI document, keeping its line endings", () => {
    const page = [
      "# Title\r\n",
      "```yaml\r\n",
      "example: not a spec\r\n",
      "```\r\n",
      `${fence}yaml get /x\r\n`,
      "openapi: 3.1.0\r\n",
      "info: {}\r\n",
      `${fence}\r\n`,
    ].join("");
    expect(extractSpecFromMarkdown(page, "page.md")).toBe("openapi: 3.1.0\r\ninfo: {}\r\n");
  });

  test("refuses a page with no spec block, and one with two", () => {
    expect(() => extractSpecFromMarkdown("# nothing\n```yaml\na: 1\n```\n", "page.md")).toThrow(
      "page.md: no fenced yaml or json block with an OpenAPI document in this Markdown page",
    );
    const two = '```yaml\nopenapi: 3.1.0\n```\n\n```json\n{"openapi": "3.0.3"}\n```\n';
    expect(() => extractSpecFromMarkdown(two, "page.md")).toThrow(
      "page.md:5: more than one fenced block holds an OpenAPI document (lines 1, 5); pass the spec itself",
    );
  });
});
