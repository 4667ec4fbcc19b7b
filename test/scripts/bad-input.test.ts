import { readdir, rm } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { main } from "../../scripts/generate.js";
import { copyProject, type ProjectCopy } from "../helpers/project-copy.js";
import { captureIo, type CapturedIo } from "../helpers/script-io.js";

const SPEC = "openapi/mixpeek.yaml";

let copy: ProjectCopy;
beforeEach(async () => {
  copy = await copyProject();
});
afterEach(async () => {
  await copy.remove();
});

/**
 * Runs `generate` (write mode, so a half-finished write would show) and asserts the failure
 * contract: exit 2, the last line is the verdict, and generated/ is exactly as it was.
 */
async function generateFails(): Promise<CapturedIo> {
  const before = await generatedFiles();
  const io = captureIo();
  expect(await main(["--root", copy.root], io)).toBe(2);
  expect(io.out).toEqual([]);
  expect(await generatedFiles()).toEqual(before);
  return io;
}

async function generatedFiles(): Promise<Record<string, string>> {
  const names = (await readdir(copy.layout.generatedDir)).sort();
  const entries = await Promise.all(names.map(async (n) => [n, await copy.read(`generated/${n}`)]));
  return Object.fromEntries(entries) as Record<string, string>;
}

describe("generate rejects bad input with one clear line and writes nothing", () => {
  test("missing spec file", async () => {
    await rm(copy.layout.specFile);
    const io = await generateFails();
    expect(io.err).toEqual([`${SPEC}: cannot read the spec: no such file`]);
  });

  test("empty spec file", async () => {
    await copy.write(SPEC, "\n  \n");
    const io = await generateFails();
    expect(io.err).toEqual([`${SPEC}: the spec is empty`]);
  });

  test("invalid YAML, with the line and column where parsing stopped", async () => {
    // An unterminated quote on line 12; the YAML parser gives up at the start of line 13.
    await copy.edit(SPEC, "  version: '0.82'", "  version: '0.82");
    const io = await generateFails();
    expect(io.err).toEqual([`${SPEC}:13:1: invalid YAML: deficient indentation`]);
  });

  test("JSON that is not an OpenAPI document", async () => {
    await copy.write(SPEC, JSON.stringify({ name: "not a spec", paths: {} }));
    const io = await generateFails();
    expect(io.err).toEqual([
      `${SPEC}: not an OpenAPI document: no \`openapi\` version field at the top level`,
    ]);
  });

  test("JSON whose top level is not an object", async () => {
    await copy.write(SPEC, "[1, 2, 3]");
    const io = await generateFails();
    expect(io.err).toEqual([
      `${SPEC}: not an OpenAPI document: the top level is a list, expected a mapping`,
    ]);
  });

  test("OpenAPI 2.0 (Swagger), pointing at the swagger field", async () => {
    await copy.write(
      SPEC,
      '{"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {}}',
    );
    const io = await generateFails();
    expect(io.err).toEqual([
      `${SPEC}:1:2: Swagger 2.0 is not supported; expected OpenAPI 3.0 or 3.1`,
    ]);
  });

  test("an OpenAPI version the generator does not support", async () => {
    await copy.edit(SPEC, "openapi: 3.1.0", "openapi: 3.2.0");
    const io = await generateFails();
    expect(io.err).toEqual([
      `${SPEC}:1:1: OpenAPI "3.2.0" is not supported; expected 3.0.x or 3.1.x`,
    ]);
  });

  test("a $ref to a missing component, located at the $ref", async () => {
    await copy.edit(
      SPEC,
      "$ref: '#/components/schemas/ErrorDetail'",
      "$ref: '#/components/schemas/ErrorDetails'",
    );
    const io = await generateFails();
    expect(io.lastError()).toBe(
      `${SPEC}:175:11: 1 lint error(s), listed above (this one: no-unresolved-refs)`,
    );
    // Printed once, as a problem; the verdict does not repeat its message.
    expect(io.err.filter((line) => line.includes("Can't resolve $ref"))).toEqual([
      `${SPEC}:175:11: error no-unresolved-refs: Can't resolve $ref`,
    ]);
    // Every problem is printed before the verdict, warnings included.
    expect(io.err).toContain(
      `${SPEC}:201:5: warning no-unused-components: Component: "ErrorDetail" is never used.`,
    );
  });

  test("a spec with several lint errors: each printed once, the verdict counts them and points at the first", async () => {
    await copy.edit(SPEC, "- name: audit_id", "- name: auditId");
    const io = await generateFails();
    expect(io.err).toEqual([
      `${SPEC}:29:17: error path-parameters-defined: Path parameter \`auditId\` is not used in the path \`/v1/organizations/audit/logs/{audit_id}\`.`,
      `${SPEC}:28:7: error path-parameters-defined: The operation does not define the path parameter \`{audit_id}\` expected by path \`/v1/organizations/audit/logs/{audit_id}\`.`,
      `${SPEC}:29:17: 2 lint error(s), listed above (this one: path-parameters-defined)`,
    ]);
  });

  test("a valid spec without the audit endpoint this package wraps", async () => {
    await copy.edit(SPEC, "  /v1/organizations/audit/logs/{audit_id}:", "  /v2/audit/{audit_id}:");
    const io = await generateFails();
    expect(io.lastError()).toBe(
      `${SPEC}: the spec has no GET /v1/organizations/audit/logs/{audit_id} operation, which this package wraps`,
    );
  });

  test("a spec whose servers[0].url is not an absolute URL", async () => {
    await copy.edit(SPEC, "  - url: https://api.mixpeek.com", "  - url: /api");
    const io = await generateFails();
    expect(io.lastError()).toBe(
      `${SPEC}:14:10: servers[0].url "/api" is not an absolute http(s) URL`,
    );
  });

  test("a Redocly config with an unknown rule (it would silently lint less)", async () => {
    await copy.write(
      "openapi/redocly.yaml",
      (await copy.read("openapi/redocly.yaml")) + "  no-such-rule: error\n",
    );
    const io = await generateFails();
    expect(io.err).toEqual([
      "openapi/redocly.yaml:9:3: invalid Redocly config: Property `no-such-rule` is not expected here.",
    ]);
  });

  test("an unreadable prettier config", async () => {
    await copy.write(".prettierrc.json", "{");
    const io = await generateFails();
    expect(io.err).toEqual([
      ".prettierrc.json: invalid prettier config: Expected property name or '}' in JSON at position 1",
    ]);
  });
});

test("--root naming a folder that does not exist says so, not that a config is unreadable", async () => {
  const io = captureIo();
  expect(await main(["--root", "/nope/no-such-project"], io)).toBe(2);
  expect(io.err).toEqual(["generate: --root /nope/no-such-project: no such folder (see --help)"]);
});
