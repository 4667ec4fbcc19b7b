import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import {
  startTestServer,
  TEST_API_KEY,
  SAMPLE_EVENT,
  type TestServer,
} from "../helpers/mixpeek-test-server.js";
import { SPEC_VERSION } from "../../generated/spec-metadata.js";
import { REPO_ROOT } from "../helpers/project-copy.js";

const run = promisify(execFile);
const TSC = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
const bin = (name: string) => path.join(REPO_ROOT, "node_modules/.bin", name);

/** The README's usage example, compiled and run as a consumer would (so the README can't rot). */
async function readmeExample(): Promise<string> {
  const readme = await readFile(path.join(REPO_ROOT, "README.md"), "utf8");
  const usage = readme.slice(readme.indexOf("\n## Usage\n"));
  const block = /```ts\n([\s\S]*?)```/.exec(usage)?.[1];
  if (!block) throw new Error("README has no ```ts block under ## Usage");
  return block;
}

/** What a strict consumer relies on, including a call that must not compile. */
const TYPE_CHECKS = `
import {
  createMixpeekClient,
  MixpeekApiError,
  MixpeekUnprocessableEntityError,
  SPEC_VERSION,
  type AuditEventResponse,
  type ErrorResponse,
  type HTTPValidationError,
} from "mixpeek-audit";

const mixpeek = createMixpeekClient({ apiKey: "mxp_sk_example" });
export const event: Promise<AuditEventResponse | null> = mixpeek.getAuditLog("audit_123");
export const version: string = SPEC_VERSION;
export function bodies(e: MixpeekApiError, v: MixpeekUnprocessableEntityError) {
  const body: ErrorResponse | HTTPValidationError | undefined = e.body;
  const issues: HTTPValidationError["detail"] = v.body?.detail;
  return [body, issues];
}
export function wrongCall() {
  // @ts-expect-error an audit id is a string
  void mixpeek.getAuditLog(123);
}
`;

function tsconfig(moduleResolution: "NodeNext" | "Bundler", emit: boolean) {
  return JSON.stringify({
    compilerOptions: {
      strict: true,
      target: "ES2022",
      module: moduleResolution === "NodeNext" ? "NodeNext" : "ESNext",
      moduleResolution,
      types: ["node"],
      // Check the package's own .d.ts files too, not only their use.
      skipLibCheck: false,
      ...(emit ? { outDir: "build" } : { noEmit: true }),
    },
    include: ["*.ts"],
  });
}

let consumer: string;
let server: TestServer;
beforeAll(async () => {
  consumer = await mkdtemp(path.join(tmpdir(), "mixpeek-consumer-"));
  await writeFile(
    path.join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  const nodeTypes = JSON.parse(
    await readFile(path.join(REPO_ROOT, "node_modules/@types/node/package.json"), "utf8"),
  ) as {
    version: string;
  };
  // As a consumer installs it: the tarball, its dependencies from the registry. Not --offline:
  // `npm ci` fetches tarballs by the lock file's URLs and never the packuments a range needs,
  // so a fresh machine's cache cannot answer this install (it passed only on warm caches).
  await run(
    "npm",
    [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      "--ignore-scripts",
      inject("tarball"),
      `@types/node@${nodeTypes.version}`,
    ],
    {
      cwd: consumer,
    },
  );
  await writeFile(path.join(consumer, "usage.ts"), await readmeExample());
  await writeFile(path.join(consumer, "checks.ts"), TYPE_CHECKS);
  server = await startTestServer();
}, 120_000);
afterAll(async () => {
  await server?.close();
  await rm(consumer, { recursive: true, force: true });
});

describe("the packed package, installed in a fresh project", () => {
  // checks.ts holds a wrong call under @ts-expect-error: were it to compile, tsc would fail
  // ("unused directive"), so both runs also prove the bad call is rejected.
  test("type-checks strictly under moduleResolution Bundler", async () => {
    await writeFile(path.join(consumer, "tsconfig.json"), tsconfig("Bundler", false));
    await expect(
      run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: consumer }),
    ).resolves.toBeDefined();
  });

  test("type-checks strictly under moduleResolution NodeNext, and the README example runs against a local server", async () => {
    await writeFile(path.join(consumer, "tsconfig.json"), tsconfig("NodeNext", true));
    await run(process.execPath, [TSC, "-p", "tsconfig.json"], { cwd: consumer });
    const { stdout } = await run(process.execPath, ["build/usage.js"], {
      cwd: consumer,
      env: { ...process.env, MIXPEEK_API_KEY: TEST_API_KEY, MIXPEEK_BASE_URL: server.url },
    });
    expect(stdout).toBe(
      `${SAMPLE_EVENT.action} ${SAMPLE_EVENT.resource_type} ${String(SAMPLE_EVENT.timestamp)}\n`,
    );
    expect(server.requests.map((r) => r.rawPath)).toEqual([
      "/v1/organizations/audit/logs/audit_123",
    ]);
  });

  test("CommonJS can require() it on Node ≥ 20.19, and the bin is installed", async () => {
    const { stdout } = await run(
      process.execPath,
      ["-e", "console.log(typeof require('mixpeek-audit').createMixpeekClient)"],
      { cwd: consumer },
    );
    expect(stdout).toBe("function\n");
    const version = await run(
      path.join(consumer, "node_modules/.bin/mixpeek-audit"),
      ["--version"],
      { cwd: consumer },
    );
    // dist/ as `npm pack` built it reports the name and version package.json has now.
    const { name, version: current } = JSON.parse(
      await readFile(path.join(REPO_ROOT, "package.json"), "utf8"),
    ) as { name: string; version: string };
    expect(version.stdout).toBe(`${name} ${current} (Mixpeek API ${SPEC_VERSION})\n`);
  });

  test("ships only what a consumer needs", async () => {
    const { stdout } = await run("tar", ["-tzf", inject("tarball")]);
    const files = stdout.trim().split("\n").sort();
    expect(
      files.filter(
        (f) =>
          !/^package\/(dist\/(src|generated)\/[\w-]+\.(js|d\.ts|js\.map)|package\.json|README\.md|LICENSE)$/.test(
            f,
          ),
      ),
    ).toEqual([]);
    expect(files).toContain("package/dist/generated/api-types.d.ts");
    expect(files).toContain("package/dist/src/cli.js");
  });
});

describe("package linters on the tarball", () => {
  test("publint finds nothing", async () => {
    const { stdout } = await run(bin("publint"), ["run", inject("tarball"), "--strict"]);
    expect(stdout).toContain("All good!");
  });

  test("are-the-types-wrong finds nothing for ESM consumers", async () => {
    // ESM-only: no CommonJS build (the README says so), so CommonJS resolutions are out of scope;
    // require(esm) on Node >= 20.19 is tested above.
    const result = await run(bin("attw"), [
      inject("tarball"),
      "--profile",
      "esm-only",
      "--format",
      "json",
    ]);
    const { analysis } = JSON.parse(result.stdout) as {
      analysis: { problems: { kind: string; resolutionKind?: string }[] };
    };
    const inScope = analysis.problems.filter(
      (p) => !["node10", "node16-cjs"].includes(p.resolutionKind ?? ""),
    );
    expect(inScope).toEqual([]);
  });
});
