import { execFile } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import {
  SAMPLE_EVENT,
  startTestServer,
  TEST_API_KEY,
  UNANSWERED_ID,
  type TestServer,
} from "../helpers/mixpeek-test-server.js";
import { REPO_ROOT } from "../helpers/project-copy.js";
import { installRuntime, RUNTIMES, type RuntimeName } from "../helpers/runtimes.js";

const SCRIPTS = path.join(import.meta.dirname, "consumer");
const TSC = path.join(REPO_ROOT, "node_modules/typescript/bin/tsc");
const NODES = ["node-20", "node-22", "node-24"] as const;

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a program to its end, resolving with its exit code and output whatever the code. */
function execute(file: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<Exit>((resolve) => {
    const child = execFile(
      file,
      args,
      { cwd: consumer, env: options.env ?? process.env, encoding: "utf8", timeout: 30_000 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

/** A timeout, as the client words it: "... no complete response within 300 ms". */
const timedOut = (within: RegExp) => ({
  error: "MixpeekTimeoutError",
  isMixpeekError: true,
  message: expect.stringMatching(within) as unknown,
});
const aborted = {
  error: "MixpeekAbortError",
  isMixpeekError: true,
  message: expect.any(String) as unknown,
};
/** The same three outcomes whether the call goes through getAuditLog or the raw client. */
const UNDER_COLLECTIONS = {
  timeout: timedOut(/no complete response within 300 ms$/),
  totalTimeout: timedOut(/no complete response within totalTimeoutMs \(300 ms\)$/),
  abort: aborted,
};

/** What every runtime must get back (see consumer/scenarios.mjs). */
const EXPECTED = {
  found: { value: SAMPLE_EVENT },
  notFound: {
    error: "MixpeekNotFoundError",
    status: 404,
    isMixpeekError: true,
    message: `GET /v1/organizations/audit/logs/audit_missing: 404: Audit log not found`,
  },
  timeout: timedOut(/no complete response within 300 ms$/),
  abort: aborted,
  underCollections: {
    collections: "forced",
    getAuditLog: UNDER_COLLECTIONS,
    raw: UNDER_COLLECTIONS,
  },
};
/** workerd has no way to force a collection: the scenarios there only allocate. */
const EXPECTED_ON_WORKERD = {
  ...EXPECTED,
  underCollections: { ...EXPECTED.underCollections, collections: "allocation only" },
};
/** Lets the scenarios force garbage collections (globalThis.gc) on Node and Deno; Bun has Bun.gc. */
const EXPOSE_GC = "--expose-gc";

let consumer: string;
let server: TestServer;
let executables: Record<RuntimeName, string>;
const settings = () =>
  JSON.stringify({ baseUrl: server.url, apiKey: TEST_API_KEY, unansweredId: UNANSWERED_ID });

/** Runs a consumer: it must print EXPECTED, having called the server (the abort may not get there). */
async function expectScenarios(
  file: string,
  args: string[],
  expected: object = EXPECTED,
): Promise<Exit> {
  const before = server.requests.length;
  const exit = await execute(file, [...args, settings()]);
  expect(exit, exit.stderr).toMatchObject({ code: 0 });
  expect(JSON.parse(exit.stdout)).toEqual(expected);
  const received = server.requests.slice(before, before + 3);
  expect(received.map((r) => r.rawPath)).toEqual(
    ["audit_123", "audit_missing", UNANSWERED_ID].map((id) => `/v1/organizations/audit/logs/${id}`),
  );
  // workerd, Deno and Bun let a fetch set these two, and the client must (auth; support's trail).
  for (const { headers } of received) {
    expect(headers.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(headers["user-agent"]).toMatch(/^mixpeek-audit\/\d+\.\d+\.\d+ \(Mixpeek API [\d.]+\)$/);
  }
  return exit;
}

beforeAll(async () => {
  consumer = await mkdtemp(path.join(tmpdir(), "mixpeek-runtimes-"));
  await writeFile(path.join(consumer, "package.json"), JSON.stringify({ private: true }));
  await cp(SCRIPTS, consumer, { recursive: true });
  const names = Object.keys(RUNTIMES) as RuntimeName[];
  const [paths, install] = await Promise.all([
    Promise.all(names.map(installRuntime)),
    // Online, like a user's install: the tarball's dependencies come from the registry.
    execute("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", inject("tarball")]),
  ]);
  expect(install, install.stderr).toMatchObject({ code: 0 });
  executables = Object.fromEntries(names.map((name, i) => [name, paths[i]])) as typeof executables;
  server = await startTestServer();
}, 300_000);
afterAll(async () => {
  await server?.close();
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

describe("the packed package makes real calls on every runtime the README names", () => {
  test.each(NODES)("%s: import from an ES module", async (name) => {
    await expectScenarios(executables[name], [EXPOSE_GC, "consumer.mjs"]);
  });

  test.each(NODES)(
    "%s: require() from a CommonJS module, without --experimental-require-module",
    async (name) => {
      const exit = await expectScenarios(executables[name], [EXPOSE_GC, "consumer.cjs"]);
      expect(exit.stderr).toBe(""); // not even an ExperimentalWarning
    },
  );

  test("Bun", async () => {
    await expectScenarios(executables.bun, ["consumer.mjs"]);
  });

  // No --allow-env: given apiKey and baseUrl, the client reads no environment variable (Deno
  // would refuse the read without that permission).
  test("Deno, allowed only the server's address and the consumer's folder", async () => {
    await expectScenarios(executables.deno, [
      "run",
      "--no-prompt",
      `--allow-net=${new URL(server.url).host}`,
      "--allow-read=.",
      `--v8-flags=${EXPOSE_GC}`,
      "consumer.mjs",
    ]);
  });

  test("Cloudflare Workers: bundled by esbuild for workerd, run without nodejs_compat", async () => {
    const bundle = path.join(consumer, "worker.bundle.mjs");
    await build({
      entryPoints: [path.join(consumer, "worker.mjs")],
      outfile: bundle,
      bundle: true,
      format: "esm",
      platform: "neutral",
      conditions: ["workerd", "worker", "browser"],
      logLevel: "silent",
    });
    await expectScenarios(
      executables["node-24"],
      ["run-worker.mjs", executables.miniflare, bundle],
      EXPECTED_ON_WORKERD,
    );
  });
});

describe("a CommonJS TypeScript consumer", () => {
  test("type-checks require() of the package under module nodenext", async () => {
    await writeFile(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: { strict: true, module: "nodenext", noEmit: true, skipLibCheck: true },
        files: ["require.cts"],
      }),
    );
    await writeFile(
      path.join(consumer, "require.cts"),
      `import mixpeek = require("mixpeek-audit");
const client = mixpeek.createMixpeekClient({ apiKey: "mxp_sk_example" });
export const event: Promise<mixpeek.AuditEventResponse | null> = client.getAuditLog("audit_123");
// @ts-expect-error an audit id is a string (an unused directive would fail the check)
export const wrong = client.getAuditLog(123);
`,
    );
    const exit = await execute(process.execPath, [TSC, "-p", "tsconfig.json"]);
    expect(exit.stdout).toBe("");
    expect(exit.code).toBe(0);
  });
});

describe("the installed bin `mixpeek-audit get`, on each Node version", () => {
  /** The bin's `#!/usr/bin/env node` finds this Node first on PATH, as a user's shell would. */
  const pathWith = (name: (typeof NODES)[number]) =>
    `${path.dirname(executables[name])}${path.delimiter}${process.env.PATH}`;
  const cli = (name: (typeof NODES)[number], args: string[]) =>
    execute(path.join(consumer, "node_modules/.bin/mixpeek-audit"), args, {
      env: {
        PATH: pathWith(name),
        MIXPEEK_API_KEY: TEST_API_KEY,
        MIXPEEK_BASE_URL: server.url,
      },
    });

  test.each(NODES)("%s: exit 0 found, 3 not found, 6 timeout, 2 usage", async (name) => {
    const found = await cli(name, ["get", "audit_123", "--json"]);
    expect([found.code, found.stderr]).toEqual([0, ""]);
    expect(JSON.parse(found.stdout)).toEqual(SAMPLE_EVENT);
    expect((await cli(name, ["get", "audit_missing"])).code).toBe(3);
    const timeout = await cli(name, ["get", UNANSWERED_ID, "--timeout", "300", "--retries", "0"]);
    expect([timeout.code, timeout.stderr]).toEqual([6, expect.stringMatching(/within 300 ms\n$/)]);
    expect((await cli(name, ["get"])).code).toBe(2);
  });

  test.each(NODES)("%s: is the Node the bin runs on", async (name) => {
    const exit = await execute("sh", ["-c", "node --version"], { env: { PATH: pathWith(name) } });
    expect(exit.stdout).toBe(`v${RUNTIMES[name].version}\n`);
  });
});
