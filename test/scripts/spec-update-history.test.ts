import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseYaml } from "@redocly/openapi-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { UpdateOutcome } from "../../scripts/spec-update.js";
import { main as generate } from "../../scripts/generate.js";
import {
  FIXTURES,
  fullProjectCopy,
  runSpecUpdate,
  type FullProject,
} from "../helpers/full-project.js";
import { REPO_ROOT } from "../helpers/project-copy.js";
import { captureIo } from "../helpers/script-io.js";
import {
  UPSTREAM,
  upstreamDocument,
  writeUpstreamDocument,
  type RawDocument,
} from "../helpers/upstream-documents.js";

/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   variants of the published documents are edited as raw JSON */

const AUDIT = "/v1/organizations/audit/logs/{audit_id}";
const AUDIT_SCHEMAS = [
  "AuditEventResponse",
  "ErrorResponse",
  "ErrorDetail",
  "HTTPValidationError",
  "ValidationError",
];
const DOCS_PAGE = path.join(FIXTURES, "mixpeek-docs-page-0.82.md");

// Mixpeek's real release history, replayed in order on one project: the oldest published full
// document, each later one, then the 0.82 docs page the repository vendors. Every full document
// says 0.81 and holds the same audit operation among hundreds of others.
let project: FullProject;
let work: string;
const sources: Record<string, string> = {};

beforeAll(async () => {
  project = await fullProjectCopy();
  work = await mkdtemp(path.join(tmpdir(), "mixpeek-history-"));
  for (const commit of Object.values(UPSTREAM))
    sources[commit] = await writeUpstreamDocument(commit, work);
});
afterAll(async () => {
  await project.remove();
  await rm(work, { recursive: true, force: true });
});

const json = (name: string) => path.join(work, `${name}.json`);
const outcomeOf = async (name: string) =>
  JSON.parse(await readFile(json(name), "utf8")) as UpdateOutcome;

async function variant(name: string, edit: (document: RawDocument) => void): Promise<string> {
  const document = await upstreamDocument(UPSTREAM.newest);
  edit(document);
  const file = path.join(work, `${name}.source.json`);
  await writeFile(file, JSON.stringify(document));
  return file;
}

