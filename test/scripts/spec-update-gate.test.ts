import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  FIXTURES,
  fullProjectCopy,
  runSpecUpdate,
  type FullProject,
} from "../helpers/full-project.js";
import { REPO_ROOT } from "../helpers/project-copy.js";

let project: FullProject | undefined;
afterEach(async () => {
  await project?.remove();
  project = undefined;
});

function run(...argv: string[]) {
  return runSpecUpdate(project!, ...argv);
}

/** Runs spec:update and asserts it refused: the exit code, and openapi/ + generated/ untouched. */
async function refused(expectedCode: number, ...argv: string[]) {
  const before = await project!.snapshot();
  const result = await run(...argv);
  expect(result.code).toBe(expectedCode);
  expect(await project!.snapshot()).toEqual(before);
  return result;
}

const fixture = (name: string) => path.join(FIXTURES, `mixpeek-0.83-${name}.yaml`);

describe("breaking changes are reported and not applied", () => {
  test("a required property removed: breaking, refused, exit 1, one line saying how to apply anyway", async () => {
    project = await fullProjectCopy();
    const { report, io } = await refused(1, fixture("required-property-removed"));
    expect(report).toContain("| **breaking** | `AuditEventResponse.action` | property removed |");
    expect(report).toContain(
      "- Outcome: not applied: breaking (rerun with --allow-breaking to apply anyway)",
    );
    // src/ does not read `action` itself: it still compiles; the diff is what says breaking.
    expect(report).toMatch(/against the new types\n\nPassed\./);
    expect(io.lastError()).toBe(
      "spec:update: not applied: breaking (rerun with --allow-breaking to apply anyway)",
    );
  });

  test("a property's type changed; --allow-breaking applies it anyway", async () => {
    project = await fullProjectCopy();
    const { report } = await refused(1, fixture("type-changed"));
    expect(report).toContain(
      "| **breaking** | `AuditEventResponse.resource_id` | type changed: string → integer |",
    );

    const forced = await run(fixture("type-changed"), "--allow-breaking");
    expect(forced.code).toBe(0);
    expect(forced.report).toContain(
      "- Outcome: applied despite breaking changes (--allow-breaking): openapi/mixpeek.yaml",
    );
    expect((await project.snapshot())["generated/api-types.ts"]).toContain("resource_id: number;");
  });

  test.each([
    [
      "path-param-renamed",
      "| **breaking** | `GET /v1/organizations/audit/logs/{audit_id}` | path template renamed to /v1/organizations/audit/logs/{log_id} |",
    ],
    [
      "endpoint-removed",
      "| **breaking** | `GET /v1/organizations/audit/logs/{audit_id}` | operation removed |",
    ],
  ])("%s: breaking, and not applicable even with --allow-breaking", async (name, row) => {
    project = await fullProjectCopy();
    const { report } = await refused(1, fixture(name), "--allow-breaking");
    expect(report).toContain(row);
    expect(report).toContain(
      "- Outcome: not applied: the new spec has no GET /v1/organizations/audit/logs/{audit_id}, which this package wraps",
    );
  });
});

