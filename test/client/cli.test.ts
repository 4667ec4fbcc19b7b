import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, inject, test } from "vitest";
import { SPEC_VERSION } from "../../generated/spec-metadata.js";
import { resolveOptions } from "../../src/options.js";
import { PACKAGE_VERSION } from "../../src/version.js";
import { useTestServer } from "../helpers/client-fixture.js";
import {
  errorBody,
  SAMPLE_EVENT,
  TEST_API_KEY,
  UNANSWERED_ID,
} from "../helpers/mixpeek-test-server.js";

const { server } = useTestServer();
/** src/cli.ts bundled by the test setup; the shipped bin is run by `npm run test:runtimes`. */
const CLI = inject("cli");

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The library's option names: a CLI user sets flags and variables, and reads about those. */
const LIBRARY_OPTION_NAMES =
  /\b(?:apiKey|baseUrl|allowInsecureHttp|timeoutMs|totalTimeoutMs|maxRetries|validateResponses)\b/;

/**
 * A Node flag for a CLI whose timers of a minute or more fire 1000 times sooner: a deadline of
 * minutes then shows in a test of a fraction of a second. Shorter timers (fetch's own) keep time.
 */
const FAST_LONG_TIMERS = `--import=data:text/javascript,${encodeURIComponent(
  "const { setTimeout: later } = globalThis;" +
    "globalThis.setTimeout = (f, ms, ...a) => later(f, ms >= 60000 ? ms / 1000 : ms, ...a);",
)}`;

/** Runs the CLI asynchronously (the test server lives in this process) with the key set. */
function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
  nodeFlags: string[] = [],
): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [...nodeFlags, CLI, ...args],
      {
        env: {
          PATH: process.env.PATH,
          MIXPEEK_API_KEY: TEST_API_KEY,
          MIXPEEK_BASE_URL: server().url,
          ...env,
        },
        encoding: "utf8",
        timeout: 20_000,
      },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

/** Starts the CLI with the key set and its output piped to this process (for signals, pipes). */
function spawnCli(args: string[]) {
  return spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH, MIXPEEK_API_KEY: TEST_API_KEY, MIXPEEK_BASE_URL: server().url },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/** Resolves with the exit code (or signal) and stderr once the child has exited. */
function exited(child: ReturnType<typeof spawnCli>) {
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stderr })),
  );
}

/**
 * Every failing run: its exit code, nothing on stdout, one line on stderr without the key. A
 * string is that whole line.
 */
function expectFailure(run: Run, code: number, message: string | RegExp) {
  expect(run.code).toBe(code);
  expect(run.stdout).toBe("");
  expect(run.stderr.endsWith("\n") && run.stderr.split("\n").length).toBe(2);
  if (typeof message === "string") expect(run.stderr.trimEnd()).toBe(message);
  else expect(run.stderr.trimEnd()).toMatch(message);
  expect(run.stderr).not.toContain(TEST_API_KEY);
}

