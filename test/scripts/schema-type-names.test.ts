import { readFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import ts from "typescript";
import { afterEach, describe, expect, test } from "vitest";
import { main as generate } from "../../scripts/generate.js";
import { renderApiTypes } from "../../scripts/lib/render-api-types.js";
import { identifierFor, schemaTypeNames } from "../../scripts/lib/schema-type-names.js";
import { parseSpec } from "../../scripts/lib/spec-document.js";
import { parseYaml } from "@redocly/openapi-core";
import { FIXTURES } from "../helpers/full-project.js";
import { copyProject, REPO_ROOT, type ProjectCopy } from "../helpers/project-copy.js";
import { captureIo } from "../helpers/script-io.js";
import { exportedNames, typeErrors } from "../helpers/typecheck-source.js";

const SPEC_FILE = path.join(REPO_ROOT, "openapi/mixpeek.yaml");
const seed = parseYaml(await readFile(SPEC_FILE, "utf8")) as {
  components: { schemas: Record<string, unknown> };
};
const SEED_SCHEMAS = Object.keys(seed.components.schemas);
/** What openapi-typescript declares next to the aliases. */
const GENERATED = new Set(["paths", "webhooks", "components", "$defs", "operations"]);

/** api-types.ts (unformatted) for the seed spec plus one string schema per name. */
async function typesWithSchemas(names: readonly string[]) {
  const schemas = { ...seed.components.schemas };
  for (const name of names) schemas[name] = { type: "string" };
  const json = JSON.stringify({ ...seed, components: { ...seed.components, schemas } });
  const spec = parseSpec(new TextEncoder().encode(json), SPEC_FILE, "spec.json");
  return renderApiTypes(spec, SPEC_FILE, "");
}

describe("schema names become exported type names", () => {
  test("valid identifiers keep their exact spelling", () => {
    const { names, collisions } = schemaTypeNames(
      ["HTTPValidationError", "AuditEventResponse", "snake_case", "$Dollar", "Événement"],
      GENERATED,
    );
    expect([...names.values()]).toEqual([...names.keys()]);
    expect(collisions).toEqual([]);
  });

  test("FastAPI's -Input/-Output pairs, dots, spaces, leading digits and reserved words are mapped", () => {
    expect(
      [
        "ResourceType-Input",
        "ResourceType-Output",
        "checkout.session",
        "Body of upload file",
        "3DSecure",
        "string",
        "default",
        "-",
        "",
      ].map(identifierFor),
    ).toEqual([
      "ResourceTypeInput",
      "ResourceTypeOutput",
      "checkoutSession",
      "BodyOfUploadFile",
      "_3DSecure",
      "_string",
      "_default",
      "_",
      "_",
    ]);
  });

  test("collisions get numbered suffixes in name order, whatever the spec's order, and are reported", () => {
    const spec = ["Page.Token", "Foo-Bar", "FooBar", "Page-Token", "components"];
    const { names, collisions } = schemaTypeNames(spec, GENERATED);
    const expected = {
      "Page.Token": "PageToken_2",
      "Foo-Bar": "FooBar_2",
      FooBar: "FooBar",
      "Page-Token": "PageToken",
      components: "components_2",
    };
    expect(Object.fromEntries(names)).toEqual(expected);
    expect(Object.fromEntries(schemaTypeNames([...spec].reverse(), GENERATED).names)).toEqual(
      expected,
    );
    expect(collisions.map((c) => c.message)).toEqual([
      'schema "Foo-Bar" maps to the type name FooBar, already taken by schema "FooBar"; exported as FooBar_2',
      'schema "Page.Token" maps to the type name PageToken, already taken by schema "Page-Token"; exported as PageToken_2',
      'schema "components" maps to the type name components, already taken by the generated `components`; exported as components_2',
    ]);
  });

  test("every TypeScript keyword as a schema name gives a module that compiles", async () => {
    const keywords: string[] = [];
    for (let kind = ts.SyntaxKind.FirstKeyword; kind <= ts.SyntaxKind.LastKeyword; kind++)
      keywords.push(ts.tokenToString(kind)!);
    const { source } = await typesWithSchemas(keywords);
    expect(typeErrors(source)).toEqual([]);
    expect(exportedNames(source)).toEqual(expect.arrayContaining(["_string", "type", "_as"]));
  });

  test("any set of schema names gives a module that compiles, with one export per schema", async () => {
    // Not `valueOf`, `toString` & co.: openapi-typescript's Redocly 1.x looks schema names up in
    // plain objects and crashes on those before any name is chosen (generate then exits 2 with
    // "openapi-typescript could not generate types").
    const name = fc
      .string({ unit: "binary", maxLength: 12 })
      .filter((n) => !(n in Object.prototype));
    const names = fc.uniqueArray(name, { minLength: 1, maxLength: 4 });
    await fc.assert(
      fc.asyncProperty(names, async (extra) => {
        const all = [...new Set([...SEED_SCHEMAS, ...extra])];
        const { source } = await typesWithSchemas(extra);
        expect(typeErrors(source)).toEqual([]);
        const exported = exportedNames(source);
        // One alias per schema, each name exported once, and the seed's names unchanged.
        expect(new Set(exported).size).toBe(exported.length);
        expect(exported.length).toBe(all.length + GENERATED.size);
        expect(exported).toEqual(expect.arrayContaining(SEED_SCHEMAS));
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe("generate with FastAPI's schema names", () => {
  let copy: ProjectCopy | undefined;
  afterEach(async () => {
    await copy?.remove();
    copy = undefined;
  });

  test("writes valid TypeScript, keeps valid names, and prints one warning per collision", async () => {
    copy = await copyProject();
    await copy.write(
      "openapi/mixpeek.yaml",
      await readFile(`${FIXTURES}/fastapi-names.yaml`, "utf8"),
    );
    const io = captureIo();
    expect(await generate(["--root", copy.root], io)).toBe(0);
    expect(io.err.filter((line) => line.includes("type-name"))).toEqual([
      'openapi/mixpeek.yaml:285:5: warning type-name: schema "Foo-Bar" maps to the type name FooBar, already taken by schema "FooBar"; exported as FooBar_2',
      'openapi/mixpeek.yaml:288:5: warning type-name: schema "Foo.Bar" maps to the type name FooBar, already taken by schema "FooBar"; exported as FooBar_3',
      'openapi/mixpeek.yaml:297:5: warning type-name: schema "Page.Token" maps to the type name PageToken, already taken by schema "Page-Token"; exported as PageToken_2',
      'openapi/mixpeek.yaml:291:5: warning type-name: schema "components" maps to the type name components, already taken by the generated `components`; exported as components_2',
    ]);
    const types = await copy.read("generated/api-types.ts");
    expect(typeErrors(types)).toEqual([]);
    for (const line of [
      'export type HTTPValidationError = components["schemas"]["HTTPValidationError"];',
      'export type ResourceTypeInput = components["schemas"]["ResourceType-Input"];',
      'export type ResourceTypeOutput = components["schemas"]["ResourceType-Output"];',
      'export type checkoutSession = components["schemas"]["checkout.session"];',
      'export type _3DSecure = components["schemas"]["3DSecure"];',
      'export type FooBar = components["schemas"]["FooBar"];',
      'export type FooBar_2 = components["schemas"]["Foo-Bar"];',
      'export type PageToken_2 = components["schemas"]["Page.Token"];',
    ])
      expect(types).toContain(`\n${line}\n`);
  }, 60_000);

  test("a schema named `valueOf` (openapi-typescript's bundler fails on it): one line, exit 2, nothing written", async () => {
    copy = await copyProject();
    const spec = await copy.read("openapi/mixpeek.yaml");
    await copy.write("openapi/mixpeek.yaml", `${spec}    valueOf:\n      type: string\n`);
    const before = await copy.read("generated/api-types.ts");
    const io = captureIo();
    expect(await generate(["--root", copy.root], io)).toBe(2);
    expect(io.lastError()).toBe(
      "openapi/mixpeek.yaml: openapi-typescript could not generate types: Cannot convert undefined or null to object",
    );
    expect(await copy.read("generated/api-types.ts")).toBe(before);
  });
});