describe("invalid sources exit 2 with one line and change nothing", () => {
  test.each([
    ["empty", "", ": the source is empty"],
    [
      "not OpenAPI",
      '{"name": "not a spec"}',
      ": not an OpenAPI document: no `openapi` version field at the top level",
    ],
    [
      "Swagger 2.0",
      'swagger: "2.0"\ninfo: {title: x, version: "1"}\npaths: {}\n',
      ":1:1: Swagger 2.0 is not supported; expected OpenAPI 3.0 or 3.1",
    ],
    [
      "unparsable YAML",
      "openapi: 3.1.0\ninfo: [unclosed\n",
      ":3:1: invalid YAML: deficient indentation",
    ],
    [
      "an HTML page",
      "<!DOCTYPE html><html><body>Sign in</body></html>",
      ": is an HTML page, not a spec or a Markdown page holding one",
    ],
    [
      "Markdown without a spec",
      "# Get Audit Log\n\n```yaml\nexample: 1\n```\n",
      ": no fenced yaml or json block with an OpenAPI document in this Markdown page",
    ],
  ])("%s", async (_, content, message) => {
    project = await fullProjectCopy();
    // Sources are paths as the user typed them (relative to where they run the command).
    const file = path.join(project.layout.root, "new-spec.yaml");
    await writeFile(file, content);
    const { io } = await refused(2, file);
    expect(io.err).toEqual([file + message]);
  });

  test("a missing file, an oversize file, and bad arguments", async () => {
    project = await fullProjectCopy();
    expect((await refused(2, "nope.yaml")).io.err).toEqual([
      "nope.yaml: cannot read: no such file",
    ]);
    const big = path.join(FIXTURES, "mixpeek-docs-page-0.82.md");
    expect((await refused(2, big, "--max-bytes", "1000")).io.err).toEqual([
      `${big}: too large (7370 bytes; the limit is 1000 bytes)`,
    ]);
    expect((await refused(2, big, big)).io.err).toEqual([
      "spec:update: expected at most one source (a file or a URL), got 2 (see --help)",
    ]);
    expect((await refused(2, big, "--timeout-ms", "soon")).io.err).toEqual([
      "spec:update: --timeout-ms soon: must be a positive whole number (see --help)",
    ]);
  });

  test("URLs: 404, a server too slow, a redirect followed to a wrong page", async () => {
    project = await fullProjectCopy();
    const server = http.createServer((req, res) => {
      if (req.url === "/slow") return void setTimeout(() => res.end("openapi: 3.1.0"), 2_000);
      if (req.url === "/moved") return void res.writeHead(302, { location: "/login" }).end();
      if (req.url === "/login")
        return void res
          .writeHead(200, { "content-type": "text/html" })
          .end("<html><body>Log in</body></html>");
      res.writeHead(404).end("not here");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect((await refused(2, `${base}/missing.yaml`)).io.err).toEqual([
        `${base}/missing.yaml: HTTP 404 Not Found`,
      ]);
      expect((await refused(2, `${base}/slow`, "--timeout-ms", "200")).io.err).toEqual([
        `${base}/slow: no complete answer within 200 ms`,
      ]);
      expect((await refused(2, `${base}/moved`)).io.err).toEqual([
        `${base}/login: is an HTML page, not a spec or a Markdown page holding one`,
      ]);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("all or nothing", () => {
  test("a generation failure in the staging copy changes nothing", async () => {
    project = await fullProjectCopy();
    await writeFile(path.join(project.layout.root, ".prettierrc.json"), "{");
    const { io } = await refused(2, fixture("type-changed"));
    expect(io.lastError()).toMatch(/^\.prettierrc\.json: invalid prettier config: /);
  });

  test("Ctrl-C during the type-check: nothing applied, nothing left behind", async () => {
    // An older vendored spec, so that the published page is an update that reaches the type-check.
    project = await fullProjectCopy(path.join(FIXTURES, "mixpeek-0.81-older.yaml"));
    const before = await project.snapshot();
    const scratch = await mkdtemp(path.join(tmpdir(), "spec-update-tmp-"));
    try {
      const child = spawn(
        process.execPath,
        [
          path.join(REPO_ROOT, "scripts/run.mjs"),
          "spec-update",
          path.join(FIXTURES, "mixpeek-docs-page-0.82.md"),
          "--root",
          project.layout.root,
        ],
        { env: { ...process.env, TMPDIR: scratch }, stdio: ["ignore", "pipe", "pipe"] },
      );
      // Listen for the exit from the start: the child may end before it is interrupted.
      const exited = new Promise<[number | null, string | null]>((resolve) =>
        child.once("exit", (c, s) => resolve([c, s])),
      );
      let stderr = "";
      await Promise.race([
        new Promise<void>((resolve) => {
          child.stderr.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
            if (stderr.includes("type-checking")) resolve();
          });
        }),
        exited,
      ]);
      expect(stderr).toContain("type-checking src/ and generated/ against the new types");
      child.kill("SIGINT");
      const [code, signal] = await exited;
      expect(signal ?? code).toBe("SIGINT");
      expect(await project.snapshot()).toEqual(before);
      expect(await readdir(scratch)).toEqual([]);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });
});

test("the older fixture really is the seed without three properties, at 0.81", async () => {
  const older = await readFile(path.join(FIXTURES, "mixpeek-0.81-older.yaml"), "utf8");
  expect(older).toContain("version: '0.81'");
  for (const name of ["actor_name", "actor_email", "actor_key_name"])
    expect(older).not.toContain(name);
});