describe("Mixpeek's published history, replayed", () => {
  test("the oldest full document, with the flags it needs: only the audit operation and what it reaches is vendored", async () => {
    const { code, io, report } = await runSpecUpdate(
      project,
      sources[UPSTREAM.oldest]!,
      "--allow-downgrade",
      "--allow-breaking",
      "--accept-lint-baseline",
      "--json",
      json("oldest"),
    );
    expect(io.err.filter((line) => !line.includes("type-checking"))).toEqual([]);
    expect(code).toBe(0);
    expect(report).toContain(
      "- Vendored: GET /v1/organizations/audit/logs/{audit_id} and what it reaches; not vendored: the source's 245 other path(s), 304 other operation(s) and 634 other component(s), which this package does not wrap",
    );
    // The FastAPI header parameter is ignored, as OpenAPI says: not vendored, not a change.
    expect(report).toContain("`GET /v1/organizations/audit/logs/{audit_id} header Authorization`");
    expect(report).not.toMatch(/\| `[^`]*Authorization/);
    // What src/ uses (ErrorDetail.code) is missing from these types: breaking, by the type-check.
    expect(report).toContain("| **breaking** | `ErrorDetail.code` | property removed |");
    expect(report).toMatch(/^src\/errors\.ts\(\d+,\d+\): error TS2339: Property 'code'/m);
    expect(await outcomeOf("oldest")).toMatchObject({
      status: "applied",
      breaking: true,
      downgrade: true,
      changedWithoutVersionBump: false,
      spec: { before: { version: "0.82" }, after: { version: "0.81" } },
    });

    const vendored = parseYaml(
      await readFile(path.join(project.layout.root, "openapi/mixpeek.yaml"), "utf8"),
    ) as RawDocument;
    expect(Object.keys(vendored)).toEqual(["openapi", "info", "servers", "paths", "components"]);
    expect(Object.keys(vendored.paths)).toEqual([AUDIT]);
    expect(Object.keys(vendored.components.schemas).sort()).toEqual([...AUDIT_SCHEMAS].sort());
    expect(vendored.paths[AUDIT].get.parameters.map((p: RawDocument) => p.name)).toEqual([
      "audit_id",
    ]);
    const check = captureIo();
    expect(await generate(["--check", "--root", project.layout.root], check)).toBe(0);
  });

  test("each later full document holds the same part: unchanged, nothing written, whatever else it adds, removes or breaks", async () => {
    const removedElsewhere = await variant("seven-operations-removed", (document) => {
      const others = Object.keys(document.paths).filter((p) => p !== AUDIT);
      for (const other of others.slice(0, 7)) delete document.paths[other];
    });
    for (const [name, source] of [
      ["dangling-refs", sources[UPSTREAM.danglingRefs]!],
      ["newest", sources[UPSTREAM.newest]!],
      ["removed-elsewhere", removedElsewhere],
    ] as const) {
      const before = await project.snapshot();
      const { code, io } = await runSpecUpdate(project, source, "--json", json(name));
      expect(io.err, name).toEqual([]);
      expect(code, name).toBe(0);
      expect((await outcomeOf(name)).status, name).toBe("unchanged");
      expect(await project.snapshot(), name).toEqual(before);
    }
  });

  test("a change to the part without a version bump, while src/ already fails on the vendored types: the old error is not counted", async () => {
    const page = parseYaml(await readFile(path.join(REPO_ROOT, "openapi/mixpeek.yaml"), "utf8"));
    const source = await variant("actor-name-added", (document) => {
      const event = document.components.schemas.AuditEventResponse;
      event.properties.actor_name = (
        page as RawDocument
      ).components.schemas.AuditEventResponse.properties.actor_name;
    });
    const { code, report } = await runSpecUpdate(project, source, "--json", json("no-bump"));
    expect(code).toBe(0);
    expect(report.split("\n")[0]).toMatch(
      /^# Mixpeek spec update: Mixpeek API 0\.81 \([0-9a-f]{8}\) → 0\.81 \([0-9a-f]{8}\), changed without a version bump$/,
    );
    expect(report).toContain("> **Changed without a version bump**");
    expect(report).toContain("- Verdict: **non-breaking** for users of this client");
    expect(report).toContain("Passed: no new error.");
    expect(report).toMatch(
      /1 error\(s\) that the vendored spec's types have too, not counted:\n\n```text\nsrc\/errors\.ts/,
    );
    expect(await outcomeOf("no-bump")).toMatchObject({
      status: "applied",
      breaking: false,
      changedWithoutVersionBump: true,
      advice: "patch",
    });
  });

  test("the 0.82 docs page: applied without --allow-breaking, non-breaking, 0.1.0 → 0.1.1, the page's bytes vendored", async () => {
    const { code, report } = await runSpecUpdate(
      project,
      DOCS_PAGE,
      "--bump-version",
      "--json",
      json("page"),
    );
    expect(code).toBe(0);
    expect(report).toContain("- Verdict: **non-breaking** for users of this client");
    for (const row of [
      "| non-breaking | `AuditEventResponse.actor_email` | property added (optional, string \\| null) |",
      "| non-breaking | `AuditEventResponse.actor_key_name` | property added (optional, string \\| null) |",
      "| non-breaking | `ErrorDetail.code` | property added (optional, string \\| null) |",
    ])
      expect(report).toContain(row);
    expect(report).not.toContain("header Authorization");
    expect(report).toContain(
      "- Version advice: **patch** (additions, nothing breaking; while 0.x that raises the patch number): 0.1.0 → 0.1.1, applied to package.json (--bump-version)",
    );
    expect(await outcomeOf("page")).toMatchObject({
      status: "applied",
      breaking: false,
      advice: "patch",
      packageVersion: { before: "0.1.0", after: "0.1.1" },
    });
    // Where the repository is: the page's yaml block, byte for byte, and its generated/.
    const after = await project.snapshot();
    for (const file of [
      "openapi/mixpeek.yaml",
      "generated/api-types.ts",
      "generated/spec-metadata.ts",
    ])
      expect(after[file], file).toBe(await readFile(path.join(REPO_ROOT, file), "utf8"));
    expect(after["CHANGELOG.md"]).toMatch(
      /- Spec: Mixpeek API 0\.81 \([0-9a-f]{8}\) → 0\.82 \([0-9a-f]{8}\), \*\*non-breaking\*\* for users of this client; version advice: patch \(0\.1\.0 → 0\.1\.1\)\./,
    );
  });
});