describe("mixpeek-audit get", () => {
  test("prints the event as an aligned table, timestamp as sent; exit 0", async () => {
    const run = await cli(["get", "audit_123"]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(Object.keys(SAMPLE_EVENT).length);
    expect(lines[0]).toBe("audit_id        audit_123");
    expect(lines).toContain("timestamp       2026-11-25T10:00:00Z");
    expect(lines).toContain('changes         {"name":["old","new"]}');
    expect(lines).toContain("actor_key_name  null");
  });

  test("--json prints the body as one line of JSON", async () => {
    const run = await cli(["get", "audit_123", "--json"]);
    expect(run.code).toBe(0);
    expect(run.stdout.split("\n")).toHaveLength(2);
    expect(JSON.parse(run.stdout)).toEqual(SAMPLE_EVENT);
  });

  test("escapes control characters a hostile entry could use on the terminal", async () => {
    server().misbehave({
      kind: "json",
      status: 200,
      body: { ...SAMPLE_EVENT, user_agent: "curl\u001b[2J\u0007" },
    });
    const run = await cli(["get", "audit_123"]);
    expect(run.stdout).toContain("user_agent      curl\\u001b[2J\\u0007\n");
  });

  test("not found: 404 and a null answer exit 3", async () => {
    expectFailure(
      await cli(["get", "audit_missing"]),
      3,
      /^mixpeek-audit: GET \/v1\/organizations\/audit\/logs\/audit_missing: 404: Audit log not found$/,
    );
    const nullRun = await cli(["get", "audit_null"]);
    expectFailure(
      nullRun,
      3,
      "mixpeek-audit: audit_null: no such audit entry (the API answered null)",
    );
    const nullJson = await cli(["get", "audit_null", "--json"]);
    expect([nullJson.code, nullJson.stdout]).toEqual([3, "null\n"]);
  });

  test("401 and 403 exit 4", async () => {
    expectFailure(
      await cli(["get", "audit_123"], { MIXPEEK_API_KEY: "mxp_sk_wrong" }),
      4,
      /: 401: Invalid or missing API key$/,
    );
    server().misbehave({
      kind: "json",
      status: 403,
      body: errorBody(403, "Requires ADMIN permission", "ForbiddenError"),
    });
    expectFailure(await cli(["get", "audit_123"]), 4, /: 403: Requires ADMIN permission$/);
  });

  test("other API errors and bodies the spec forbids exit 5", async () => {
    server().misbehave({
      kind: "json",
      status: 500,
      body: errorBody(500, "boom", "InternalServerError"),
    });
    expectFailure(await cli(["get", "audit_123", "--retries", "0"]), 5, /: 500: boom$/);
    server().misbehave({
      kind: "raw",
      status: 200,
      body: "<html>login</html>",
      headers: { "content-type": "text/html" },
    });
    expectFailure(await cli(["get", "audit_123"]), 5, /: 200 response is text\/html, not JSON/);
  });

  test("a record that breaks the spec's schema exits 5 with the validation error; --no-validate prints it as received, exit 0", async () => {
    const { audit_id: _, ...withoutId } = SAMPLE_EVENT;
    const broken = { ...withoutId, resource_id: 42 };
    server().misbehave(
      ...Array.from({ length: 3 }, () => ({ kind: "json" as const, status: 200, body: broken })),
    );
    expectFailure(
      await cli(["get", "audit_123"]),
      5,
      /^mixpeek-audit: GET \/v1\/organizations\/audit\/logs\/audit_123: 200 response does not match the spec of \w+: \/audit_id is required; \/resource_id must be string$/,
    );
    const table = await cli(["get", "audit_123", "--no-validate"]);
    expect([table.code, table.stderr]).toEqual([0, ""]);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(Object.keys(broken).length);
    expect(lines[0]).toBe("timestamp       2026-11-25T10:00:00Z");
    expect(lines).toContain("resource_id     42");
    const json = await cli(["get", "audit_123", "--no-validate", "--json"]);
    expect([json.code, json.stderr]).toEqual([0, ""]);
    expect(JSON.parse(json.stdout)).toEqual(broken);
  });

  test.each([
    ["a string", "ok", '"ok"'],
    ["a number", 42, "42"],
    ["an array", [SAMPLE_EVENT.audit_id, 1], '["audit_123",1]'],
    ["an empty object", {}, "{}"],
  ])(
    "--no-validate shows a body that is %s as compact JSON, not as a table of nothing or of characters",
    async (_kind, body, shown) => {
      server().misbehave({ kind: "json", status: 200, body });
      const run = await cli(["get", "audit_123", "--no-validate"]);
      expect(run).toEqual({ code: 0, stdout: `${shown}\n`, stderr: "" });
    },
  );

  test("network errors and timeouts exit 6", async () => {
    server().misbehave({ kind: "delay", ms: 1_000 });
    expectFailure(
      await cli(["get", "audit_123", "--timeout", "50", "--retries", "0"]),
      6,
      /no complete response within 50 ms$/,
    );
    const url = server().url;
    await server().close();
    expectFailure(
      await cli(["get", "audit_123", "--retries", "0"], { MIXPEEK_BASE_URL: url }),
      6,
      /connection failed: .*ECONNREFUSED/,
    );
  });

  test("--total-timeout bounds the whole call", async () => {
    expectFailure(
      await cli(["get", UNANSWERED_ID, "--total-timeout", "100", "--retries", "0"]),
      6,
      /: no complete response within \D*100 ms\)?$/,
    );
  });

  test("a --timeout longer than the default 120 s deadline, without --total-timeout, gets its whole time", async () => {
    // In the child, 200 s pass in 0.2 s; the message says which limit stopped the attempt.
    expectFailure(
      await cli(["get", UNANSWERED_ID, "--timeout", "200000", "--retries", "0"], {}, [
        FAST_LONG_TIMERS,
      ]),
      6,
      /: no complete response within \D*200000 ms\)?$/,
    );
  });

  test("a reader that closes the pipe early (`| true`) ends the CLI quietly with the lookup's exit code", async () => {
    const child = spawnCli(["get", "audit_123", "--json"]);
    // Closed before the CLI can write: its write gets EPIPE, as under `mixpeek-audit … | true`.
    child.stdout.destroy();
    const run = await exited(child);
    expect(server().requests).toHaveLength(1);
    expect(run).toEqual({ code: 0, signal: null, stderr: "" });
  });

  test("Ctrl-C during the request says interrupted, in the CLI's words; exit 130", async () => {
    server().misbehave({ kind: "delay", ms: 20_000 });
    const child = spawnCli(["get", "audit_123"]);
    const run = exited(child);
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    await server().received(1);
    child.kill("SIGINT");
    expect(await run).toEqual({ code: 130, signal: null, stderr: "mixpeek-audit: interrupted\n" });
    expect(stdout).toBe("");
  });

  test("plain http:// to a host other than loopback is refused in the CLI's terms; --allow-insecure-http allows it", async () => {
    // 0.0.0.0 is not a loopback name to the client, yet on Linux it reaches this test server.
    const url = server().url.replace("127.0.0.1", "0.0.0.0");
    expectFailure(
      await cli(["get", "audit_123", "--base-url", url]),
      2,
      `mixpeek-audit: --base-url is plain http:// to ${new URL(url).host}, which would send the ` +
        "API key in clear; use https://, or pass --allow-insecure-http if you mean it",
    );
    expectFailure(
      await cli(["get", "audit_123"], { MIXPEEK_BASE_URL: url }),
      2,
      /^mixpeek-audit: MIXPEEK_BASE_URL is plain http:\/\/ to .*; use https:\/\/, or pass --allow-insecure-http if you mean it$/,
    );
    expect(server().requests).toHaveLength(0);
    const allowed = await cli(["get", "audit_123", "--base-url", url, "--allow-insecure-http"]);
    expect([allowed.code, allowed.stderr]).toEqual([0, ""]);
    expect(server().requests).toHaveLength(1);
  });

  test.each([
    [[], "mixpeek-audit: missing command (see --help)"],
    [["list"], 'mixpeek-audit: unknown command "list" (see --help)'],
    [["get"], "mixpeek-audit: missing <audit_id> (see --help)"],
    [["get", "a", "b"], 'mixpeek-audit: unexpected argument "b" (see --help)'],
    [["get", "a", "--timeout", "soon"], /^mixpeek-audit: --timeout must be /],
    [["get", "a", "--timeout", "0"], /^mixpeek-audit: --timeout must be /],
    [["get", "a", "--timeout", "99999999999"], /^mixpeek-audit: --timeout must be /],
    [
      ["get", "a", "--retries", "-1"],
      /^mixpeek-audit: Option '--retries' argument is ambiguous\. Did you forget .* \(see --help\)$/,
    ],
    [["get", "a", "--verbose"], /^mixpeek-audit: Unknown option '--verbose'\. .* \(see --help\)$/],
    [["get", "a", "--total-timeout", "0"], /^mixpeek-audit: --total-timeout must be /],
    [["get", "a", "--total-timeout", "soon"], /^mixpeek-audit: --total-timeout must be /],
    [
      ["get", "a", "--timeout", "500", "--total-timeout", "100"],
      "mixpeek-audit: --timeout 500 is longer than --total-timeout 100: no attempt can outlast the whole call (see --help)",
    ],
    [["get", "a", "--retries=x"], /^mixpeek-audit: --retries must be a whole number/],
    [["get", "a", "--retries", "1.5"], /^mixpeek-audit: --retries must be a whole number/],
    [["get", "a", "--retries", "99999999999"], /^mixpeek-audit: --retries must be /],
    [
      ["get", "a", "--base-url", "api.mixpeek.com"],
      /^mixpeek-audit: --base-url is not an absolute URL/,
    ],
    [
      ["get", "a", "--base-url", "ftp://api.example.com"],
      /^mixpeek-audit: --base-url must be an https:\/\/ URL/,
    ],
    [
      ["get", "a", "--base-url", "https://api.example.com/?x=1"],
      /^mixpeek-audit: --base-url must not have a query/,
    ],
    [
      ["get", "a", "--base-url", `https://audit:${TEST_API_KEY}@api.example.com`],
      "mixpeek-audit: --base-url must not contain credentials; put the key in MIXPEEK_API_KEY",
    ],
    [["get", " audit_123"], "mixpeek-audit: audit_id must not start or end with whitespace"],
    [
      ["get", "a", "--base-url", "http://api.example.com"],
      /^mixpeek-audit: --base-url is plain http:\/\/ to api\.example\.com/,
    ],
  ])("usage errors exit 2, in the CLI's terms: %j", async (args, message) => {
    const run = await cli(args);
    expectFailure(run, 2, message);
    expect(run.stderr).not.toMatch(LIBRARY_OPTION_NAMES);
    expect(server().requests).toHaveLength(0);
  });

  test.each([
    [
      { MIXPEEK_BASE_URL: "api.mixpeek.com" },
      /^mixpeek-audit: MIXPEEK_BASE_URL is not an absolute URL/,
    ],
    [
      { MIXPEEK_BASE_URL: `https://audit:${TEST_API_KEY}@api.example.com` },
      "mixpeek-audit: MIXPEEK_BASE_URL must not contain credentials; put the key in MIXPEEK_API_KEY",
    ],
    [
      { MIXPEEK_API_KEY: `${TEST_API_KEY}\n` },
      /^mixpeek-audit: MIXPEEK_API_KEY contains whitespace/,
    ],
  ])("a bad variable is a usage error naming it: %j", async (env, message) => {
    const run = await cli(["get", "audit_123"], env);
    expectFailure(run, 2, message);
    expect(run.stderr).not.toMatch(LIBRARY_OPTION_NAMES);
    expect(server().requests).toHaveLength(0);
  });

  test("no API key in the environment is a usage error", async () => {
    expectFailure(
      await cli(["get", "audit_123"], { MIXPEEK_API_KEY: undefined }),
      2,
      "mixpeek-audit: MIXPEEK_API_KEY is not set (see --help)",
    );
  });

  test("--help states the library's defaults", async () => {
    const { call } = resolveOptions({ apiKey: TEST_API_KEY }, {});
    const help = (await cli(["--help"])).stdout.replace(/\s+/g, " ");
    const stated = (flag: string) =>
      new RegExp(` ${flag} [A-Z]+ [^(]*\\(default (\\d+)`).exec(help)?.[1];
    expect(stated("--timeout")).toBe(String(call.timeoutMs));
    expect(stated("--total-timeout")).toBe(String(call.totalTimeoutMs));
    expect(stated("--retries")).toBe(String(call.retry.maxRetries));
  });

  test("the README's command-line section has the synopsis, options and exit codes of --help, in its words", async () => {
    const help = (await cli(["--help"])).stdout;
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const start = readme.indexOf("## Command-line tool");
    const section = readme.slice(start, readme.indexOf("\n## ", start));
    const words = (text: string) => text.replace(/`/g, "").replace(/\s+/g, " ").trim();
    // In --help a block ends at the first line not indented; an entry starts indented by two
    // spaces, and its name and its text are two or more spaces apart.
    const entries = (title: string) =>
      help
        .split(`\n${title}:\n`)[1]!
        .split(/\n(?! )/)[0]!
        .split(/\n(?= {2}\S)/)
        .map((entry) => {
          const [name = "", ...text] = entry.trim().split(/\s{2,}/);
          return [name, words(text.join(" "))];
        });
    const rows = [...section.matchAll(/^\|(.*)\|(.*)\|$/gm)]
      .map(([, name = "", text = ""]) => [words(name), words(text)])
      .filter(([name]) => !/^(?:Option|Exit|-+)$/.test(name!));
    expect(rows).toEqual([...entries("Options"), ...entries("Exit codes")]);
    expect(words(section)).toContain(words(help.split("\n\n")[0]!.replace(/^Usage: /, "")));
  });

  test("--help documents the exit codes; --version names package and spec versions", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    for (const line of [
      "0    found",
      "2    usage error",
      "3    not found",
      "4    authentication",
      "5    other API error",
      "6    network error",
      "1    unexpected failure",
      "130  interrupted",
      "--allow-insecure-http",
      "--no-validate",
      "--total-timeout",
      "a record that breaks the API's contract",
      "| head, | true",
    ]) {
      expect(help.stdout).toContain(line);
    }
    const version = await cli(["--version"]);
    expect(version.stdout).toBe(`mixpeek-audit ${PACKAGE_VERSION} (Mixpeek API ${SPEC_VERSION})\n`);
  });
});
